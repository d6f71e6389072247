// `mer datasets check` and `mer synth`, run as a user runs them.
#include <gtest/gtest.h>

#include "tests/datasets/fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab::test;

namespace {

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

}  // namespace

TEST(DatasetsCli, CleanDatasetExitsZeroWithSummary) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  auto r = check_casme2(tmp.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_CONTAINS(r.out, "dataset casme2 (protocol casme2_5class): 6 usable clips from 7 sheet rows; 0 errors, 1 warnings");
  EXPECT_CONTAINS(r.out, "happiness  disgust  repression  surprise  others  total");
  EXPECT_CONTAINS(r.out, "sub01");
  EXPECT_CONTAINS(r.out, "not in protocol: fear");
  EXPECT_CONTAINS(r.out, "warning [missing_apex]");
}

TEST(DatasetsCli, ErrorsExitOneAndAreListed) {
  TempDir tmp;
  auto clips = casme2_clips();
  clips[0].offset = "75";
  clips[4].emotion = "joy";
  write_casme2_tree(tmp.path(), clips);
  auto r = check_casme2(tmp.path(), {"dataset.protocol=megc_3class"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_CONTAINS(r.out, "protocol megc_3class");
  EXPECT_CONTAINS(r.out, "error   [phase_outside] clip sub01/EP02_01f (sheet row 2): offset 75 outside the frames present (46..60)");
  EXPECT_CONTAINS(r.out, "error   [unknown_label]");
  EXPECT_CONTAINS(r.out, "outside frames");
}

TEST(DatasetsCli, MalformedSheetIsReportedNotCrashed) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  write_file(tmp / "CASME2-coding-20140508.xlsx", "PK\x03\x04 truncated");
  auto r = check_casme2(tmp.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_CONTAINS(r.out, "[sheet]");
  EXPECT_CONTAINS(r.out, "CASME2-coding-20140508.xlsx");
}

TEST(DatasetsCli, ConfigMistakesExitTwo) {
  auto r = run_mer({"datasets", "check", "dataset=casme2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "dataset.root");
  r = run_mer({"synth", "--subjects", "2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "--out");
}

TEST(DatasetsCli, SynthThenCheck) {
  TempDir tmp;
  auto out = tmp / "synth";
  auto r = run_mer({"synth", "--out", out.string(), "--subjects", "2", "--clips-per-subject", "4", "--size", "40",
                    "--min-frames", "10", "--max-frames", "12", "--seed", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_CONTAINS(r.out, "wrote 8 clips");
  EXPECT_TRUE(std::filesystem::exists(out / "CASME2-coding-synthetic.xlsx"));
  EXPECT_TRUE(std::filesystem::exists(out / "CASME2-coding-synthetic.csv"));
  auto c = run_mer({"datasets", "check", "dataset=synthetic", "dataset.root=" + out.string()});
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  EXPECT_CONTAINS(c.out, "problems (0 errors, 0 warnings)");
  auto help = run_mer({"synth", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_CONTAINS(help.out, "--clips-per-subject");
}
