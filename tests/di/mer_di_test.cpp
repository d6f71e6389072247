// `mer di` end to end on JPEG frames written here.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "framework/di/dynamic_image.h"
#include "tests/di/di_test_util.h"
#include "tests/support/test_support.h"

using namespace merlab;

TEST(DiCli, WritesPhaseImagesFromJpegFrames) {
  test::TempDir tmp;
  auto frames = tmp / "clip";
  std::filesystem::create_directories(frames);
  // SAMM-style names; frame numbers 0098..0110 (directory order is irrelevant)
  for (int n = 98; n <= 110; ++n) {
    char name[32];
    std::snprintf(name, sizeof name, "006_%05d.jpg", n);
    cv::imwrite((frames / name).string(), test::pattern_frame(n, 48, 40));
  }
  auto r = test::run_mer({"di", frames.string(), "--onset", "99", "--apex", "104", "--offset", "109", "--size",
                          "32x24", "--float", "--out", (tmp / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* phase : {"full", "onset_apex", "apex_offset"}) {
    cv::Mat png = cv::imread((tmp / "out" / (std::string(phase) + ".png")).string(), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(png.type(), CV_8UC3) << phase;
    EXPECT_EQ(png.size(), cv::Size(32, 24));
    double lo, hi;
    cv::minMaxLoc(png.reshape(1), &lo, &hi);
    EXPECT_EQ(lo, 0);
    EXPECT_EQ(hi, 255);
    cv::Mat f = cv::imread((tmp / "out" / (std::string(phase) + ".exr")).string(), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(f.type(), CV_32FC3) << phase;
    EXPECT_EQ(cv::norm(di_to_uint8(f), png, cv::NORM_INF), 0) << phase;
  }
  // The onset->apex DI is the DI of frames 99..104 decoded from the same files.
  std::vector<std::filesystem::path> files;
  for (int n = 99; n <= 104; ++n) {
    char name[32];
    std::snprintf(name, sizeof name, "006_%05d.jpg", n);
    files.push_back(frames / name);
  }
  // 48x40 frames into 32x24: fitted by the default --fit pad (not squashed).
  cv::Mat expected = fit_di(compute_dynamic_image_from_files(files, {}), cv::Size(32, 24), DiFit::pad);
  cv::Mat got = cv::imread((tmp / "out" / "onset_apex.exr").string(), cv::IMREAD_UNCHANGED);
  EXPECT_EQ(cv::norm(expected, got, cv::NORM_INF), 0);
}

TEST(DiCli, ErrorsNameTheProblem) {
  test::TempDir tmp;
  test::write_clip(tmp / "clip", 1, 6, "img", ".jpg");
  auto clip = (tmp / "clip").string(), out = (tmp / "out").string();
  // a missing frame in the range: exit 1, names the frame
  auto r = test::run_mer({"di", clip, "--onset", "2", "--apex", "4", "--offset", "8", "--out", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("frame 7"), std::string::npos) << r.err;
  // onset > offset: exit 1, names both values
  r = test::run_mer({"di", clip, "--onset", "5", "--apex", "4", "--offset", "3", "--out", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("onset 5 > offset 3"), std::string::npos) << r.err;
  // an unreadable image: exit 1, names the file
  test::write_file(tmp / "clip" / "img3.jpg", "garbage");
  r = test::run_mer({"di", clip, "--onset", "1", "--offset", "6", "--phase", "full", "--out", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("img3.jpg"), std::string::npos) << r.err;
  // bad option values: exit 2
  r = test::run_mer({"di", clip, "--onset", "1", "--offset", "6", "--method", "bilem", "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bilem"), std::string::npos) << r.err;
  r = test::run_mer({"di", clip, "--onset", "1", "--offset", "6", "--size", "32by32", "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  r = test::run_mer({"di", clip, "--onset", "1", "--offset", "6", "--phase", "onset_apex", "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--apex"), std::string::npos) << r.err;
}
