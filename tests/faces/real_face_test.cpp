// Alignment on a real face (skimage's astronaut photo), with dlib's detector and 68-point model.
#include <gtest/gtest.h>

#include "framework/faces/align_clip.h"
#include "framework/faces/alignment.h"
#include "tests/support/test_support.h"
#include "tests/faces/face_fixtures.h"

namespace merlab {
namespace {

using test::TempDir;

struct Placed {
  cv::Point2d at;
  double scale, degrees;
};

// A one-frame clip folder holding `frame`.
std::vector<FrameFile> one_frame_clip(const std::filesystem::path& dir, const cv::Mat& frame) {
  test::write_png(dir / "img1.png", frame);
  return list_frames(dir);
}

TEST(RealFace, DetectsOneFaceWithPlausibleLandmarks) {
  FacesOptions o;
  FaceLandmarker f(o.landmark_model, 0);
  cv::Mat frame = test::place_face(test::astronaut(), {320, 220}, 1.0, 0);
  auto faces = f.detect(frame);
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_GT(faces[0].score, 0.0);
  auto pts = f.landmarks(frame, faces[0].box);
  const cv::Point2f r = right_eye_centre(pts), l = left_eye_centre(pts);
  EXPECT_LT(r.x, l.x);                      // subject's right eye is on the image left
  EXPECT_NEAR(r.y, l.y, 8.0);               // an upright face: eye line nearly level
  EXPECT_GT(cv::norm(l - r), 25.0);         // astronaut at scale 1: eyes ~40 px apart
  EXPECT_LT(cv::norm(l - r), 70.0);
  EXPECT_TRUE(faces[0].box.contains(r) && faces[0].box.contains(l));
}

// The same face at different offsets, scales and small rotations gives crops that agree.
TEST(RealFace, CropsOfOneFaceAgreeAcrossOffsetsScalesAndRotations) {
  const cv::Mat photo = test::astronaut();
  const std::vector<Placed> placements = {
      {{320, 220}, 1.0, 0}, {{200, 180}, 0.9, 6}, {{430, 260}, 1.15, -7}, {{300, 300}, 1.05, 3}, {{380, 170}, 0.95, -4}};
  FacesOptions o;
  auto provider = make_dlib_provider(o);
  TempDir tmp;
  std::vector<cv::Mat> crops;
  for (std::size_t i = 0; i < placements.size(); ++i) {
    const auto& p = placements[i];
    auto frames = one_frame_clip(tmp / ("clip" + std::to_string(i)), test::place_face(photo, p.at, p.scale, p.degrees));
    ClipFaces faces = plan_clip_alignment(frames, 1, o, *provider);
    ASSERT_TRUE(faces.report.usable) << "placement " << i << ": [" << faces.report.problem << "] " << faces.report.message;
    EXPECT_EQ(faces.report.method, "clip");
    EXPECT_EQ(faces.report.faces, 1);
    auto written = write_aligned_frames(frames, faces, o, tmp / ("aligned" + std::to_string(i)));
    cv::Mat crop = cv::imread(written.at(0).path.string(), cv::IMREAD_COLOR);
    ASSERT_EQ(crop.size(), cv::Size(o.side, o.side));  // square: nothing squashed
    crops.push_back(crop);
  }
  for (std::size_t a = 0; a < crops.size(); ++a)
    for (std::size_t b = a + 1; b < crops.size(); ++b)
      EXPECT_GT(test::ncc(crops[a], crops[b]), 0.9) << "placements " << a << " and " << b;
}

// align: clip applies one transform to every frame, so a 1-pixel local movement between frames
// is in the aligned output, and nothing else changes.
TEST(RealFace, ClipAlignmentKeepsAOnePixelLocalMotion) {
  const cv::Mat f0 = test::place_face(test::astronaut(), {320, 220}, 1.0, 0);
  FacesOptions o;
  // The mouth region (the box of landmarks 48-67) moved right by 1 px in frames 11 and 12.
  cv::Rect patch;
  {
    FaceLandmarker f(o.landmark_model, 0);
    auto found = f.detect(f0);
    ASSERT_EQ(found.size(), 1u);
    auto pts = f.landmarks(f0, found[0].box);
    std::vector<cv::Point2f> mouth(pts.begin() + 48, pts.end());
    patch = cv::boundingRect(mouth);
  }
  ASSERT_GT(patch.area(), 100);
  cv::Mat f1 = f0.clone();
  f0(patch - cv::Point(1, 0)).copyTo(f1(patch));
  TempDir tmp;
  test::write_png(tmp / "clip" / "img10.png", f0);
  test::write_png(tmp / "clip" / "img11.png", f1);
  test::write_png(tmp / "clip" / "img12.png", f1);
  auto frames = list_frames(tmp / "clip");
  auto provider = make_dlib_provider(o);
  ClipFaces faces = plan_clip_alignment(frames, 10, o, *provider);
  ASSERT_TRUE(faces.report.usable) << faces.report.message;
  ASSERT_EQ(faces.transforms.size(), 3u);
  for (const auto& t : faces.transforms) EXPECT_EQ(cv::norm(cv::Mat(t), cv::Mat(faces.transforms[0])), 0.0);
  EXPECT_GE(faces.report.stability, 0.0);
  EXPECT_LT(faces.report.stability, o.jump_threshold);
  auto written = write_aligned_frames(frames, faces, o, tmp / "aligned");
  cv::Mat a0 = cv::imread(written[0].path.string()), a1 = cv::imread(written[1].path.string());
  cv::Mat diff;
  cv::absdiff(a0, a1, diff);
  cv::cvtColor(diff, diff, cv::COLOR_BGR2GRAY);
  // Where the patch lands in the crop, widened by 3 px for the bilinear footprint.
  cv::Point2f c0 = apply(faces.transforms[0], cv::Point2f(float(patch.x - 1), float(patch.y - 1)));
  cv::Point2f c1 = apply(faces.transforms[0], cv::Point2f(float(patch.br().x + 1), float(patch.br().y + 1)));
  cv::Rect inside(cv::Point(int(std::min(c0.x, c1.x)) - 3, int(std::min(c0.y, c1.y)) - 3),
                  cv::Point(int(std::max(c0.x, c1.x)) + 4, int(std::max(c0.y, c1.y)) + 4));
  inside &= cv::Rect(0, 0, o.side, o.side);
  ASSERT_GT(inside.area(), 100);
  cv::Mat outside = diff.clone();
  outside(inside).setTo(0);
  EXPECT_EQ(cv::countNonZero(outside), 0) << "pixels outside the moved patch changed";
  EXPECT_GT(cv::mean(diff(inside))[0], 1.0) << "the 1-pixel motion did not survive alignment";
}

TEST(RealFace, AFrameWithoutAFaceIsANamedProblemNotACrash) {
  cv::Mat noise(480, 640, CV_8UC3);
  cv::RNG(3).fill(noise, cv::RNG::UNIFORM, 0, 255);
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 4);
  TempDir tmp;
  auto frames = one_frame_clip(tmp / "clip", noise);
  for (auto policy : {FaceProblemPolicy::skip, FaceProblemPolicy::box, FaceProblemPolicy::error}) {
    FacesOptions o;
    o.on_problem = policy;
    auto provider = make_dlib_provider(o);
    ClipFaces faces = plan_clip_alignment(frames, 1, o, *provider);
    EXPECT_FALSE(faces.report.usable);
    EXPECT_EQ(faces.report.problem, "no_face");
    EXPECT_NE(faces.report.message.find("no face found in frame 1"), std::string::npos) << faces.report.message;
    EXPECT_TRUE(faces.transforms.empty());
  }
}

TEST(RealFace, TwoFacesAreANamedProblemAndTheBoxPolicyCropsTheBestOne) {
  const cv::Mat photo = test::astronaut();
  cv::Mat frame(480, 900, CV_8UC3, cv::Scalar(120, 100, 90));
  test::place_face(photo, {220, 220}, 1.0, 0)(cv::Rect(0, 0, 450, 480)).copyTo(frame(cv::Rect(0, 0, 450, 480)));
  test::place_face(photo, {220, 220}, 1.0, 0)(cv::Rect(0, 0, 450, 480)).copyTo(frame(cv::Rect(450, 0, 450, 480)));
  TempDir tmp;
  auto frames = one_frame_clip(tmp / "clip", frame);
  FacesOptions o;
  auto provider = make_dlib_provider(o);
  ClipFaces skipped = plan_clip_alignment(frames, 1, o, *provider);
  EXPECT_EQ(skipped.report.problem, "several_faces");
  EXPECT_EQ(skipped.report.faces, 2);
  EXPECT_FALSE(skipped.report.usable);
  o.on_problem = FaceProblemPolicy::box;
  ClipFaces boxed = plan_clip_alignment(frames, 1, o, *provider);
  EXPECT_EQ(boxed.report.problem, "several_faces");
  EXPECT_TRUE(boxed.report.usable);
  EXPECT_EQ(boxed.report.method, "box (fallback)");
}

}  // namespace
}  // namespace merlab
