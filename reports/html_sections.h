// The parts of index.html that answer the question, one function each (html.cpp assembles
// the page): the headline per dataset, the sortable results and per-class tables, and the
// per-run config differences. Labels are display names (display_names.h).
#pragma once

#include <string>
#include <vector>

#include "reports/display_names.h"
#include "reports/report_data.h"
#include "reports/stats_table.h"
#include "reports/parts_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

// Display labels of a table's rows and columns (paper_latex.h rules: the default test input
// left out, config labels where display names would merge two).
struct DisplayLabels {
  std::vector<std::string> rows, columns;
};
DisplayLabels display_labels(const DatasetTable& table, const DisplayNames& names);

// <div class="headline">: per model, the best strategy, its difference from the baseline with
// CI and p (UF1 and UAR), and its standing against the linear floor.
std::string headline_html(const DatasetTable& table, const DatasetStats& stats, const DisplayLabels& labels,
                          const DisplayNames& names);

// One row per cell: seeds, Acc, UF1 and UAR (mean ± std over seeds), bootstrap CIs, difference
// from the baseline (percentage points), Wilcoxon p (UF1, UAR), optimizer steps per fold.
std::string results_table_html(const DatasetTable& table, const DatasetStats& stats, const DisplayLabels& labels);

// One row per cell: F1 and recall of every class (pooled confusion of each run, mean over seeds).
std::string per_class_table_html(const DatasetTable& table, const DisplayLabels& labels);

// Composite datasets: one row per cell, UF1 and UAR on each part's clips and on the whole
// composite (mean ± std over seeds).
std::string parts_table_html(const PartsTable& table);

// One row per run (model, strategy, seed, run id) with the value of every config key that
// differs between the runs (keys that never change results left out, conditions.h), then the
// settings every run shares, collapsed.
std::string config_differences_html(const ReportData& data, const DisplayNames& names);

}  // namespace merlab::reports
