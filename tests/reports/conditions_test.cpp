// One condition per table cell: runs that differ in a resolved-config key (test input, input
// size, learning rate) get their own cells and labels; keys tied to the model, the seed and
// keys that never change results split nothing; --rows/--cols; unknown keys and baselines.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <tuple>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "reports/conditions.h"
#include "reports/report.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::reports;
namespace fs = std::filesystem;

namespace {

using Row = std::map<std::string, std::string>;

std::vector<Row> read_csv(const fs::path& p) {
  std::istringstream in(test::read_file(p));
  std::string line;
  std::getline(in, line);
  const auto header = split(line, ',');
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    const auto f = split(line, ',');
    Row row;
    for (std::size_t i = 0; i < header.size() && i < f.size(); ++i) row[header[i]] = f[i];
    rows.push_back(row);
  }
  return rows;
}

const char* kModels[] = {"learnet", "resnet18"};
const char* kStrategies[] = {"single_di", "dual_phase_di"};

// What every run's config holds besides the varying key: seeds, output folders and thread
// counts differ per run but must never split a cell; aug.temporal.name follows the strategy.
std::map<std::string, std::string> base_params(int m, int s, int seed, int v) {
  return {{"seed", std::to_string(seed)},
          {"output.dir", "runs/" + std::to_string(m) + std::to_string(s) + std::to_string(seed) + std::to_string(v)},
          {"runtime.threads", std::to_string(1 + v + seed)},
          {"model.name", kModels[m]},
          {"aug.temporal.name", kStrategies[s]},
          {"train.epochs", "3"}};
}

// 2 models x 2 strategies x 2 seeds x 2 variants; `key` takes values[v].
fs::path fixture(const test::TempDir& dir, const std::string& key, const std::string& v0, const std::string& v1) {
  test::ReportFixture spec;
  spec.variants = 2;
  spec.params = [=](int m, int s, int seed, int v) {
    auto p = base_params(m, s, seed, v);
    p[key] = v == 0 ? v0 : v1;
    return p;
  };
  const auto db = dir / "results.sqlite";
  test::build_report_fixture(db, spec);
  return db;
}

// Mean UF1 over the seeds of one (model, strategy, variant), straight from SQLite.
double sql_uf1(const fs::path& db, const std::string& model, const std::string& strategy, int variant) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(d, "SELECT avg(uf1), count(*) FROM runs WHERE status = 'DONE' AND model = ? AND strategy = ? AND run_id LIKE ?");
  q.bind(1, model);
  q.bind(2, strategy);
  q.bind(3, "%-v" + std::to_string(variant));
  EXPECT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(1).getInt(), 2);
  return q.getColumn(0).getDouble();
}

const Row* find(const std::vector<Row>& rows, const std::string& row, const std::string& column) {
  for (const auto& r : rows)
    if (r.at("row") == row && r.at("column") == column) return &r;
  return nullptr;
}

// Checks that the main table has exactly the expected (row, column) cells, each with two seeds
// and the SQL mean of its variant.
void expect_cells(const fs::path& db, const std::vector<Row>& rows,
                  const std::vector<std::tuple<std::string, std::string, std::string, std::string, int>>& cells) {
  ASSERT_EQ(rows.size(), cells.size());
  for (const auto& [row, column, model, strategy, variant] : cells) {
    const auto* r = find(rows, row, column);
    ASSERT_NE(r, nullptr) << row << " | " << column;
    EXPECT_EQ(r->at("model"), model);
    EXPECT_EQ(r->at("strategy"), strategy);
    EXPECT_EQ(r->at("n"), "2") << row << " | " << column;
    EXPECT_NEAR(std::stod(r->at("uf1_mean")), sql_uf1(db, model, strategy, variant), 1e-12) << row << " | " << column;
  }
}

}  // namespace

TEST(ReportConditions, TestInputSplitsColumns) {
  test::TempDir dir("merlab-cond");
  const auto db = fixture(dir, "aug.temporal.test", "full", "phase_mean");
  const auto r = generate_report(test::tables_only(dir.path()));
  const auto rows = read_csv(r.out_dir / "tables/casme2.csv");
  std::vector<std::tuple<std::string, std::string, std::string, std::string, int>> want;
  for (const std::string m : kModels)
    for (const std::string s : kStrategies) {
      want.emplace_back(m, s + " test=full", m, s, 0);
      want.emplace_back(m, s + " test=phase_mean", m, s, 1);
    }
  expect_cells(db, rows, want);
  EXPECT_EQ(rows.front().at("aug.temporal.test"), "full");

  // Column order: baseline strategy first, the default test input first within a strategy.
  const auto md = test::read_file(r.out_dir / "tables/casme2.md");
  EXPECT_LT(md.find("single_di test=full Acc"), md.find("single_di test=phase_mean Acc")) << md;
  EXPECT_LT(md.find("single_di test=phase_mean Acc"), md.find("dual_phase_di test=full Acc")) << md;
  EXPECT_EQ(md.find("seed="), std::string::npos);
  EXPECT_EQ(md.find("dir="), std::string::npos);

  // Each test input is compared with the baseline of the same test input.
  const auto imp = read_csv(r.out_dir / "tables/casme2_improvement.csv");
  ASSERT_EQ(imp.size(), 4u);
  for (const auto& row : imp) {
    const bool phase = row.at("column").find("phase_mean") != std::string::npos;
    EXPECT_EQ(row.at("baseline_column"), phase ? "single_di test=phase_mean" : "single_di test=full");
    const int v = phase ? 1 : 0;
    const double dual = sql_uf1(db, row.at("model"), "dual_phase_di", v), base = sql_uf1(db, row.at("model"), "single_di", v);
    EXPECT_NEAR(std::stod(row.at("uf1_rel_pct")), 100 * (dual - base) / base, 1e-9);
  }
  // Statistics: one row per condition, tested against the matching baseline.
  const auto stats = read_csv(r.out_dir / "tables/casme2_stats.csv");
  ASSERT_EQ(stats.size(), 8u);
  for (const auto& row : stats)
    if (row.at("is_baseline") == "0") {
      EXPECT_EQ(row.at("subjects"), "4") << row.at("column");
      EXPECT_EQ(row.at("baseline_column"), row.at("column").find("phase_mean") != std::string::npos
                                               ? "single_di test=phase_mean"
                                               : "single_di test=full");
    }
  EXPECT_NE(test::read_file(r.index_html).find("dual_phase_di test=phase_mean"), std::string::npos);
  // Every run names its cell.
  for (const auto& run : read_csv(r.out_dir / "tables/runs.csv"))
    EXPECT_EQ(run.at("column"), run.at("strategy") + (run.at("run_id").back() == '1' ? " test=phase_mean" : " test=full"));
}

TEST(ReportConditions, LearningRateSplitsColumnsWithShortName) {
  test::TempDir dir("merlab-cond");
  const auto db = fixture(dir, "train.optimizer.lr", "1e-3", "1e-4");
  const auto r = generate_report(test::tables_only(dir.path()));
  const auto rows = read_csv(r.out_dir / "tables/casme2.csv");
  std::vector<std::tuple<std::string, std::string, std::string, std::string, int>> want;
  for (const std::string m : kModels)
    for (const std::string s : kStrategies) {
      want.emplace_back(m, s + " test=full lr=1e-3", m, s, 0);
      want.emplace_back(m, s + " test=full lr=1e-4", m, s, 1);
    }
  expect_cells(db, rows, want);
  EXPECT_EQ(rows.front().at("train.optimizer.lr"), "1e-4");  // numeric order: 1e-4 before 1e-3
  const auto md = test::read_file(r.out_dir / "tables/casme2.md");
  EXPECT_LT(md.find("single_di test=full lr=1e-4 Acc"), md.find("single_di test=full lr=1e-3 Acc")) << md;
  for (const auto& row : read_csv(r.out_dir / "tables/casme2_improvement.csv"))
    EXPECT_EQ(row.at("baseline_column"), "single_di test=full lr=" + row.at("column").substr(row.at("column").size() - 4));
}

TEST(ReportConditions, InputSizeWithinAModelSplitsRows) {
  test::TempDir dir("merlab-cond");
  const auto db = fixture(dir, "model.input_size", "224", "112");
  const auto r = generate_report(test::tables_only(dir.path()));
  const auto rows = read_csv(r.out_dir / "tables/casme2.csv");
  std::vector<std::tuple<std::string, std::string, std::string, std::string, int>> want;
  for (const std::string m : kModels)
    for (const std::string s : kStrategies) {
      want.emplace_back(m + " input_size=224", s + " test=full", m, s, 0);
      want.emplace_back(m + " input_size=112", s + " test=full", m, s, 1);
    }
  expect_cells(db, rows, want);
  const auto md = test::read_file(r.out_dir / "tables/casme2.md");
  EXPECT_LT(md.find("| learnet input_size=112 |"), md.find("| learnet input_size=224 |")) << md;
  EXPECT_NE(test::read_file(r.out_dir / "tables/casme2.tex").find("resnet18 input\\_size=224"), std::string::npos);
}

TEST(ReportConditions, KeyTiedToTheModelDoesNotSplit) {
  test::TempDir dir("merlab-cond");
  test::ReportFixture spec;
  spec.params = [](int m, int s, int seed, int v) {
    auto p = base_params(m, s, seed, v);
    p["model.input_size"] = m == 0 ? "112" : "224";  // zipped with model.name in the grid
    return p;
  };
  test::build_report_fixture(dir / "results.sqlite", spec);
  const auto r = generate_report(test::tables_only(dir.path()));
  const auto rows = read_csv(r.out_dir / "tables/casme2.csv");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    EXPECT_TRUE(row.at("row") == "learnet" || row.at("row") == "resnet18") << row.at("row");
    EXPECT_EQ(row.at("column"), row.at("strategy") + " test=full");
    EXPECT_EQ(row.at("n"), "2");
    EXPECT_EQ(row.count("model.input_size"), 0u);
  }
  EXPECT_EQ(test::read_file(r.out_dir / "tables/casme2.md").find("input_size"), std::string::npos);
}

TEST(ReportConditions, RowsAndColsChooseTheAxesInOrder) {
  test::TempDir dir("merlab-cond");
  const auto db = fixture(dir, "train.optimizer.lr", "1e-3", "1e-4");
  auto o = test::tables_only(dir.path());
  o.rows = {"train.optimizer.lr"};
  o.cols = {"model.name"};  // strategy and test input are appended: never averaged
  auto r = generate_report(o);
  auto rows = read_csv(r.out_dir / "tables/casme2.csv");
  std::vector<std::tuple<std::string, std::string, std::string, std::string, int>> want;
  for (const std::string m : kModels)
    for (const std::string s : kStrategies) {
      want.emplace_back("lr=1e-3", m + " " + s + " test=full", m, s, 0);
      want.emplace_back("lr=1e-4", m + " " + s + " test=full", m, s, 1);
    }
  expect_cells(db, rows, want);
  auto md = test::read_file(r.out_dir / "tables/casme2.md");
  EXPECT_NE(md.find("| lr |"), std::string::npos) << md;
  EXPECT_LT(md.find("| lr=1e-4 |"), md.find("| lr=1e-3 |"));
  EXPECT_LT(md.find("learnet single_di test=full Acc"), md.find("resnet18 single_di test=full Acc"));
  // Baselines are matched within the row: each lr against single_di of the same lr and model.
  for (const auto& row : read_csv(r.out_dir / "tables/casme2_improvement.csv"))
    EXPECT_EQ(row.at("baseline_column"), row.at("model") + " single_di test=full");

  // The CLI: columns in the order given, the test input appended.
  auto cli = test::run_mer({"report", dir.path().string(), "--no-figures", "--bootstrap", "20", "--out",
                            (dir / "cli").string(), "--rows", "model.name", "--cols", "strategy,train.optimizer.lr"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  md = test::read_file(dir / "cli/tables/casme2.md");
  EXPECT_NE(md.find("single_di lr=1e-4 test=full Acc"), std::string::npos) << md;
  EXPECT_EQ(md.find("single_di test=full lr=1e-4 Acc"), std::string::npos);
  EXPECT_EQ(read_csv(dir / "cli/tables/casme2.csv").size(), 8u);
}

TEST(ReportConditions, UnknownKeyAndUnknownBaselineAreErrors) {
  test::TempDir dir("merlab-cond");
  fixture(dir, "train.optimizer.lr", "1e-3", "1e-4");
  auto o = test::tables_only(dir.path());
  o.cols = {"train.optimizer.momentum"};
  try {
    generate_report(o);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("train.optimizer.momentum"), std::string::npos) << what;
    EXPECT_NE(what.find("train.optimizer.lr"), std::string::npos) << what;
    EXPECT_NE(what.find("aug.temporal.name"), std::string::npos) << what;
    EXPECT_EQ(what.find("output.dir"), std::string::npos) << what;
  }
  o.cols = {};
  o.rows = {"train.epochs"};  // present but the same in every run
  EXPECT_THROW(generate_report(o), UsageError);

  o = test::tables_only(dir.path());
  o.baseline = "no_such_strategy";
  try {
    generate_report(o);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("no_such_strategy"), std::string::npos) << what;
    EXPECT_NE(what.find("single_di, dual_phase_di"), std::string::npos) << what;
  }
  auto bad_key = test::run_mer({"report", dir.path().string(), "--no-figures", "--rows", "nope.key"});
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_NE(bad_key.err.find("nope.key"), std::string::npos) << bad_key.err;
  auto bad_base = test::run_mer({"report", dir.path().string(), "--no-figures", "--baseline", "single"});
  EXPECT_EQ(bad_base.exit_code, 2);
  EXPECT_NE(bad_base.err.find("dual_phase_di"), std::string::npos) << bad_base.err;
}

TEST(ReportConditions, ShortNamesIgnoredKeysAndBaselineFallback) {
  auto run = [](const std::string& strategy, std::map<std::string, std::string> params) {
    storage::RunRecord r;
    r.dataset = "casme2";
    r.model = "resnet18";
    r.strategy = strategy;
    r.params = std::move(params);
    return r;
  };
  std::vector<storage::RunRecord> runs = {
      run("single_di", {{"train.optimizer.lr", "1e-3"}, {"train.scheduler.lr", "0.1"}, {"di.cache_dir", "/a"}, {"dataset.root", "/x"}}),
      run("single_di", {{"train.optimizer.lr", "1e-4"}, {"train.scheduler.lr", "0.2"}, {"di.cache_dir", "/b"}, {"dataset.root", "/y"}}),
      run("dual_phase_di", {{"train.optimizer.lr", "1e-4"}, {"train.scheduler.lr", "0.1"}, {"launcher.nodes", "2"}})};
  std::vector<const storage::RunRecord*> ptrs;
  for (const auto& r : runs) ptrs.push_back(&r);
  const Conditions c(ptrs, {});
  EXPECT_EQ(c.row_keys(), (std::vector<std::string>{"model.name"}));
  EXPECT_EQ(c.col_keys(), (std::vector<std::string>{"strategy", "aug.temporal.test", "train.optimizer.lr", "train.scheduler.lr"}));
  EXPECT_EQ(c.short_name("train.optimizer.lr"), "optimizer.lr");
  EXPECT_EQ(c.short_name("train.scheduler.lr"), "scheduler.lr");
  EXPECT_EQ(c.short_name("aug.temporal.test"), "test");
  EXPECT_EQ(c.col_label(c.col_values(runs[2])), "dual_phase_di test=full optimizer.lr=1e-4 scheduler.lr=0.1");
  EXPECT_EQ(c.condition_id(runs[0]), "train.optimizer.lr=1e-3 train.scheduler.lr=0.1");
  for (const std::string k : {"seed", "output.dir", "runtime.threads", "launcher.nodes", "di.cache_dir", "dataset.root"})
    EXPECT_TRUE(ignored_config_key(k)) << k;
  EXPECT_FALSE(ignored_config_key("dataset.name"));
  EXPECT_FALSE(ignored_config_key("outputs.x"));
}

TEST(Conditions, PhaseFlowRunsShowTheirPhaseMeanTestInput) {
  storage::RunRecord run;
  run.params = {{"repr.name", "phase_flow"}, {"aug.temporal.test", "full"}};
  EXPECT_EQ(condition_value(run, kTestKey), "phase_mean");  // what the run tested on, not the aug file's text
  run.params.erase("aug.temporal.test");
  EXPECT_EQ(condition_value(run, kTestKey), "phase_mean");
  run.params["aug.temporal.test"] = "pair";  // phase_pair keeps its pair reading
  EXPECT_EQ(condition_value(run, kTestKey), "pair");
  run.params = {{"repr.name", "flow_strain"}};
  EXPECT_EQ(condition_value(run, kTestKey), "full");
}
