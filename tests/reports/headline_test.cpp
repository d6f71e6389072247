// The report's headline answer (reports/headline.h) and the page sections built on it
// (reports/html_sections.h), on a fixture with the linear floor as one of the models.
#include <gtest/gtest.h>

#include <cmath>

#include "reports/headline.h"
#include "reports/report.h"
#include "reports/report_data.h"
#include "reports/stats_table.h"
#include "reports/table_data.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::reports;

namespace {

test::ReportFixture floor_fixture() {
  test::ReportFixture spec;
  spec.model_names = {"linear_probe", "resnet18"};
  spec.strategies = 3;
  spec.unfinished_runs = false;
  return spec;
}

}  // namespace

TEST(ReportHeadline, BestStrategyItsDifferenceAndTheLinearFloor) {
  test::TempDir dir("merlab-headline");
  test::build_report_fixture(dir / "results.sqlite", floor_fixture());
  const auto data = load_report_data(dir / "results.sqlite");
  const auto tables = build_tables(data, "single_di");
  ASSERT_EQ(tables.size(), 1u);
  const auto& t = tables[0];
  StatsOptions so;
  so.bootstrap.resamples = 200;
  const auto st = build_stats(t, so);
  const auto h = build_headline(t, st);
  ASSERT_EQ(h.rows.size(), 2u);
  EXPECT_TRUE(h.has_floor);

  double floor_best = -1;
  for (std::size_t c = 0; c < t.columns.size(); ++c) floor_best = std::max(floor_best, t.cell(0, c).get(Metric::uf1).mean);
  for (const auto& r : h.rows) {
    // The best column is the highest pooled UF1 of the row.
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      EXPECT_LE(t.cell(r.row, c).get(Metric::uf1).mean, t.cell(r.row, r.best).get(Metric::uf1).mean);
    EXPECT_DOUBLE_EQ(r.best_uf1, t.cell(r.row, r.best).get(Metric::uf1).mean);
    ASSERT_TRUE(r.compared.has_value());
    const std::size_t cell = r.best_is_baseline ? *r.compared : r.best;
    const std::size_t base = r.best_is_baseline ? r.best : *r.compared;
    EXPECT_TRUE(t.is_baseline(base));
    ASSERT_TRUE(r.uf1.diff_pp.has_value());
    EXPECT_NEAR(*r.uf1.diff_pp, 100 * (t.cell(r.row, cell).get(Metric::uf1).mean - t.cell(r.row, base).get(Metric::uf1).mean),
                1e-9);
    EXPECT_NEAR(*r.uar.diff_pp, 100 * (t.cell(r.row, cell).get(Metric::uar).mean - t.cell(r.row, base).get(Metric::uar).mean),
                1e-9);
    // The p-values are the stats table's paired tests of that cell, UF1 and UAR.
    for (const auto& s : st.rows)
      if (s.row == t.rows[r.row] && s.column == t.columns[cell]) {
        EXPECT_EQ(r.uf1.p, s.uf1_test.p_value);
        EXPECT_EQ(r.uar.p, s.uar_test.p_value);
      }
    EXPECT_EQ(r.is_floor, t.rows[r.row] == "linear_probe");
    ASSERT_TRUE(r.floor_uf1.has_value());
    EXPECT_DOUBLE_EQ(*r.floor_uf1, floor_best);
  }
}

TEST(ReportHeadline, PageAnswersWithDisplayNamesPerClassScoresAndConfigDifferences) {
  test::TempDir dir("merlab-headline");
  auto spec = floor_fixture();
  spec.params = [](int m, int s, int seed, int) {
    return std::map<std::string, std::string>{{"model.name", m == 0 ? "linear_probe" : "resnet18"},
                                              {"aug.temporal.name", s == 1 ? "dual_phase_di" : "single_di"},
                                              {"seed", std::to_string(seed)},
                                              {"train.epochs", "3"},
                                              {"output.root", "/somewhere"}};
  };
  test::build_report_fixture(dir / "results.sqlite", spec);
  ReportOptions o;
  o.input = dir.path();
  o.figures = false;
  o.bootstrap_resamples = 100;
  const auto html = test::read_file(generate_report(o).index_html);
  for (const char* text : {"What this dataset shows", "This is the linear floor", "the linear floor (Linear probe best UF1",
                           "<b>ResNet-18</b>", "Dual-phase DI", "class=\"sortable results\"", "p (UAR)", "UF1 95% CI",
                           "F1 negative", "Recall surprise", "class=\"sortable config-diff\"", "<th>model.name</th>",
                           "<th>aug.temporal.name</th>", "Settings every run shares (1 key)", "<th>train.epochs</th>",
                           "<script>"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
  // Ignored keys are not differences; the seed is its own column, not a config difference.
  EXPECT_EQ(html.find("output.root"), std::string::npos);
  EXPECT_EQ(html.find("<th>seed</th>"), std::string::npos);
  // Nothing is fetched from elsewhere.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}
