// `mer report` end to end on a fixture database: table numbers against SQL aggregates, the
// statistics against SQL per-subject scores, figure files, HTML links, idempotence, errors.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "reports/format.h"
#include "reports/gnuplot.h"
#include "reports/report.h"
#include "reports/wilcoxon.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::reports;
namespace fs = std::filesystem;

namespace {

// CSV rows as header -> value maps (the report's CSV never quotes these fixture labels).
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::istringstream in(test::read_file(p));
  std::string line;
  std::getline(in, line);
  const auto header = split(line, ',');
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto f = split(line, ',');
    EXPECT_EQ(f.size(), header.size()) << line;
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < f.size(); ++i) row[header[i]] = f[i];
    rows.push_back(row);
  }
  return rows;
}

bool have_gnuplot() {
  try {
    find_gnuplot();
    return true;
  } catch (const RuntimeError&) {
    return false;
  }
}

ReportOptions tables_only(const fs::path& dir) { return test::tables_only(dir, 300); }

struct SqlCell {
  int n = 0;
  double mean[3] = {0, 0, 0}, sd[3] = {0, 0, 0};
};

// Mean and sample std over seeds, computed by SQLite (sum of squares for the spread).
SqlCell sql_cell(const fs::path& db, const std::string& model, const std::string& strategy) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(d,
                      "SELECT count(*), avg(acc), avg(uf1), avg(uar), sum(acc*acc), sum(uf1*uf1), sum(uar*uar) FROM runs "
                      "WHERE status = 'DONE' AND model = ? AND strategy = ?");
  q.bind(1, model);
  q.bind(2, strategy);
  SqlCell c;
  if (!q.executeStep()) return c;
  c.n = q.getColumn(0).getInt();
  for (int k = 0; k < 3; ++k) {
    c.mean[k] = q.getColumn(1 + k).getDouble();
    const double ss = q.getColumn(4 + k).getDouble();
    c.sd[k] = c.n > 1 ? std::sqrt(std::max(0.0, (ss - c.n * c.mean[k] * c.mean[k]) / (c.n - 1))) : NAN;
  }
  return c;
}

}  // namespace

TEST(ReportTables, NumbersEqualSqlAggregates) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite");
  const auto r = generate_report(tables_only(dir.path()));
  EXPECT_EQ(r.out_dir, dir.path() / "report");
  EXPECT_EQ(r.runs_done, 8);

  const auto rows = read_csv(r.out_dir / "tables/casme2.csv");
  ASSERT_EQ(rows.size(), 4u);
  const char* keys[3] = {"acc", "uf1", "uar"};
  for (const auto& row : rows) {
    const auto c = sql_cell(dir / "results.sqlite", row.at("model"), row.at("strategy"));
    EXPECT_EQ(std::stoi(row.at("n")), c.n);
    EXPECT_EQ(c.n, 2);
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(std::stod(row.at(std::string(keys[k]) + "_mean")), c.mean[k], 1e-12) << row.at("model");
      EXPECT_NEAR(std::stod(row.at(std::string(keys[k]) + "_sd")), c.sd[k], 1e-9) << row.at("model");
    }
  }

  // Markdown: baseline column first, rounded SQL means, the best strategy of each row bold,
  // and nothing from the FAILED / PENDING runs.
  const auto md = test::read_file(r.out_dir / "tables/casme2.md");
  EXPECT_LT(md.find("single_di test=full Acc"), md.find("dual_phase_di test=full Acc"));
  EXPECT_EQ(md.find("zzz_pending_model"), std::string::npos);
  for (const std::string model : {"learnet", "resnet18"}) {
    const auto base = sql_cell(dir / "results.sqlite", model, "single_di");
    const auto dual = sql_cell(dir / "results.sqlite", model, "dual_phase_di");
    for (int k = 0; k < 3; ++k) {
      const auto& best = dual.mean[k] >= base.mean[k] ? dual : base;
      const auto& other = dual.mean[k] >= base.mean[k] ? base : dual;
      Summary sb{best.n, best.mean[k], best.sd[k]}, so{other.n, other.mean[k], other.sd[k]};
      EXPECT_NE(md.find("**" + mean_sd(sb, " ± ", false) + "**"), std::string::npos) << model << " " << keys[k] << "\n" << md;
      if (pct(best.mean[k]) != pct(other.mean[k])) {
        EXPECT_EQ(md.find("**" + mean_sd(so, " ± ", false) + "**"), std::string::npos) << model << " " << keys[k];
      }
    }
    // Relative improvement from SQL means.
    for (const auto& row : read_csv(r.out_dir / "tables/casme2_improvement.csv")) {
      if (row.at("model") != model) continue;
      EXPECT_EQ(row.at("strategy"), "dual_phase_di");
      for (int k = 0; k < 3; ++k)
        EXPECT_NEAR(std::stod(row.at(std::string(keys[k]) + "_rel_pct")), 100 * (dual.mean[k] - base.mean[k]) / base.mean[k],
                    1e-9);
    }
  }
  const auto tex = test::read_file(r.out_dir / "tables/casme2.tex");
  EXPECT_NE(tex.find("\\toprule"), std::string::npos);
  EXPECT_NE(tex.find("\\multicolumn{3}{c}{single\\_di test=full}"), std::string::npos);
  EXPECT_NE(tex.find("\\mathbf{"), std::string::npos);
  EXPECT_NE(tex.find("\\bottomrule"), std::string::npos);
  EXPECT_EQ(read_csv(r.out_dir / "tables/runs.csv").size(), 8u);
}

TEST(ReportTables, SeedCountsShownWhenTheyDiffer) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite");
  {
    SQLite::Database d((dir / "results.sqlite").string(), SQLite::OPEN_READWRITE);
    d.exec("UPDATE runs SET status = 'FAILED' WHERE run_id = 'learnet-single_di-s2-casme2'");
  }
  const auto r = generate_report(tables_only(dir.path()));
  const auto md = test::read_file(r.out_dir / "tables/casme2.md");
  EXPECT_NE(md.find("(n=1)"), std::string::npos) << md;
  EXPECT_NE(md.find("(n=2)"), std::string::npos);
  EXPECT_NE(md.find("seeds differ"), std::string::npos);
}

TEST(ReportStats, IntervalsAndWilcoxonFromSqlPerSubjectScores) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite", "casme2", 2, 2, 8, 6);
  const auto r = generate_report(tables_only(dir.path()));
  const auto rows = read_csv(r.out_dir / "tables/casme2_stats.csv");
  ASSERT_EQ(rows.size(), 4u);
  SQLite::Database d((dir / "results.sqlite").string(), SQLite::OPEN_READONLY);
  // Per-subject accuracy averaged over seeds, straight from the predictions table.
  auto subject_acc = [&](const std::string& model, const std::string& strategy) {
    SQLite::Statement q(d,
                        "SELECT subject, avg(acc) FROM (SELECT p.run_id, p.subject, avg(p.y_true = p.y_pred) AS acc "
                        "FROM predictions p JOIN runs r USING (run_id) WHERE r.status = 'DONE' AND r.model = ? AND "
                        "r.strategy = ? GROUP BY p.run_id, p.subject) GROUP BY subject ORDER BY subject");
    q.bind(1, model);
    q.bind(2, strategy);
    std::vector<double> v;
    while (q.executeStep()) v.push_back(q.getColumn(1).getDouble());
    return v;
  };
  for (const auto& row : rows) {
    const double uf1 = std::stod(row.at("uf1")), lo = std::stod(row.at("uf1_lo")), hi = std::stod(row.at("uf1_hi"));
    EXPECT_LE(lo, uf1);
    EXPECT_GE(hi, uf1);
    EXPECT_LT(lo, hi);
    EXPECT_LE(std::stod(row.at("uar_lo")), std::stod(row.at("uar")));
    EXPECT_GE(std::stod(row.at("uar_hi")), std::stod(row.at("uar")));
    EXPECT_NEAR(uf1, sql_cell(dir / "results.sqlite", row.at("model"), row.at("strategy")).mean[1], 1e-12);
    EXPECT_EQ(row.at("paired_resampling"), "1");
    if (row.at("strategy") == "single_di") {
      EXPECT_EQ(row.at("is_baseline"), "1");
      EXPECT_EQ(row.at("acc_method"), "-");
      continue;
    }
    EXPECT_EQ(row.at("subjects"), "8");
    const auto a = subject_acc(row.at("model"), row.at("strategy"));
    const auto b = subject_acc(row.at("model"), "single_di");
    ASSERT_EQ(a.size(), 8u);
    std::vector<double> diff;
    for (std::size_t i = 0; i < a.size(); ++i) diff.push_back(std::round((a[i] - b[i]) * 1e9) / 1e9);
    const auto w = wilcoxon_signed_rank(diff);
    EXPECT_NEAR(std::stod(row.at("acc_p")), w.p_value, 1e-12);
    EXPECT_EQ(row.at("acc_method"), to_string(w.method));
  }
  // Same seed, same intervals; another seed moves them.
  auto again = generate_report(tables_only(dir.path()));
  EXPECT_EQ(test::read_file(again.out_dir / "tables/casme2_stats.csv"), test::read_file(r.out_dir / "tables/casme2_stats.csv"));
  auto o = tables_only(dir.path());
  o.seed = 99;
  o.out_dir = dir / "other";
  generate_report(o);
  EXPECT_NE(test::read_file(dir / "other/tables/casme2_stats.csv"), test::read_file(r.out_dir / "tables/casme2_stats.csv"));
}

TEST(ReportOutput, IdempotentAndRegeneratedNotAppended) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite");
  const auto r1 = generate_report(tables_only(dir.path()));
  std::map<std::string, std::string> first;
  for (const auto& f : r1.files) first[f] = test::read_file(r1.out_dir / f);
  test::write_file(r1.out_dir / "my-notes.txt", "kept");
  test::write_file(r1.out_dir / "tables/old_dataset.md", "stale");  // not the report's: kept too
  const auto r2 = generate_report(tables_only(dir.path()));
  ASSERT_EQ(r1.files, r2.files);
  for (const auto& f : r2.files) EXPECT_EQ(test::read_file(r2.out_dir / f), first[f]) << f;
  EXPECT_TRUE(fs::exists(r2.out_dir / "my-notes.txt"));
  EXPECT_TRUE(fs::exists(r2.out_dir / "tables/old_dataset.md"));

  // A dataset that disappears from the database loses its files on the next report.
  test::build_report_fixture(dir / "results.sqlite", "samm");
  const auto r3 = generate_report(tables_only(dir.path()));
  EXPECT_TRUE(fs::exists(r3.out_dir / "tables/samm.md"));
  {
    SQLite::Database d((dir / "results.sqlite").string(), SQLite::OPEN_READWRITE);
    d.exec("UPDATE runs SET status = 'FAILED' WHERE dataset = 'samm'");
  }
  generate_report(tables_only(dir.path()));
  EXPECT_FALSE(fs::exists(r3.out_dir / "tables/samm.md"));
  EXPECT_TRUE(fs::exists(r3.out_dir / "tables/casme2.md"));
}

TEST(ReportHtml, LinksOnlyToExistingFilesAndShowsProvenance) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite");
  auto o = tables_only(dir.path());
  const bool figures = have_gnuplot();
  o.figures = figures;
  const auto r = generate_report(o);
  const auto html = test::read_file(r.index_html);
  std::regex attr(R"((?:href|src)=\"([^\"#][^\"]*)\")");
  int links = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), attr); it != std::sregex_iterator(); ++it) {
    const std::string target = (*it)[1];
    EXPECT_EQ(target.find("://"), std::string::npos) << target;
    EXPECT_NE(target[0], '/') << "absolute link " << target;
    EXPECT_TRUE(fs::is_regular_file(r.out_dir / target)) << target;
    ++links;
  }
  EXPECT_GE(links, 10);  // 3 tables x 3 formats + runs.csv at least
  for (const char* text : {"abc1234", "libtorch", "1.13.1", "model.name: [learnet, resnet18]", "mer sweep paper --grid &lt;a &amp; b&gt;",
                           "train:", "first run started", "Wilcoxon"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
  if (figures) {
    EXPECT_NE(html.find("<img src=\"figures/bars_uf1_casme2.png\""), std::string::npos);
  }
}

TEST(ReportFigures, EveryFigureFileIsValid) {
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot not found on PATH (Debian package gnuplot-nox): figure tests skipped";
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite");
  auto o = tables_only(dir.path());
  o.figures = true;
  o.formats = {"png", "svg", "pdf"};
  const auto r = generate_report(o);
  // 2 bar charts + 1 improvement + 2 per-subject + 4 curve figures + 8 confusion matrices.
  EXPECT_EQ(r.figures, 17);
  std::map<std::string, int> by_ext;
  int paper_pdfs = 0;
  for (const auto& f : r.files) {
    const auto ext = fs::path(f).extension().string();
    if (ext != ".png" && ext != ".svg" && ext != ".pdf") continue;
    if (f.rfind("paper/", 0) == 0) {  // paper figures (PDF only): 3 metrics + 1 text-width figure
      EXPECT_EQ(test::read_file(r.out_dir / f).substr(0, 4), "%PDF") << f;
      ++paper_pdfs;
      continue;
    }
    const auto bytes = test::read_file(r.out_dir / f);
    ++by_ext[ext];
    if (ext == ".png") {
      EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << f;
    } else if (ext == ".pdf") {
      EXPECT_EQ(bytes.substr(0, 4), "%PDF") << f;
    } else {
      EXPECT_NE(bytes.find("<svg"), std::string::npos) << f;
    }
    EXPECT_GT(bytes.size(), 500u) << f;
  }
  EXPECT_EQ(by_ext[".png"], 17);
  EXPECT_EQ(by_ext[".svg"], 17);
  EXPECT_EQ(by_ext[".pdf"], 17);
  EXPECT_EQ(paper_pdfs, 4);
  // Curves name the held-out fold's curve as monitor only.
  EXPECT_NE(test::read_file(r.out_dir / "figures/curves_casme2_learnet_single_di.svg").find("monitor only"), std::string::npos);
  EXPECT_FALSE(fs::exists(r.out_dir / "figures/plots-1.gp.log"));  // removed after a clean run
}

TEST(ReportFigures, OneStrategySplitByAKeyDrawsNoEmptyImprovementFigure) {
  // Every column is its own baseline (one strategy, columns split by a key): nothing to compare,
  // so no improvement figure, and gnuplot gets no empty plot command.
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot not found on PATH (Debian package gnuplot-nox): figure tests skipped";
  test::TempDir dir("merlab-report");
  test::ReportFixture spec;
  spec.strategies = 1;
  spec.variants = 2;
  spec.params = [](int m, int, int seed, int v) {
    return std::map<std::string, std::string>{{"seed", std::to_string(seed)},
                                              {"model.name", m == 0 ? "learnet" : "resnet18"},
                                              {"repr.name", v == 0 ? "di" : "flow_strain"}};
  };
  test::build_report_fixture(dir / "results.sqlite", spec);
  auto o = tables_only(dir.path());
  o.figures = true;
  o.formats = {"svg"};
  const auto r = generate_report(o);
  EXPECT_GT(r.figures, 0);
  for (const auto& f : r.files) EXPECT_EQ(f.find("improvement_"), std::string::npos) << f;
  EXPECT_FALSE(fs::exists(r.out_dir / "figures/plots-1.gp.log"));
}

TEST(ReportErrors, MissingGnuplotNamesThePackage) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite", "casme2", 1, 1, 2, 3);
  auto o = tables_only(dir.path());
  o.figures = true;
  o.gnuplot = (dir / "no-such-gnuplot").string();
  try {
    generate_report(o);
    FAIL() << "expected RuntimeError";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("gnuplot-nox"), std::string::npos) << e.what();
  }
  EXPECT_THROW(generate_report(tables_only(dir / "nothing-here")), RuntimeError);
}

TEST(ReportCli, ExitCodesAndOutput) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite", "casme2", 1, 1, 2, 3);
  auto ok = test::run_mer({"report", dir.path().string(), "--no-figures", "--out", (dir / "rep").string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(fs::exists(dir / "rep/index.html"));
  // No gnuplot on PATH: exit 1 with the package name.
  auto missing = test::run_mer({"report", dir.path().string(), "--out", (dir / "rep2").string()}, "PATH=/nonexistent");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("gnuplot-nox"), std::string::npos) << missing.err;
  EXPECT_EQ(test::run_mer({"report"}).exit_code, 2);
  EXPECT_EQ(test::run_mer({"report", dir.path().string(), "--formats", "gif"}).exit_code, 2);
  EXPECT_EQ(test::run_mer({"report", (dir / "missing").string()}).exit_code, 1);
}

TEST(ReportTables, BaselineOptionAndMissingBaseline) {
  test::TempDir dir("merlab-report");
  test::build_report_fixture(dir / "results.sqlite");
  auto o = tables_only(dir.path());
  o.baseline = "dual_phase_di";
  auto r = generate_report(o);
  const auto md = test::read_file(r.out_dir / "tables/casme2.md");
  EXPECT_LT(md.find("dual_phase_di test=full Acc"), md.find("single_di test=full Acc"));
  const auto imp = read_csv(r.out_dir / "tables/casme2_improvement.csv");
  ASSERT_EQ(imp.size(), 2u);
  EXPECT_EQ(imp[0].at("strategy"), "single_di");
  EXPECT_EQ(imp[0].at("baseline"), "dual_phase_di");

  EXPECT_EQ(imp[0].at("baseline_column"), "dual_phase_di test=full");

  // A baseline that no run has is an error naming the strategies (it used to leave the
  // improvement tables empty).
  o.baseline = "no_such_strategy";
  EXPECT_THROW(generate_report(o), UsageError);
}

TEST(ReportOutput, DatabaseWithoutDoneRuns) {
  test::TempDir dir("merlab-report");
  { auto db = storage::ResultsDb::open(dir / "results.sqlite"); }
  auto o = tables_only(dir.path());
  o.figures = have_gnuplot();
  const auto r = generate_report(o);
  EXPECT_EQ(r.runs_done, 0);
  EXPECT_EQ(r.figures, 0);
  EXPECT_NE(test::read_file(r.index_html).find("No DONE run"), std::string::npos);
  EXPECT_EQ(read_csv(r.out_dir / "tables/runs.csv").size(), 0u);
}
