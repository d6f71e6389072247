// Markdown (GitHub pipe tables) forms of the report tables.
#pragma once

#include <string>

#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

// Models x (strategies x {Acc, UF1, UAR}), mean ± std in percent, best per row and metric bold.
std::string markdown_main_table(const DatasetTable& table);
// Relative improvement (%) of each strategy over the baseline, per model and metric.
std::string markdown_improvement_table(const DatasetTable& table);
// Bootstrap CIs and Wilcoxon p-values per (model, strategy).
std::string markdown_stats_table(const DatasetStats& stats);

}  // namespace merlab::reports
