// The per-part table of composite datasets: each part's numbers recomputed here from the stored
// predictions of that part's clips; absent for a plain dataset.
#include "reports/parts_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "framework/metrics/classification.h"
#include "framework/storage/results_db.h"
#include "reports/report.h"
#include "reports/report_data.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::reports;
namespace fs = std::filesystem;

TEST(PartsTable, EachPartScoredOnItsOwnClips) {
  test::TempDir dir;
  test::ReportFixture spec;
  spec.dataset = "megc2019";
  spec.subjects = 6;
  spec.parts = {"smic", "casme2", "samm"};
  spec.unfinished_runs = false;
  test::build_report_fixture(dir / "results.sqlite", spec);

  const auto data = load_report_data(dir / "results.sqlite");
  ASSERT_FALSE(data.runs.empty());
  const RunData& run = data.runs.front();
  ASSERT_EQ(run.parts.size(), 3u);
  EXPECT_EQ(run.parts[0].subject, "casme2");  // sorted by label
  // casme2's clips alone, recomputed from the predictions.
  std::vector<int> t, p;
  for (const auto& pr : run.predictions)
    if (pr.subject.rfind("casme2/", 0) == 0) t.push_back(pr.y_true), p.push_back(pr.y_pred);
  ASSERT_EQ(t.size(), 2u * static_cast<std::size_t>(spec.clips_per_subject));
  const auto m = metrics::compute_metrics(t, p, 3);
  EXPECT_DOUBLE_EQ(run.parts[0].uf1, m.uf1);
  EXPECT_DOUBLE_EQ(run.parts[0].uar, m.uar);
  EXPECT_EQ(run.parts[0].n, static_cast<std::int64_t>(t.size()));

  auto r = generate_report(test::tables_only(dir.path()));
  const std::string md = test::read_file(r.out_dir / "tables" / "megc2019_parts.md");
  EXPECT_NE(md.find("| casme2 UF1 | casme2 UAR | samm UF1 | samm UAR | smic UF1 | smic UAR | all UF1 | all UAR |"),
            std::string::npos) << md;
  const std::string csv = test::read_file(r.out_dir / "tables" / "megc2019_parts.csv");
  // 2 models x 2 strategies cells x (3 parts + all) rows + header.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 4 * 4) << csv;
  EXPECT_TRUE(fs::exists(r.out_dir / "tables" / "megc2019_parts.tex"));
  EXPECT_NE(test::read_file(r.out_dir / "index.html").find("megc2019_parts.md"), std::string::npos);

  // The cell mean over seeds equals the mean of the runs' part metrics.
  ConditionOptions co;
  co.baseline = "single_di";
  const auto tables = build_tables(data, Conditions(run_records(data), co), "single_di");
  const auto parts = build_parts_table(tables.front());
  ASSERT_TRUE(parts.has_value());
  const Cell& cell = tables.front().cell(0, 0);
  double sum = 0;
  for (const auto* rd : cell.runs) sum += rd->parts[0].uf1;
  EXPECT_NEAR(parts->rows.front().uf1[0].mean, sum / cell.n(), 1e-12);
  EXPECT_NEAR(parts->rows.front().uf1[3].mean, cell.get(Metric::uf1).mean, 1e-12);  // "all" = the main table
}

TEST(PartsTable, PlainDatasetsHaveNone) {
  test::TempDir dir;
  test::ReportFixture spec;
  spec.unfinished_runs = false;
  test::build_report_fixture(dir / "results.sqlite", spec);
  const auto data = load_report_data(dir / "results.sqlite");
  EXPECT_TRUE(data.runs.front().parts.empty());
  auto r = generate_report(test::tables_only(dir.path()));
  EXPECT_FALSE(fs::exists(r.out_dir / "tables" / "casme2_parts.md"));
}
