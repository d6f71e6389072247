#include "framework/di/frame_order.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "tests/support/test_support.h"

using namespace merlab;

TEST(DiFrameOrder, NumberFromDatasetNames) {
  EXPECT_EQ(frame_number_from_filename("img46.jpg"), 46);
  EXPECT_EQ(frame_number_from_filename("006_05562.jpg"), 5562);
  EXPECT_EQ(frame_number_from_filename("frame-0012.png"), 12);
  EXPECT_EQ(frame_number_from_filename("reg_img7_crop.bmp"), 7);
  EXPECT_FALSE(frame_number_from_filename("cover.jpg").has_value());
}

TEST(DiFrameOrder, SortedByNumberNotByName) {
  test::TempDir tmp;
  for (const char* n : {"img10.jpg", "img9.jpg", "img100.jpg", "img1.jpg", "notes.txt", "thumb.jpg"})
    test::write_file(tmp / n, "x");
  auto frames = list_frames(tmp.path());
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_EQ(frames[0].number, 1);
  EXPECT_EQ(frames[1].number, 9);
  EXPECT_EQ(frames[2].number, 10);
  EXPECT_EQ(frames[3].number, 100);
  test::write_file(tmp / "img010.png", "x");
  EXPECT_THROW(list_frames(tmp.path()), RuntimeError);  // two files claim frame 10
}
