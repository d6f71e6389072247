// Significance marks of the paper tables: a cell is marked when the paired two-sided Wilcoxon
// signed-rank test over subjects against its baseline column (stats_table.h) has p < alpha,
// optionally after Holm's step-down correction across the non-baseline columns of one row (the
// strategies of a model), which controls the family-wise error of those comparisons.
#pragma once

#include <string>
#include <vector>

#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

struct SignificanceOptions {
  double alpha = 0.05;
  bool holm = false;
  std::string marker = "\\textsuperscript{\\dag}";  // LaTeX appended to a marked cell
};

// Holm-adjusted p-values in the input order; NaN entries stay NaN and do not count.
std::vector<double> holm_adjust(const std::vector<double>& p);

// [row][column] of `table`: whether the cell's test for metric m is significant.
std::vector<std::vector<bool>> significance_marks(const DatasetTable& table, const DatasetStats& stats, Metric m,
                                                  const SignificanceOptions& options);

}  // namespace merlab::reports
