// The face stage over a dataset: synthetic faces in a larger canvas with landmark sidecars,
// aligned into the cache, reused, keyed by options, with problems named per clip.
#include "framework/faces/face_stage.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "datasets/landmark_sidecar.h"
#include "datasets/synthetic.h"
#include "framework/common/error.h"
#include "framework/faces/alignment.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

using test::TempDir;

SynthOptions canvas_options() {
  SynthOptions o;
  o.subjects = 2;
  o.clips_per_subject = 3;
  o.size = 64;
  o.min_frames = 8;
  o.max_frames = 10;
  o.canvas_width = 128;
  o.canvas_height = 96;
  o.face_scale_min = 0.7;
  o.face_scale_max = 1.0;
  o.landmarks = true;
  o.seed = 5;
  return o;
}

YAML::Node dataset_node(const std::filesystem::path& root) {
  YAML::Node n = YAML::Load("{name: synthetic, frames: aligned}");
  n["root"] = root.string();
  return n;
}

FacesOptions sidecar_faces(const std::filesystem::path& cache) {
  FacesOptions f;
  f.landmarks = LandmarkSource::sidecar;
  f.side = 48;
  f.cache_dir = cache.string();
  f.threads = 2;
  return f;
}

TEST(SyntheticCanvas, FacesSitAtPerSubjectOffsetsAndTheSidecarFollowsThem) {
  TempDir tmp;
  auto o = canvas_options();
  generate_synthetic(o, tmp / "data");
  auto d = load_dataset(dataset_node(tmp / "data"));
  ASSERT_EQ(d.clips.size(), 6u);
  std::vector<cv::Point2f> first_eye;
  for (const auto& clip : d.clips) {
    cv::Mat img = cv::imread(clip.frames.front().path.string());
    EXPECT_EQ(img.size(), cv::Size(128, 96));
    auto pts = read_landmark_sidecar(clip.folder / "landmarks.csv");
    ASSERT_EQ(pts.size(), clip.frames.size());
    for (const auto& f : clip.frames) ASSERT_TRUE(pts.count(f.number)) << f.path;
    const auto& p = pts.begin()->second;
    for (const auto& q : p) {
      EXPECT_GE(q.x, 0);
      EXPECT_LT(q.x, 128);
      EXPECT_GE(q.y, 0);
      EXPECT_LT(q.y, 96);
    }
    if (clip.clip_id.rfind("sub01/", 0) == 0 && first_eye.empty()) first_eye.push_back(p[36]);
    if (clip.clip_id.rfind("sub02/", 0) == 0 && first_eye.size() == 1) first_eye.push_back(p[36]);
  }
  ASSERT_EQ(first_eye.size(), 2u);
  EXPECT_GT(cv::norm(first_eye[0] - first_eye[1]), 2.0) << "subjects share one placement";
}

TEST(FaceStage, AlignsEveryClipPutsTheEyesInPlaceAndReusesTheCache) {
  TempDir tmp;
  generate_synthetic(canvas_options(), tmp / "data");
  const FacesOptions f = sidecar_faces(tmp / "cache");
  auto d = load_dataset(dataset_node(tmp / "data"));
  EXPECT_THROW(d.require_frames_ready(), RuntimeError);
  const auto raw = d.clips;
  auto result = apply_face_stage(d, f, false);
  EXPECT_NO_THROW(d.require_frames_ready());
  ASSERT_EQ(d.clips.size(), raw.size());
  EXPECT_EQ(result.computed, 6);
  EXPECT_EQ(result.reused, 0);
  EXPECT_EQ(result.dropped, 0);
  for (std::size_t i = 0; i < d.clips.size(); ++i) {
    const auto& clip = d.clips[i];
    ASSERT_EQ(clip.frames.size(), raw[i].frames.size());
    for (std::size_t k = 0; k < clip.frames.size(); ++k) EXPECT_EQ(clip.frames[k].number, raw[i].frames[k].number);
    cv::Mat a = cv::imread(clip.frames.front().path.string());
    EXPECT_EQ(a.size(), cv::Size(48, 48));
    // The reference frame's eye centres land where the options put them.
    const auto& report = result.clips[i].report;
    ASSERT_TRUE(report.landmarks);
    auto t = eye_transform(right_eye_centre(*report.landmarks), left_eye_centre(*report.landmarks), f);
    auto r = apply(t, right_eye_centre(*report.landmarks)), l = apply(t, left_eye_centre(*report.landmarks));
    EXPECT_NEAR(r.x, (0.5 - f.eye_distance / 2) * 48, 1e-3);
    EXPECT_NEAR(l.x, (0.5 + f.eye_distance / 2) * 48, 1e-3);
    EXPECT_NEAR(r.y, f.eye_y * 48, 1e-3);
    EXPECT_NEAR(l.y, f.eye_y * 48, 1e-3);
    EXPECT_EQ(report.method, "clip");
    EXPECT_LT(report.stability, f.jump_threshold);  // head jitter of a fraction of a pixel
  }

  auto again = load_dataset(dataset_node(tmp / "data"));
  auto second = apply_face_stage(again, f, false);
  EXPECT_EQ(second.reused, 6);
  EXPECT_EQ(second.computed, 0);
  for (std::size_t i = 0; i < d.clips.size(); ++i) EXPECT_EQ(again.clips[i].frames[0].path, d.clips[i].frames[0].path);

  // Another crop side is another entry; the thread count and the cache folder's location are not part of the key.
  FacesOptions other = f;
  other.side = 40;
  EXPECT_NE(face_cache_key(raw[0], f), face_cache_key(raw[0], other));
  FacesOptions threads = f;
  threads.threads = 1;
  threads.cache_dir = (tmp / "elsewhere").string();
  EXPECT_EQ(face_cache_key(raw[0], f), face_cache_key(raw[0], threads));
}

TEST(FaceStage, ASidecarWithoutTheFramesRowIsAnErrorOfThatClip) {
  TempDir tmp;
  generate_synthetic(canvas_options(), tmp / "data");
  auto d = load_dataset(dataset_node(tmp / "data"));
  const std::string broken = d.clips[1].clip_id;
  auto sidecar = d.clips[1].folder / "landmarks.csv";
  auto pts = read_landmark_sidecar(sidecar);
  pts.erase(pts.begin());  // the reference frame has no row any more
  write_landmark_sidecar(sidecar, pts);
  apply_face_stage(d, sidecar_faces(tmp / "cache"), false);
  EXPECT_EQ(d.clips.size(), 5u);
  ASSERT_TRUE(d.has_errors());
  bool named = false;
  for (const auto& p : d.problems)
    if (p.kind == "landmarks_unreadable" && p.clip_id == broken) named = p.message.find("has no row for frame") != std::string::npos;
  EXPECT_TRUE(named);
  EXPECT_EQ(d.dropped_by_reason["face: landmarks_unreadable"], 1);
}

TEST(FaceStage, ALandmarkJumpFollowsThePolicy) {
  TempDir tmp;
  generate_synthetic(canvas_options(), tmp / "data");
  auto base = load_dataset(dataset_node(tmp / "data"));
  const std::string moved = base.clips[0].clip_id;
  auto sidecar = base.clips[0].folder / "landmarks.csv";
  auto pts = read_landmark_sidecar(sidecar);
  for (auto& q : pts.rbegin()->second) q.x += 12;  // the last frame's points jump 12 px
  write_landmark_sidecar(sidecar, pts);
  struct Case {
    FaceProblemPolicy policy;
    std::size_t clips;
    bool error;
  };
  for (Case c : {Case{FaceProblemPolicy::skip, 5, false}, Case{FaceProblemPolicy::box, 6, false},
                 Case{FaceProblemPolicy::error, 5, true}}) {
    auto d = load_dataset(dataset_node(tmp / "data"));
    FacesOptions f = sidecar_faces(tmp / "cache");
    f.on_problem = c.policy;
    apply_face_stage(d, f, false);
    EXPECT_EQ(d.clips.size(), c.clips) << to_string(c.policy);
    EXPECT_EQ(d.has_errors(), c.error) << to_string(c.policy);
    int named = 0;
    for (const auto& p : d.problems) named += p.kind == "landmark_jump" && p.clip_id == moved;
    EXPECT_EQ(named, 1) << to_string(c.policy);
  }
}

TEST(FacesOptions, DefaultsValidationAndUnknownKeys) {
  FacesOptions d = FacesOptions::from_config(YAML::Node());
  EXPECT_EQ(d.align, AlignMode::clip);
  EXPECT_EQ(d.side, 224);
  EXPECT_EQ(d.on_problem, FaceProblemPolicy::skip);
  auto msg = [](const std::string& yaml) {
    try {
      FacesOptions::from_config(YAML::Load(yaml));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(msg("{alig: clip}").find("faces.alig"), std::string::npos);
  EXPECT_NE(msg("{align: frames}").find("faces.align"), std::string::npos);
  EXPECT_NE(msg("{side: 4}").find("faces.side"), std::string::npos);
  EXPECT_NE(msg("{eye_y: 1.5}").find("faces.eye_y"), std::string::npos);
  EXPECT_NE(msg("{on_problem: ignore}").find("faces.on_problem"), std::string::npos);
  EXPECT_NE(msg("{sidecar: a/b.csv}").find("faces.sidecar"), std::string::npos);
  EXPECT_EQ(msg("{align: frame, smoothing: 2, landmarks: sidecar}"), "no error");
}

TEST(FaceGeometry, EyeTransformLevelsTheEyeLineAndBoxTransformIsSquare) {
  FacesOptions o;
  o.side = 100;
  // A face tilted by 30 degrees.
  cv::Point2f r(100, 100), l(100 + 40 * std::cos(0.5236f), 100 + 40 * std::sin(0.5236f));
  auto t = eye_transform(r, l, o);
  auto rr = apply(t, r), ll = apply(t, l);
  EXPECT_NEAR(rr.y, ll.y, 1e-4);
  EXPECT_NEAR(ll.x - rr.x, 33.0, 1e-4);
  EXPECT_NEAR(t(0, 0), t(1, 1), 1e-12);  // similarity: no shear, one scale
  EXPECT_NEAR(t(0, 1), -t(1, 0), 1e-12);
  auto b = box_transform(cv::Rect2d(10, 20, 40, 80), 0.25, 60);  // a tall box: the square side is its height
  EXPECT_NEAR(b(0, 0), b(1, 1), 1e-12);
  EXPECT_NEAR(b(0, 0), 60.0 / (80 * 1.5), 1e-12);
  auto centre = apply(b, cv::Point2f(30, 60));
  EXPECT_NEAR(centre.x, 30, 1e-4);
  EXPECT_NEAR(centre.y, 30, 1e-4);
}

TEST(LandmarkSidecar, MalformedRowsNameTheFileAndLine) {
  TempDir tmp;
  std::map<long, SidecarPoints> pts;
  SidecarPoints p{};
  pts[3] = p;
  write_landmark_sidecar(tmp / "l.csv", pts);
  EXPECT_EQ(read_landmark_sidecar(tmp / "l.csv").size(), 1u);
  test::write_file(tmp / "bad.csv", "frame,x0\n3,1,2\n");
  try {
    read_landmark_sidecar(tmp / "bad.csv");
    FAIL() << "accepted a short row";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_landmark_sidecar(tmp / "missing.csv"), RuntimeError);
}

}  // namespace
}  // namespace merlab
