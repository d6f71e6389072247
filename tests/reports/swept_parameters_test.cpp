// Swept parameters of a set of runs (reports/swept_parameters.h) and their runs.csv columns.
#include <gtest/gtest.h>

#include "framework/common/strings.h"
#include "reports/report.h"
#include "reports/swept_parameters.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::reports;

TEST(SweptParameters, OverrideValuesAndKeysThatDiffer) {
  storage::RunRecord a, b, c;
  a.overrides = {"experiment=demo", "model=learnet", "+train.momentum=0.9", "~model.dropout", "seed=0", "model=resnet18"};
  b.overrides = {"experiment=demo", "model=learnet", "seed=1"};
  c.overrides = {"experiment=demo", "model=learnet", "seed=1", "++train.momentum=0.9"};
  const auto va = override_values(a);
  EXPECT_EQ(va.at("model"), "resnet18");  // the later override wins
  EXPECT_EQ(va.at("train.momentum"), "0.9");
  EXPECT_EQ(va.count("model.dropout"), 0u);
  // experiment never differs; model, seed and train.momentum (absent from b) do, in first-seen order.
  EXPECT_EQ(swept_keys({&a, &b, &c}), (std::vector<std::string>{"model", "train.momentum", "seed"}));
  EXPECT_TRUE(swept_keys({&b}).empty());
}

TEST(SweptParameters, RunsCsvHasOneColumnPerSweptParameter) {
  test::TempDir dir("merlab-swept");
  test::ReportFixture spec;
  spec.unfinished_runs = false;
  test::build_report_fixture(dir / "results.sqlite", spec);
  ReportOptions o;
  o.input = dir.path();
  o.figures = false;
  o.bootstrap_resamples = 50;
  const auto r = generate_report(o);
  const auto lines = split(test::read_file(r.out_dir / "tables/runs.csv"), '\n');
  ASSERT_GE(lines.size(), 9u);
  const auto header = split(lines[0], ',');
  ASSERT_GE(header.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(header.end() - 3, header.end()),
            (std::vector<std::string>{"param:model", "param:aug", "param:seed"}));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const auto f = split(lines[i], ',');
    ASSERT_EQ(f.size(), header.size()) << lines[i];
    EXPECT_EQ(f[header.size() - 3], f[3]);  // param:model equals the model column
    EXPECT_EQ(f[header.size() - 2], f[4]);  // aug= option is the strategy's name
    EXPECT_EQ(f[header.size() - 1], f[7]);  // seed
  }
}
