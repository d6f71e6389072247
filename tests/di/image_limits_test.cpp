// Image sides read from file headers and refused above limits.image_max_side before decoding.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "framework/common/error.h"
#include "framework/di/dynamic_image.h"
#include "framework/di/image_header.h"
#include "tests/di/di_test_util.h"
#include "tests/support/test_support.h"

using namespace merlab;

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST(ImageHeader, SidesOfPngJpegAndBmpFiles) {
  test::TempDir tmp;
  for (const char* ext : {".png", ".jpg", ".bmp"}) {
    auto path = tmp / (std::string("f") + ext);
    ASSERT_TRUE(cv::imwrite(path.string(), test::pattern_frame(1, 12, 8)));
    auto h = read_image_header(path);
    ASSERT_TRUE(h.has_value()) << ext;
    EXPECT_EQ(h->width, 12u) << ext;
    EXPECT_EQ(h->height, 8u) << ext;
  }
  test::write_file(tmp / "garbage.jpg", "not an image");
  EXPECT_FALSE(read_image_header(tmp / "garbage.jpg").has_value());
  test::write_png_header(tmp / "huge.png", 100000, 100000);
  auto h = read_image_header(tmp / "huge.png");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->format, "PNG");
  EXPECT_EQ(h->width, 100000u);
}

TEST(ImageHeader, JpegFrameHeaderAfterOtherSegments) {
  test::TempDir tmp;
  std::vector<uchar> jpg;
  ASSERT_TRUE(cv::imencode(".jpg", test::pattern_frame(1, 12, 8), jpg));
  // Claim 60000 x 50000 in the SOF0 segment (FF C0 len(2) precision(1) height(2) width(2)).
  std::size_t sof = 0;
  for (std::size_t i = 2; i + 9 < jpg.size(); ++i)
    if (jpg[i] == 0xFF && jpg[i + 1] == 0xC0) sof = i;
  ASSERT_GT(sof, 0u);
  jpg[sof + 5] = 50000 >> 8, jpg[sof + 6] = 50000 & 0xFF;
  jpg[sof + 7] = 60000 >> 8, jpg[sof + 8] = 60000 & 0xFF;
  auto path = tmp / "big.jpg";
  test::write_file(path, std::string(jpg.begin(), jpg.end()));
  auto h = read_image_header(path);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->format, "JPEG");
  EXPECT_EQ(h->width, 60000u);
  EXPECT_EQ(h->height, 50000u);
  try {
    check_image_sides(path, Limits{});
    FAIL() << "expected RuntimeError";
  } catch (const RuntimeError& e) {
    EXPECT_CONTAINS(std::string(e.what()), "big.jpg");
    EXPECT_CONTAINS(std::string(e.what()), "60000x50000");
  }
}

TEST(ImageLimits, HugePngHeaderIsRefusedBeforeDecoding) {
  test::TempDir tmp;
  auto clip = test::write_clip(tmp / "clip", 1, 3);
  test::write_png_header(tmp / "clip" / "img2.png", 100000, 100000);
  std::vector<std::filesystem::path> files;
  for (const auto& f : clip.frames) files.push_back(f.path);
  try {
    compute_dynamic_image_from_files(files, DiOptions{});
    FAIL() << "expected RuntimeError";
  } catch (const RuntimeError& e) {
    const std::string msg = e.what();
    EXPECT_CONTAINS(msg, "img2.png");
    EXPECT_CONTAINS(msg, "100000x100000");
    EXPECT_CONTAINS(msg, "limits.image_max_side = 16384 pixels; raise it with limits.image_max_side=N");
  }
  // A lowered limit refuses ordinary frames (12 x 8) by their width.
  DiOptions small;
  small.limits.image_max_side = 10;
  EXPECT_THROW(compute_dynamic_image_from_files({files[0], files[2]}, small), RuntimeError);
  small.limits.image_max_side = 12;
  EXPECT_NO_THROW(compute_dynamic_image_from_files({files[0], files[2]}, small));
}

TEST(ImageLimits, MerDiSizeAndFramesAreBounded) {
  test::TempDir tmp;
  test::write_clip(tmp / "clip", 1, 4);
  auto clip = (tmp / "clip").string(), out = (tmp / "out").string();
  auto r = test::run_mer({"di", clip, "--onset", "1", "--offset", "4", "--phase", "full", "--size", "100000x100000",
                          "--out", out});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_CONTAINS(r.err, "--size 100000x100000 has a side above 16384 pixels");
  EXPECT_CONTAINS(r.err, "raise it with --max-image-side N");
  EXPECT_EQ(r.err.find("OpenCV"), std::string::npos) << r.err;

  r = test::run_mer({"di", clip, "--onset", "1", "--offset", "4", "--phase", "full", "--size", "20000x20",
                     "--max-image-side", "100", "--out", out});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_CONTAINS(r.err, "limits.image_max_side = 100 pixels");

  test::write_png_header(tmp / "clip" / "img3.png", 100000, 100000);
  r = test::run_mer({"di", clip, "--onset", "1", "--offset", "4", "--phase", "full", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_CONTAINS(r.err, "img3.png");
  EXPECT_CONTAINS(r.err, "declares 100000x100000 pixels");
  EXPECT_CONTAINS(r.err, "--max-image-side N");
}
