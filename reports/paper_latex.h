// LaTeX tables for a paper (report/paper/tables/<dataset>.tex): the main results table of a
// dataset with display names (display_names.h), the chosen metrics in the chosen order, mean ±
// std as one cell (`61.0\,$\pm$\,1.8`), the best strategy of each model in bold, significance
// marks against the baseline (significance.h), booktabs rules, and a layout that fits the page:
//
//   metric_columns  rows = models, one column group per strategy, one column per metric
//   per_metric      one table per metric: rows = models, one column per strategy
//   transposed      rows = (model, strategy), one column per metric (strategies as rows)
//
// The first layout whose estimated width fits the target (\columnwidth of a two-column paper,
// 3.5in, or \textwidth with `two_column`, then `table*`) is used: each layout is tried at
// \normalsize, \small, and \small with \tabcolsep 4pt, before any layout at \footnotesize with
// \tabcolsep 3pt; when none fits, the transposed table at that size, scaled down to the width
// (\resizebox) as a last resort. Widths are estimated from the text with Computer Modern 10pt glyph widths
// (conservatively: bold digits, stacked headers) so that LaTeX never reports an overfull box.
#pragma once

#include <string>
#include <vector>

#include "reports/display_names.h"
#include "reports/significance.h"
#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

enum class PaperLayout { metric_columns, per_metric, transposed };
const char* to_string(PaperLayout layout);

struct PaperTableOptions {
  std::vector<Metric> metrics = {Metric::acc, Metric::uf1, Metric::uar};  // columns, in this order
  DisplayNames names = DisplayNames::defaults();
  SignificanceOptions significance;
  bool two_column = false;        // table* spanning \textwidth instead of table at \columnwidth
  double column_width_pt = 252;   // \columnwidth of the target paper (3.5in)
  double text_width_pt = 516;     // \textwidth (7.16in)
};

struct PaperTable {
  std::string latex;              // one or more table environments
  PaperLayout layout = PaperLayout::metric_columns;
  std::string font_size;          // "normalsize", "small", "footnotesize"
  bool scaled = false;            // \resizebox was needed
  double width_pt = 0;            // estimated width of the widest tabular
};

// Column labels as printed: display names of the strategy (and model), other keys as
// `name=value`; the test input is left out where it is the strategy's default, unless that
// would make two labels equal. *test_dropped tells whether some label left it out.
std::vector<std::string> paper_column_labels(const DatasetTable& table, const DisplayNames& names, bool* test_dropped);
std::vector<std::string> paper_row_labels(const DatasetTable& table, const DisplayNames& names);

// Estimated width (pt) of plain text set in Computer Modern 10pt (bold: cmbx10).
double text_width_pt(const std::string& text, bool bold = false);

PaperTable paper_table(const DatasetTable& table, const DatasetStats& stats, const PaperTableOptions& options);

}  // namespace merlab::reports
