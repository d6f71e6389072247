// `mer runs` and `mer compare` on fixture sweeps under a runs root given by $MERLAB_RUNS.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "framework/common/strings.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;

namespace {

test::ReportFixture spec_with_params(std::vector<std::string> models, const std::string& epochs) {
  test::ReportFixture spec;
  spec.model_names = std::move(models);
  spec.params = [names = spec.model_names, epochs](int m, int, int, int) {
    return std::map<std::string, std::string>{{"model.name", names[static_cast<std::size_t>(m)]}, {"train.epochs", epochs}};
  };
  return spec;
}

std::string env(const test::TempDir& dir) { return "MERLAB_RUNS=" + test::shell_quote((dir / "runs").string()) + " "; }

}  // namespace

TEST(CliRuns, FiltersSortsAndFormatsWithSweptParameters) {
  test::TempDir dir("merlab-runs");
  test::build_report_fixture(dir / "runs/paper/results.sqlite", spec_with_params({"learnet", "resnet18"}, "3"));

  auto all = test::run_mer({"runs", "paper"}, env(dir));
  ASSERT_EQ(all.exit_code, 0) << all.err;
  // 8 DONE + 1 FAILED + 1 PENDING; the swept parameter shown is the one not repeating a column.
  EXPECT_NE(all.out.find("10 runs"), std::string::npos) << all.out;
  const auto header = split(all.out, '\n')[0];
  for (const char* col : {"run_id", "status", "model", "strategy", "seed", "acc%", "UF1%", "UAR%"})
    EXPECT_NE(header.find(col), std::string::npos) << header;
  EXPECT_EQ(header.find(" aug "), std::string::npos) << "aug repeats the strategy column: " << header;

  auto csv = test::run_mer({"runs", "paper", "--where", "model.name=learnet", "--where", "status=DONE", "--sort", "uf1",
                            "--format", "csv"},
                           env(dir));
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  auto lines = split(csv.out, '\n');
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  ASSERT_EQ(lines.size(), 5u) << csv.out;  // header + 4 learnet runs
  const auto cols = split(lines[0], ',');
  const auto uf1_col = std::find(cols.begin(), cols.end(), "uf1") - cols.begin();
  double previous = 2;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i], ',');
    EXPECT_EQ(f[4], "learnet");
    const double uf1 = std::stod(f[static_cast<std::size_t>(uf1_col)]);
    EXPECT_LE(uf1, previous) << "not best first";
    previous = uf1;
  }

  auto json = test::run_mer({"runs", "paper", "--where", "uf1>=0", "--format", "json"}, env(dir));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  ASSERT_EQ(parsed.size(), 8u);  // runs without a UF1 do not pass a numeric condition
  EXPECT_TRUE(parsed[0].contains("uf1"));
  EXPECT_EQ(parsed[0]["swept"].size(), 0u);  // model, aug and seed repeat identity columns

  auto bad = test::run_mer({"runs", "paper", "--where", "model.nam=learnet"}, env(dir));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("model.name"), std::string::npos) << bad.err;  // the closest key is suggested
  EXPECT_EQ(test::run_mer({"runs", "paper", "--format", "xml"}, env(dir)).exit_code, 2);
  EXPECT_EQ(test::run_mer({"runs", "nothing-here"}, env(dir)).exit_code, 1);
}

TEST(CliCompare, ConfigDifferencesAndPairedTests) {
  test::TempDir dir("merlab-compare");
  test::build_report_fixture(dir / "runs/a/results.sqlite", spec_with_params({"learnet", "resnet18"}, "3"));
  // The same cells, scored differently (the fixture's accuracy depends on the model's position).
  test::build_report_fixture(dir / "runs/b/results.sqlite", spec_with_params({"resnet18", "learnet"}, "5"));

  auto r = test::run_mer({"compare", "a", "b"}, env(dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("train.epochs: A 3  B 5"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("model.name:"), std::string::npos) << "both sides have both models: " << r.out;
  // One line per (dataset, model, strategy), with a p-value since the subjects match.
  int rows = 0;
  for (const auto& line : split(r.out, '\n'))
    if (starts_with(line, "casme2 ")) {
      ++rows;
      EXPECT_EQ(line.find("folds differ"), std::string::npos) << line;
    }
  EXPECT_EQ(rows, 4);

  // Two runs by id (database:run id).
  auto runs = test::run_mer({"compare", (dir / "runs/a").string() + ":learnet-single_di-s1", "b:learnet-dual_phase_di-s1"},
                            env(dir));
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_NE(runs.out.find("1 DONE run)"), std::string::npos) << runs.out;
  EXPECT_NE(runs.out.find("train.epochs: A 3  B 5"), std::string::npos) << runs.out;

  EXPECT_EQ(test::run_mer({"compare", "a"}, env(dir)).exit_code, 2);
  EXPECT_EQ(test::run_mer({"compare", "a", "no-such-thing"}, env(dir)).exit_code, 1);
}

TEST(CliStatus, FindsASweepByNameInPercentAndWatchEndsWithTheSweep) {
  test::TempDir dir("merlab-status-name");
  test::ReportFixture spec;
  spec.unfinished_runs = false;
  test::build_report_fixture(dir / "runs/paper/results.sqlite", spec);
  auto r = test::run_mer({"status", "paper"}, env(dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("UF1%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("folds 32/32"), std::string::npos) << r.out;
  // A finished sweep: --watch prints once and returns.
  auto w = test::run_mer({"status", "paper", "--watch", "--interval", "0.1"}, env(dir) + "timeout 20 ");
  EXPECT_EQ(w.exit_code, 0) << w.err;
  EXPECT_NE(w.out.find("8 DONE"), std::string::npos) << w.out;
}
