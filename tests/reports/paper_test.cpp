// Paper tables and figures (report/paper/): selection and order, display names and their
// override file, significance marks (+ Holm), captions, layouts that fit, and that preview.tex
// compiles with pdflatex without errors or overfull boxes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <regex>

#include "framework/common/error.h"
#include "reports/display_names.h"
#include "reports/gnuplot.h"
#include "reports/paper_latex.h"
#include "reports/report.h"
#include "reports/report_data.h"
#include "reports/significance.h"
#include "reports/stats_table.h"
#include "reports/table_selection.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::reports;
namespace fs = std::filesystem;

namespace {

bool have(const std::string& exe) { return test::run_shell("command -v " + exe + " >/dev/null 2>&1").exit_code == 0; }

bool have_pdfcairo() {
  return have("gnuplot") && test::run_shell("gnuplot -e 'set terminal' 2>&1 | grep -q pdfcairo").exit_code == 0;
}

ReportOptions options(const fs::path& dir, bool figures) {
  ReportOptions o;
  o.input = dir;
  o.figures = figures;
  o.formats = {"png"};
  o.bootstrap_resamples = 100;
  return o;
}

// Compiles paper/preview.tex in a scratch copy; returns the log. Fails the test on a LaTeX
// error or an overfull \hbox wider than 1pt.
void expect_compiles(const fs::path& paper_dir) {
  test::TempDir tmp("merlab-latex");
  fs::copy(paper_dir, tmp.path(), fs::copy_options::recursive);
  const auto r = test::run_shell("cd " + test::shell_quote(tmp.path().string()) +
                                 " && pdflatex -interaction=nonstopmode -halt-on-error preview.tex");
  const auto log = test::read_file(tmp / "preview.log");
  EXPECT_EQ(r.exit_code, 0) << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
  EXPECT_TRUE(fs::exists(tmp / "preview.pdf"));
  const std::regex overfull(R"(Overfull \\hbox \(([0-9.]+)pt too wide\))");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), overfull); it != std::sregex_iterator(); ++it)
    EXPECT_LE(std::stod((*it)[1].str()), 1.0) << (*it)[0].str();
  EXPECT_EQ(log.find("\n! "), std::string::npos) << log;
}

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

}  // namespace

TEST(PaperLatex, PreviewCompilesWithoutOverfullBoxes) {
  if (!have("pdflatex")) GTEST_SKIP() << "pdflatex not installed (texlive-latex-base)";
  // 2 x 2 fits as metric columns; 3 and 5 models x 4 strategies x 3 seeds (13 columns) need
  // the other layouts, the last one scaling.
  for (int models : {2, 3, 5}) {
    test::TempDir dir("merlab-paper");
    test::ReportFixture spec;
    spec.models = models;
    if (models > 2) {
      spec.strategies = 4;
      spec.seeds = 3;
    }
    test::build_report_fixture(dir / "results.sqlite", spec);
    const auto r = generate_report(options(dir.path(), have_pdfcairo()));
    const auto paper = r.out_dir / "paper";
    ASSERT_TRUE(fs::exists(paper / "preview.tex"));
    ASSERT_TRUE(fs::exists(paper / "tables/casme2.tex"));
    const auto snippets = test::read_file(paper / "snippets.tex");
    EXPECT_NE(snippets.find("\\input{tables/casme2.tex}"), std::string::npos);
    if (have_pdfcairo()) {
      EXPECT_TRUE(fs::exists(paper / "figures/bars_uf1_casme2.pdf"));
      EXPECT_TRUE(fs::exists(paper / "figures/bars_casme2.pdf"));
      EXPECT_NE(snippets.find("\\includegraphics[width=\\columnwidth]{figures/bars_uf1_casme2.pdf}"), std::string::npos);
    }
    expect_compiles(paper);
    // Two-column papers: table* at \textwidth.
    auto o = options(dir.path(), false);
    o.latex_width = "two-column";
    generate_report(o);
    EXPECT_NE(test::read_file(paper / "tables/casme2.tex").find("\\begin{table*}"), std::string::npos);
    expect_compiles(paper);
  }
}

TEST(PaperLatex, WideTablesChooseALayoutThatFitsOneColumn) {
  StatsOptions so;
  so.bootstrap.resamples = 50;
  PaperTableOptions o;
  // 3 models x 4 strategies: 13 columns as metric columns; one table per metric fits.
  test::TempDir dir("merlab-paper");
  test::ReportFixture spec;
  spec.models = 3;
  spec.strategies = 4;
  spec.seeds = 3;
  test::build_report_fixture(dir / "results.sqlite", spec);
  const auto data = load_report_data(dir / "results.sqlite", "", {});
  const auto tables = build_tables(data, "single_di");
  const auto stats = build_stats(tables[0], so);
  const auto p = paper_table(tables[0], stats, o);
  EXPECT_EQ(p.layout, PaperLayout::per_metric);
  EXPECT_LE(p.width_pt, o.column_width_pt);
  EXPECT_FALSE(p.scaled);
  EXPECT_EQ(count(p.latex, "\\begin{table}"), 3);
  EXPECT_NE(p.latex.find("\\label{tab:paper-casme2-uf1}"), std::string::npos);
  {
    // 5 models x 4 strategies do not fit unscaled even at \footnotesize: scaled to the column.
    test::TempDir d5("merlab-paper");
    spec.models = 5;
    test::build_report_fixture(d5 / "results.sqlite", spec);
    const auto data5 = load_report_data(d5 / "results.sqlite", "", {});
    const auto t5 = build_tables(data5, "single_di");
    const auto p5 = paper_table(t5[0], build_stats(t5[0], so), o);
    EXPECT_NE(p5.layout, PaperLayout::metric_columns);
    EXPECT_TRUE(p5.scaled || p5.width_pt <= o.column_width_pt);
    if (p5.scaled) {
      EXPECT_NE(p5.latex.find("\\resizebox{\\columnwidth}{!}{%"), std::string::npos);
    }
  }
  EXPECT_NE(p.latex.find("\\begin{table}"), std::string::npos);
  EXPECT_NE(p.latex.find("\\toprule"), std::string::npos);
  EXPECT_NE(p.latex.find("\\bottomrule"), std::string::npos);
  EXPECT_NE(p.latex.find("\\textbf{"), std::string::npos);
  // mean +- std as one cell with one decimal
  EXPECT_TRUE(std::regex_search(p.latex, std::regex(R"([0-9]+\.[0-9]\\,\$\\pm\$\\,[0-9]+\.[0-9])")));
  // One metric of a 2 x 2 table fits as it is; all three with two columns of text.
  const auto small_data = [&] {
    test::TempDir d2("merlab-paper");
    test::build_report_fixture(d2 / "results.sqlite");
    return load_report_data(d2 / "results.sqlite", "", {});
  }();
  const auto small = build_tables(small_data, "single_di");
  o.metrics = {Metric::uf1};
  const auto one = paper_table(small[0], build_stats(small[0], so), o);
  EXPECT_EQ(one.layout, PaperLayout::metric_columns);
  EXPECT_EQ(one.font_size, "normalsize");
  o.metrics = {Metric::acc, Metric::uf1, Metric::uar};
  o.two_column = true;
  const auto wide = paper_table(small[0], build_stats(small[0], so), o);
  EXPECT_EQ(wide.layout, PaperLayout::metric_columns);
  EXPECT_NE(wide.latex.find("\\begin{table*}"), std::string::npos);
}

TEST(PaperSelection, OrderGivenIsOrderPrinted) {
  test::TempDir dir("merlab-paper");
  test::ReportFixture spec;
  spec.models = 3;
  spec.strategies = 3;
  test::build_report_fixture(dir / "results.sqlite", spec);
  auto o = options(dir.path(), false);
  o.models = {"resnet18", "learnet"};
  o.strategies = {"single_di", "single_di_spatial"};
  o.metrics = {"uar", "uf1"};
  const auto r = generate_report(o);
  const auto tex = test::read_file(r.out_dir / "paper/tables/casme2.tex");
  ASSERT_NE(tex.find("ResNet-18"), std::string::npos);
  EXPECT_LT(tex.find("ResNet-18"), tex.find("LEARNet"));
  EXPECT_EQ(tex.find("VGG-11"), std::string::npos);
  EXPECT_EQ(tex.find("Dual-phase DI"), std::string::npos);
  const auto body = tex.find("\\toprule");  // after the caption
  EXPECT_LT(tex.find("Single DI", body), tex.find("spatial", body));
  EXPECT_LT(tex.find("UAR"), tex.find("UF1"));
  EXPECT_EQ(tex.find("Acc"), std::string::npos);
  // The whole report holds the selection too.
  const auto csv = test::read_file(r.out_dir / "tables/casme2.csv");
  EXPECT_LT(csv.find("\ncasme2,resnet18,"), csv.find("\ncasme2,learnet,"));
  EXPECT_EQ(csv.find("vgg11"), std::string::npos);

  auto bad = o;
  bad.models = {"resnet18", "resnet99"};
  try {
    generate_report(bad);
    FAIL() << "unknown model accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("resnet99"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("learnet, resnet18, vgg11"), std::string::npos) << e.what();
  }
  bad = o;
  bad.metrics = {"f1"};
  EXPECT_THROW(generate_report(bad), UsageError);
  bad = o;
  bad.strategies = {"dual_phase_di"};  // leaves out the baseline
  EXPECT_THROW(generate_report(bad), UsageError);
  bad = o;
  bad.datasets = {"samm"};
  EXPECT_THROW(generate_report(bad), UsageError);
}

TEST(PaperNames, DefaultsAndOverrideFile) {
  const auto d = DisplayNames::defaults();
  EXPECT_EQ(d.model("resnet18"), "ResNet-18");
  EXPECT_EQ(d.model("vit_b_16"), "ViT-B/16");
  EXPECT_EQ(d.model("linear_probe"), "Linear probe");
  EXPECT_EQ(d.strategy("dual_phase_only"), "Phase-only DI");
  EXPECT_EQ(d.strategy("dual_phase_di+spatial"), "Dual-phase DI + spatial");
  EXPECT_EQ(d.dataset("casme2"), "CASME II");
  EXPECT_EQ(d.metric("uf1"), "UF1");
  EXPECT_EQ(d.model("my_net"), "my_net");

  test::TempDir dir("merlab-paper");
  test::build_report_fixture(dir / "results.sqlite");
  test::write_file(dir / "names.yaml", "models: {resnet18: \"ResNet18\"}\nstrategies: {dual_phase_di: DP-DI}\n"
                                       "datasets: {casme2: CASME2}\nmetrics: {uf1: F1}\n");
  auto o = options(dir.path(), false);
  o.names_file = dir / "names.yaml";
  const auto r = generate_report(o);
  const auto tex = test::read_file(r.out_dir / "paper/tables/casme2.tex");
  EXPECT_NE(tex.find("ResNet18 &"), std::string::npos);
  EXPECT_NE(tex.find("LEARNet"), std::string::npos);  // not overridden: default
  EXPECT_NE(tex.find("DP-DI"), std::string::npos);
  EXPECT_NE(tex.find("\\caption{CASME2:"), std::string::npos);
  EXPECT_NE(tex.find("F1"), std::string::npos);

  test::write_file(dir / "bad.yaml", "model: {resnet18: x}\n");
  o.names_file = dir / "bad.yaml";
  EXPECT_THROW(generate_report(o), UsageError);
}

TEST(PaperNames, TestInputShownOnlyWhereNotTheDefault) {
  test::TempDir dir("merlab-paper");
  test::ReportFixture spec;
  spec.variants = 2;
  spec.params = [](int, int, int, int v) {
    return std::map<std::string, std::string>{{"aug.temporal.test", v == 0 ? "full" : "phase_mean"}};
  };
  test::build_report_fixture(dir / "results.sqlite", spec);
  const auto data = load_report_data(dir / "results.sqlite", "", {});
  const auto tables = build_tables(data, "single_di");
  bool dropped = false;
  const auto cols = paper_column_labels(tables[0], DisplayNames::defaults(), &dropped);
  EXPECT_TRUE(dropped);
  EXPECT_EQ(cols, (std::vector<std::string>{"Single DI", "Single DI test=phase_mean", "Dual-phase DI",
                                            "Dual-phase DI test=phase_mean"}));
  StatsOptions so;
  so.bootstrap.resamples = 50;
  const auto p = paper_table(tables[0], build_stats(tables[0], so), PaperTableOptions{});
  EXPECT_NE(p.latex.find("unless the label shows test="), std::string::npos);
  EXPECT_TRUE(p.scaled || p.width_pt <= 252);
}

TEST(PaperSignificance, HolmAdjust) {
  const auto a = holm_adjust({0.01, 0.04, 0.03, std::nan("")});
  EXPECT_DOUBLE_EQ(a[0], 0.03);
  EXPECT_DOUBLE_EQ(a[1], 0.06);
  EXPECT_DOUBLE_EQ(a[2], 0.06);
  EXPECT_TRUE(std::isnan(a[3]));
  EXPECT_DOUBLE_EQ(holm_adjust({0.5, 0.9})[0], 1.0);
  EXPECT_DOUBLE_EQ(holm_adjust({0.5, 0.9})[1], 1.0);  // never below an earlier adjusted p
  EXPECT_DOUBLE_EQ(holm_adjust({0.2, 0.01})[0], 0.2);
  EXPECT_DOUBLE_EQ(holm_adjust({0.2, 0.01})[1], 0.02);
}

TEST(PaperSignificance, MarksFollowWilcoxonAndCaptionsExplainThem) {
  test::TempDir dir("merlab-paper");
  test::ReportFixture spec;
  spec.strategies = 4;
  spec.subjects = 8;  // exact Wilcoxon p can go below 0.05 only from 6 pairs on
  test::build_report_fixture(dir / "results.sqlite", spec);
  const auto data = load_report_data(dir / "results.sqlite", "", {});
  const auto tables = build_tables(data, "single_di");
  StatsOptions so;
  so.bootstrap.resamples = 50;
  const auto stats = build_stats(tables[0], so);
  for (bool holm : {false, true}) {
    SignificanceOptions sig;
    sig.alpha = 0.3;
    sig.holm = holm;
    const auto marks = significance_marks(tables[0], stats, Metric::uf1, sig);
    int marked = 0;
    for (std::size_t r = 0; r < tables[0].rows.size(); ++r) {
      std::vector<double> p;
      for (const auto& s : stats.rows)
        if (s.row == tables[0].rows[r]) p.push_back(s.is_baseline ? std::nan("") : s.uf1_test.p_value);
      if (holm) p = holm_adjust(p);
      ASSERT_EQ(p.size(), tables[0].columns.size());
      for (std::size_t c = 0; c < p.size(); ++c) {
        EXPECT_EQ(marks[r][c], !std::isnan(p[c]) && p[c] < 0.3) << r << " " << c;
        marked += marks[r][c];
      }
      EXPECT_FALSE(marks[r][0]);  // the baseline itself
    }
    PaperTableOptions o;
    o.metrics = {Metric::uf1};
    o.significance = sig;
    o.significance.marker = "\\textsuperscript{*}";
    const auto p = paper_table(tables[0], stats, o);
    EXPECT_EQ(count(p.latex, "\\textsuperscript{*}"), marked + 1) << p.latex;  // + the caption
    EXPECT_NE(p.latex.find("\\textsuperscript{*}: $p<0.3$ against Single DI (paired two-sided Wilcoxon signed-rank "
                           "test over subjects"),
              std::string::npos)
        << p.latex;
    EXPECT_EQ(p.latex.find("Holm-corrected across the strategies of each model") != std::string::npos, holm);
    EXPECT_NE(p.latex.find("CASME II: UF1 (\\%), mean\\,$\\pm$\\,std over 2 seeds. Bold: best strategy per model."),
              std::string::npos)
        << p.latex;
  }
  // Default: a dagger, alpha 0.05, explained in every caption.
  const auto p = paper_table(tables[0], stats, PaperTableOptions{});
  for (auto pos = p.latex.find("\\caption{"); pos != std::string::npos; pos = p.latex.find("\\caption{", pos + 1))
    EXPECT_NE(p.latex.find("\\textsuperscript{\\dag}: $p<0.05$", pos), std::string::npos);
}

TEST(PaperCli, OptionsReachThePaperTables) {
  test::TempDir dir("merlab-paper");
  test::build_report_fixture(dir / "results.sqlite");
  const auto ok = test::run_mer({"report", dir.path().string(), "--no-figures", "--bootstrap", "50", "--models",
                                 "resnet18,learnet", "--metrics", "uf1", "--holm", "--alpha", "0.1", "--marker",
                                 "\\textsuperscript{*}"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto tex = test::read_file(dir / "report/paper/tables/casme2.tex");
  EXPECT_LT(tex.find("ResNet-18"), tex.find("LEARNet"));
  EXPECT_NE(tex.find("\\textsuperscript{*}: $p<0.1$ against Single DI"), std::string::npos) << tex;
  EXPECT_NE(tex.find("Holm-corrected"), std::string::npos);
  EXPECT_EQ(tex.find("UAR"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "report/paper/preview.tex"));

  const auto bad = test::run_mer({"report", dir.path().string(), "--no-figures", "--models", "nope"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("valid: learnet, resnet18"), std::string::npos) << bad.err;
  EXPECT_EQ(test::run_mer({"report", dir.path().string(), "--no-figures", "--latex-width", "wide"}).exit_code, 2);
  EXPECT_EQ(test::run_mer({"report", dir.path().string(), "--no-figures", "--metrics", "f1"}).exit_code, 2);
}
