// `mer models predict` refuses an image whose header declares a side above --max-image-side.
#include <gtest/gtest.h>

#include "tests/di/di_test_util.h"
#include "tests/support/test_support.h"

using namespace merlab;

TEST(ModelsPredictLimits, HugeImageHeaderIsRefusedBeforeDecoding) {
  test::TempDir tmp;
  test::write_png_header(tmp / "huge.png", 100000, 100000);
  auto r = test::run_mer({"models", "predict", "learnet", "--num-classes", "3", (tmp / "huge.png").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("huge.png: its PNG header declares 100000x100000 pixels"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("limits.image_max_side = 16384 pixels; raise it with --max-image-side N"), std::string::npos)
      << r.err;
  EXPECT_EQ(test::run_mer({"models", "predict", "learnet", "--max-image-side", "0", (tmp / "huge.png").string()})
                .exit_code,
            2);
}
