// LaTeX (booktabs) forms of the report tables: \toprule/\midrule/\bottomrule, strategies as
// \multicolumn groups with \cmidrule. Needs \usepackage{booktabs} in the document.
#pragma once

#include <string>

#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

std::string latex_main_table(const DatasetTable& table);
std::string latex_improvement_table(const DatasetTable& table);
std::string latex_stats_table(const DatasetStats& stats);

}  // namespace merlab::reports
