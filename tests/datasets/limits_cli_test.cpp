// The `limits:` config section as `mer datasets check` applies it: a sheet beyond a limit is
// reported naming the file and the limit, a frame whose header is too large is a finding of
// the decoding check, and a mistyped limit is a config error.
#include <gtest/gtest.h>

#include "tests/datasets/fixtures.h"
#include "tests/di/di_test_util.h"
#include "tests/support/test_support.h"

using namespace merlab::test;

namespace {

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

}  // namespace

TEST(LimitsCli, SheetBeyondALimitIsReportedWithTheLimit) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  auto r = check_casme2(tmp.path(), {"limits.sheet_max_cells=20"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_CONTAINS(r.out, "CASME2-coding-20140508.xlsx");
  EXPECT_CONTAINS(r.out, "limit limits.sheet_max_cells = 20 cells; raise it with limits.sheet_max_cells=N");
  r = check_casme2(tmp.path(), {"dataset.annotation=CASME2-coding-20140508.csv", "limits.csv_max_line_bytes=16"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_CONTAINS(r.out, "CASME2-coding-20140508.csv line 1 is longer than 16 bytes");
  EXPECT_EQ(check_casme2(tmp.path()).exit_code, 0);
}

TEST(LimitsCli, FrameWithAHugeHeaderIsAFinding) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  // A PNG header under a .jpg name: decoders go by content, and so does the header check.
  write_png_header(tmp / "CASME2_RAW_selected/sub01/EP02_01f/img50.jpg", 100000, 100000);
  auto r = check_casme2(tmp.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_CONTAINS(r.out, "[image_too_large] clip sub01/EP02_01f");
  EXPECT_CONTAINS(r.out, "img50.jpg: its PNG header declares 100000x100000 pixels");
  EXPECT_CONTAINS(r.out, "limits.image_max_side = 16384 pixels");
  EXPECT_CONTAINS(r.out, "image too large");
}

TEST(LimitsCli, BadLimitValuesAreConfigErrors) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  auto r = check_casme2(tmp.path(), {"limits.image_max_sides=10"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_CONTAINS(r.err, "limits.image_max_sides");
  r = check_casme2(tmp.path(), {"limits.image_max_side=-5"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_CONTAINS(r.err, "expected a positive integer");
}
