// CSV forms of the report tables, long format (one row per cell), full precision fractions
// (not percent) so that other tools can recompute anything: shortest round-trip decimal text.
#pragma once

#include <string>

#include "reports/conditions.h"
#include "reports/report_data.h"
#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

// Cells are identified by their labels (row, column), their runs' model and strategy, and the
// value of every other axis key (one column per key, named by the full dotted key).
// dataset,row,column,model,strategy,<axis keys>,n,acc_mean,acc_sd,uf1_mean,uf1_sd,uar_mean,uar_sd
// (empty cells skipped)
std::string csv_main_table(const DatasetTable& table);
// dataset,row,column,model,strategy,baseline,baseline_column,acc_rel_pct,uf1_rel_pct,uar_rel_pct
std::string csv_improvement_table(const DatasetTable& table);
// dataset,row,column,model,strategy,baseline_column,is_baseline,runs,uf1,uf1_lo,uf1_hi,uar,uar_lo,uar_hi,paired_resampling,resamples,
// subjects,acc_statistic,acc_p,acc_method,uf1_statistic,uf1_p,uf1_method
std::string csv_stats_table(const DatasetStats& stats);
// Every DONE run with the labels of its cell:
// run_id,sweep,dataset,model,strategy,row,column,seed,acc,uf1,uar,n_predictions,n_folds
std::string csv_runs(const ReportData& data, const Conditions& conditions);

}  // namespace merlab::reports
