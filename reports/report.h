// `mer report`: tables, statistics, figures and index.html for a results database.
//
//   reports::ReportOptions o;
//   o.input = "runs/my-sweep";                 // or runs/my-sweep/results.sqlite
//   auto r = reports::generate_report(o);      // writes runs/my-sweep/report/...
//
// Layout of the output folder (regenerated whole on every call; see output_files.h):
//   index.html
//   tables/<dataset>.{md,tex,csv}              conditions: rows x columns x {Acc, UF1, UAR}
//   tables/<dataset>_improvement.{md,tex,csv}  relative improvement over the baseline
//   tables/<dataset>_stats.{md,tex,csv}        bootstrap CIs and Wilcoxon p-values
//   tables/<dataset>_parts.{md,tex,csv}        composite datasets: UF1/UAR per part (parts_table.h)
//   tables/runs.csv                            every DONE run
//   figures/*.{png,svg,pdf}, figures/*.dat, figures/plots-N.gp   (figures.h)
//   paper/tables/<dataset>.tex                 tables that fit the page (paper_latex.h)
//   paper/figures/*.pdf                        figures at column/text width (paper_figures.h;
//                                              data and scripts in figures/paper/)
//   paper/snippets.tex, paper/preview.tex      (paper_preview.h)
// Tables and the HTML page are byte-identical for the same database and options.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "framework/metrics/classification.h"

namespace merlab::reports {

struct ReportOptions {
  std::filesystem::path input;          // sweep directory or results.sqlite
  std::filesystem::path out_dir;        // empty: <sweep dir>/report (next to the database)
  std::string sweep;                    // only this sweep's runs (empty: all)
  std::string baseline = "single_di";   // strategy label; UsageError when no DONE run has it
  // Config keys forming the table rows / columns, in order (conditions.h); empty: rows = model
  // (+ splitting model.* keys), columns = strategy, test input, other splitting keys. A key that
  // does not vary among the runs is a UsageError.
  std::vector<std::string> rows, cols;
  int bootstrap_resamples = 1000;
  std::uint64_t seed = 0;
  std::vector<std::string> formats = {"png", "svg"};
  bool figures = true;
  std::string gnuplot;                  // executable (empty: gnuplot on PATH)
  int parallel = 0;                     // gnuplot processes at once (<= 0: hardware threads)
  metrics::MetricOptions metric;        // must match how the runs were finished
  // What the tables hold, in print order (table_selection.h); empty: everything. Models,
  // strategies and datasets apply to the whole report, metrics to the paper tables and figures.
  std::vector<std::string> models, strategies, datasets, metrics;
  std::filesystem::path names_file;     // display-name overrides (display_names.h); empty: defaults
  double alpha = 0.05;                  // significance marks: p < alpha against the baseline
  bool holm = false;                    // Holm correction across the strategies of a model
  std::string marker = "\\textsuperscript{\\dag}";
  std::string latex_width = "one-column";  // or "two-column": paper tables as table* at \textwidth
};

struct ReportResult {
  std::filesystem::path db_path, out_dir, index_html;
  int runs_done = 0, datasets = 0, figures = 0;
  std::vector<std::string> files;       // written, relative to out_dir
  double seconds_total = 0, seconds_figures = 0;
};

// Default output folder for an input path.
std::filesystem::path default_report_dir(const std::filesystem::path& input);

// Throws RuntimeError (no database, gnuplot missing or failing) or UsageError (bad option).
ReportResult generate_report(const ReportOptions& options);

}  // namespace merlab::reports
