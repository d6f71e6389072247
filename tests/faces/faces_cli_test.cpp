// `mer faces align`, `mer faces check` and `mer datasets check` with dataset.frames=aligned,
// through the real binary.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "tests/datasets/fixtures.h"
#include "tests/faces/face_fixtures.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

using test::run_mer;
using test::TempDir;

TEST(FacesCli, AlignWritesSquareFramesAndAnInspectionImage) {
  TempDir tmp;
  const cv::Mat photo = test::astronaut();
  for (int k = 0; k < 3; ++k)
    test::write_png(tmp / "clip" / ("img" + std::to_string(20 + k) + ".png"),
                    test::place_face(photo, {300.0 + k * 0.5, 230}, 1.0, 2));
  auto r = run_mer({"faces", "align", (tmp / "clip").string(), "--out", (tmp / "out").string(), "faces.side=160"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("faces found 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("method clip: 3 aligned frames of 160x160"), std::string::npos) << r.out;
  cv::Mat inspect = cv::imread((tmp / "out" / "landmarks.png").string());
  EXPECT_EQ(inspect.size(), cv::Size(640, 480));
  for (int k = 0; k < 3; ++k) {
    cv::Mat a = cv::imread((tmp / "out" / ("img" + std::to_string(20 + k) + ".png")).string());
    EXPECT_EQ(a.size(), cv::Size(160, 160));
  }
}

TEST(FacesCli, AClipWithoutAFaceExitsOneWithTheProblemNamed) {
  TempDir tmp;
  cv::Mat flat(480, 640, CV_8UC3, cv::Scalar(90, 90, 90));
  test::write_png(tmp / "clip" / "img1.png", flat);
  test::write_png(tmp / "clip" / "img2.png", flat);
  auto r = run_mer({"faces", "align", (tmp / "clip").string(), "--out", (tmp / "out").string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("[no_face] no face found in frame 1"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(tmp / "out" / "landmarks.png"));
  auto bad = run_mer({"faces", "align", (tmp / "clip").string(), "--out", (tmp / "out").string(), "faces.align=frames"});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("faces.align"), std::string::npos) << bad.err;
}

TEST(FacesCli, DatasetsCheckAndFacesCheckRunTheFaceStage) {
  TempDir tmp;
  auto s = run_mer({"synth", "--out", (tmp / "data").string(), "--subjects", "2", "--clips-per-subject", "2", "--size",
                    "48", "--min-frames", "8", "--max-frames", "9", "--canvas", "96x80", "--landmarks"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto bad = run_mer({"synth", "--out", (tmp / "bad").string(), "--canvas", "96"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--canvas expects WxH"), std::string::npos) << bad.err;
  const std::vector<std::string> common = {"dataset=synthetic",          "dataset.root=" + (tmp / "data").string(),
                                           "dataset.frames=aligned",     "faces.landmarks=sidecar",
                                           "faces.side=48",              "faces.cache_dir=" + (tmp / "cache").string()};
  std::vector<std::string> check = {"datasets", "check"};
  check.insert(check.end(), common.begin(), common.end());
  auto c = run_mer(check);
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  EXPECT_NE(c.err.find("4 computed, 0 from the cache"), std::string::npos) << c.err;

  std::vector<std::string> faces = {"faces", "check"};
  faces.insert(faces.end(), common.begin(), common.end());
  auto f = run_mer(faces);
  EXPECT_EQ(f.exit_code, 0) << f.out << f.err;
  EXPECT_NE(f.out.find("4 clips: 4 aligned (4 from the cache), 0 box fallbacks, 0 dropped, 0 errors"), std::string::npos)
      << f.out;
  EXPECT_NE(f.out.find("sub01/"), std::string::npos) << f.out;

  // A clip whose landmarks jump, under faces.on_problem=error: both checks fail and name it.
  std::filesystem::path clip;
  for (const auto& e : std::filesystem::recursive_directory_iterator(tmp / "data"))
    if (e.path().filename() == "landmarks.csv") clip = e.path().parent_path();
  ASSERT_FALSE(clip.empty());
  std::string csv = test::read_file(clip / "landmarks.csv");
  auto last = csv.rfind('\n', csv.size() - 2);
  std::string row = csv.substr(last + 1);
  std::string moved = row.substr(0, row.find(','));
  std::istringstream in(row.substr(row.find(',') + 1));
  for (std::string v; std::getline(in, v, ',');) moved += "," + std::to_string(std::stod(v) + 15.0);
  test::write_file(clip / "landmarks.csv", csv.substr(0, last + 1) + moved + "\n");
  faces.push_back("faces.on_problem=error");
  auto j = run_mer(faces);
  EXPECT_EQ(j.exit_code, 1) << j.out << j.err;
  EXPECT_NE(j.out.find("[landmark_jump]"), std::string::npos) << j.out;
  check.push_back("faces.on_problem=error");
  auto cj = run_mer(check);
  EXPECT_EQ(cj.exit_code, 1) << cj.out << cj.err;
  EXPECT_NE(cj.out.find("landmark_jump"), std::string::npos) << cj.out;
}

// The distributed CASME-II raw layout with real faces in 640x480 frames: `mer datasets check`
// with dataset.frames=aligned detects and aligns every clip with dlib, and names the clip whose
// frames hold no face.
TEST(FacesCli, ACasme2RawTreeIsAlignedWithDlib) {
  TempDir tmp;
  auto clips = test::casme2_clips();
  test::write_casme2_tree(tmp / "CASME2", clips);
  const cv::Mat photo = test::astronaut();
  int k = 0;
  for (const auto& c : clips) {
    ++k;
    for (long n = c.first; n <= c.last; ++n) {
      auto path = tmp / "CASME2" / "CASME2_RAW_selected" / c.folder / c.clip / ("img" + std::to_string(n) + ".jpg");
      cv::Mat frame = c.clip == "EP07_01" ? cv::Mat(480, 640, CV_8UC3, cv::Scalar(80, 90, 100))  // nobody in front of the camera
                                          : test::place_face(photo, {250.0 + 20 * k + 0.2 * double(n - c.first), 220.0 + 5 * k},
                                                             0.9 + 0.04 * k, k % 3 - 1.0);
      cv::imwrite(path.string(), frame, {cv::IMWRITE_JPEG_QUALITY, 92});
    }
  }
  const std::vector<std::string> aligned = {"dataset.frames=aligned", "faces.cache_dir=" + (tmp / "cache").string()};
  auto r = test::check_casme2(tmp / "CASME2", aligned);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // 6 clips reach the face stage (the fear clip is outside casme2_5class); one has no face.
  EXPECT_NE(r.err.find("6 computed, 0 from the cache, 1 dropped"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("[no_face] clip sub03/EP07_01: no face found in frame 5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("face: no_face"), std::string::npos) << r.out;  // in the dropped-clips table
  auto strict = aligned;
  strict.push_back("faces.on_problem=error");
  auto e = test::check_casme2(tmp / "CASME2", strict);
  EXPECT_EQ(e.exit_code, 1) << e.out << e.err;
  EXPECT_NE(e.out.find("sub03/EP07_01"), std::string::npos) << e.out;
}

}  // namespace
}  // namespace merlab
