// Which models, strategies, datasets and metrics a report holds, and in which order:
// `mer report --models resnet18,learnet --strategies single_di,dual_phase_di --datasets casme2
// --metrics uf1,uar`. Empty lists keep everything in the default order (table_data.h). The order
// given is the order printed: rows by model, columns by strategy, tables by dataset, metric
// columns by metric. A name that no DONE run has is a UsageError listing the valid names.
#pragma once

#include <string>
#include <vector>

#include "reports/report_data.h"
#include "reports/table_data.h"

namespace merlab::reports {

struct TableSelection {
  std::vector<std::string> models, strategies, datasets;
  std::vector<Metric> metrics;  // empty: acc, uf1, uar
};

// "acc" / "uf1" / "uar" -> Metric; UsageError listing the valid keys otherwise.
Metric parse_metric(const std::string& key);
// The selected metrics, or all three when none were selected.
std::vector<Metric> selected_metrics(const TableSelection& selection);

// Leaves in `data` only the runs of the selected models, strategies and datasets. Throws
// UsageError for an unknown or repeated name, and when the strategies leave out `baseline` (the
// column every significance test and improvement is computed against).
void apply_selection(ReportData& data, const TableSelection& selection, const std::string& baseline);

// Orders tables (by dataset), their rows (by model) and columns (by strategy) as listed in the
// selection; what the selection does not list keeps its default order. Stable: rows of one
// model keep the order of their other keys.
void order_tables(std::vector<DatasetTable>& tables, const TableSelection& selection);

}  // namespace merlab::reports
