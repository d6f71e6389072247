#include "reports/report.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "framework/common/build_info.h"
#include "framework/common/error.h"
#include "reports/conditions.h"
#include "reports/figures.h"
#include "reports/format.h"
#include "reports/gnuplot.h"
#include "reports/html.h"
#include "reports/output_files.h"
#include "reports/paper_figures.h"
#include "reports/parts_table.h"
#include "reports/paper_latex.h"
#include "reports/paper_preview.h"
#include "reports/report_data.h"
#include "reports/stats_table.h"
#include "reports/table_data.h"
#include "reports/tables_csv.h"
#include "reports/tables_latex.h"
#include "reports/tables_markdown.h"
#include "reports/table_selection.h"

namespace merlab::reports {

namespace fs = std::filesystem;

fs::path default_report_dir(const fs::path& input) {
  if (fs::is_directory(input)) return input / "report";
  return (input.has_parent_path() ? input.parent_path() : fs::path(".")) / "report";
}

ReportResult generate_report(const ReportOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (options.bootstrap_resamples < 1) throw UsageError("--bootstrap must be >= 1");
  if (options.baseline.empty()) throw UsageError("--baseline must not be empty");
  if (options.figures) {
    if (options.formats.empty()) throw UsageError("--formats: give at least one of png, svg, pdf");
    for (const auto& f : options.formats) check_figure_format(f);
  }
  if (!(options.alpha > 0 && options.alpha < 1)) throw UsageError("--alpha must be in (0, 1)");
  if (options.latex_width != "one-column" && options.latex_width != "two-column")
    throw UsageError("--latex-width '" + options.latex_width + "'; valid: one-column, two-column");
  TableSelection selection;
  selection.models = options.models;
  selection.strategies = options.strategies;
  selection.datasets = options.datasets;
  for (const auto& m : options.metrics) selection.metrics.push_back(parse_metric(m));
  PaperTableOptions paper;
  paper.metrics = selected_metrics(selection);
  if (!options.names_file.empty()) paper.names = load_display_names(options.names_file);
  paper.significance.alpha = options.alpha;
  paper.significance.holm = options.holm;
  paper.significance.marker = options.marker;
  paper.two_column = options.latex_width == "two-column";
  ReportResult result;
  result.db_path = resolve_results_db(options.input);
  // Look for gnuplot before any work so that a missing package fails fast and clearly.
  const std::string gnuplot = options.figures ? find_gnuplot(options.gnuplot) : "";

  auto data = load_report_data(result.db_path, options.sweep, options.metric);
  apply_selection(data, selection, options.baseline);
  ConditionOptions co;
  co.rows = options.rows;
  co.cols = options.cols;
  co.baseline = options.baseline;
  const Conditions conditions(run_records(data), co);
  auto tables = build_tables(data, conditions, options.baseline);
  order_tables(tables, selection);
  StatsOptions so;
  so.bootstrap.resamples = options.bootstrap_resamples;
  so.bootstrap.seed = options.seed;
  so.bootstrap.metric = options.metric;
  std::vector<DatasetStats> stats;
  for (const auto& t : tables) stats.push_back(build_stats(t, so));

  result.out_dir = options.out_dir.empty() ? default_report_dir(options.input) : options.out_dir;
  fs::create_directories(result.out_dir);
  OutputFiles out(result.out_dir);
  out.remove_previous();

  HtmlInput html;
  html.data = &data;
  html.tables = &tables;
  html.stats = &stats;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const auto stem = "tables/" + slug(tables[i].dataset);
    TableFiles tf{stem, stem + "_improvement", stem + "_stats"};
    out.write(tf.main + ".md", markdown_main_table(tables[i]));
    out.write(tf.main + ".tex", latex_main_table(tables[i]));
    out.write(tf.main + ".csv", csv_main_table(tables[i]));
    out.write(tf.improvement + ".md", markdown_improvement_table(tables[i]));
    out.write(tf.improvement + ".tex", latex_improvement_table(tables[i]));
    out.write(tf.improvement + ".csv", csv_improvement_table(tables[i]));
    out.write(tf.stats + ".md", markdown_stats_table(stats[i]));
    out.write(tf.stats + ".tex", latex_stats_table(stats[i]));
    out.write(tf.stats + ".csv", csv_stats_table(stats[i]));
    if (const auto parts = build_parts_table(tables[i])) {
      tf.parts = stem + "_parts";
      out.write(tf.parts + ".md", markdown_parts_table(*parts));
      out.write(tf.parts + ".tex", latex_parts_table(*parts));
      out.write(tf.parts + ".csv", csv_parts_table(*parts));
    }
    html.table_files.push_back(tf);
  }
  std::vector<std::string> paper_tables;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    paper_tables.push_back("tables/" + slug(tables[i].dataset) + ".tex");
    out.write("paper/" + paper_tables.back(), paper_table(tables[i], stats[i], paper).latex);
  }
  html.runs_csv = "tables/runs.csv";
  out.write(html.runs_csv, csv_runs(data, conditions));

  std::vector<Figure> figures;
  std::vector<PaperFigure> paper_figures;
  if (options.figures) {
    const auto tf = std::chrono::steady_clock::now();
    FigureOptions fo;
    fo.formats = options.formats;
    auto plan = write_figure_sources(tables, stats, fo, out);
    const int parallel = options.parallel > 0 ? options.parallel : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    run_gnuplot(gnuplot, result.out_dir / "figures", plan.scripts, parallel);
    const auto paper_plan = write_paper_figures(tables, paper, out);
    fs::create_directories(result.out_dir / "paper" / "figures");  // gnuplot does not create folders
    run_gnuplot(gnuplot, result.out_dir / "figures" / "paper", paper_plan.scripts, parallel);
    for (const auto& f : paper_plan.figures)
      if (!fs::exists(result.out_dir / "paper" / f.file))
        throw RuntimeError("gnuplot did not write " + (result.out_dir / "paper" / f.file).string());
    paper_figures = paper_plan.figures;
    for (const auto& f : plan.figures)
      for (const auto& file : f.files)
        if (!fs::exists(result.out_dir / file)) throw RuntimeError("gnuplot did not write " + (result.out_dir / file).string());
    figures = std::move(plan.figures);
    result.seconds_figures = std::chrono::duration<double>(std::chrono::steady_clock::now() - tf).count();
  } else {
    html.figures_note = "Figures were not drawn (--no-figures).";
  }
  out.write("paper/snippets.tex", paper_snippets(paper_tables, paper_figures));
  out.write("paper/preview.tex", paper_preview());
  html.figures = &figures;
  html.generator = fmt::format("mer {} (commit {}{})", build_version(), build_git_commit(), build_git_dirty() ? ", dirty" : "");
  html.options_text = fmt::format(
      "{} DONE runs in {} dataset(s){}. {} Baseline: {}. Bootstrap: {} resamples, seed {}, 95% percentile intervals. "
      "Absent classes: {}. Paper tables and figures ({}): paper/snippets.tex, compiled by paper/preview.tex.",
      data.runs.size(), tables.size(), options.sweep.empty() ? "" : ", sweep " + options.sweep, conditions.describe(), options.baseline,
      options.bootstrap_resamples, options.seed, metrics::to_string(options.metric.absent), options.latex_width);
  html.names = paper.names;
  out.write("index.html", render_index_html(html));
  out.write_manifest();

  result.index_html = result.out_dir / "index.html";
  result.runs_done = static_cast<int>(data.runs.size());
  result.datasets = static_cast<int>(tables.size());
  result.figures = static_cast<int>(figures.size());
  result.files = out.files();
  result.seconds_total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace merlab::reports
