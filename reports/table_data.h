// The numbers behind the paper tables: per dataset, one cell per condition (conditions.h: by
// default rows = models, columns = strategy, test input and any other config key that tells
// runs apart), each cell the mean +- sample standard deviation (n-1) over the seeds of the DONE
// runs of that condition; plus the relative improvement over the baseline strategy.
//
// Strategy column order: the baseline first, then the four paper strategies in this fixed
// order when present (single_di, dual_phase_di, dual_phase_only, single_di_spatial,
// dual_phase_di_spatial),
// then any other label sorted by name. Models are sorted by name.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "reports/conditions.h"
#include "reports/report_data.h"

namespace merlab::reports {

enum class Metric { acc = 0, uf1 = 1, uar = 2 };
constexpr std::array<Metric, 3> kMetrics = {Metric::acc, Metric::uf1, Metric::uar};
const char* metric_label(Metric m);  // "Acc", "UF1", "UAR"
const char* metric_key(Metric m);    // "acc", "uf1", "uar"

struct Summary {
  int n = 0;
  double mean = 0;  // NaN when n == 0
  double sd = 0;    // sample standard deviation; NaN when n < 2
};

struct Cell {
  std::array<Summary, 3> metric;            // indexed by Metric
  std::vector<const RunData*> runs;         // the DONE runs (seeds), by seed
  std::string model, strategy;              // of its runs (empty for an empty cell)
  std::string condition;                    // Conditions::condition_id of its runs
  int n() const { return static_cast<int>(runs.size()); }
  const Summary& get(Metric m) const { return metric[static_cast<std::size_t>(m)]; }
};

struct DatasetTable {
  std::string dataset;
  std::string baseline;                     // strategy label of the baseline
  std::string row_header = "Model", col_header = "Strategy";
  std::vector<std::string> rows;            // row labels ("resnet18", "resnet18 input_size=224")
  std::vector<std::string> columns;         // column labels ("dual_phase_di test=full lr=1e-4"), ordered
  std::vector<std::string> column_strategy; // strategy of every run of the column; "" when they differ
  // Per column: the baseline column it is compared with (itself for a baseline column; none
  // when no baseline column matches, see build_tables).
  std::vector<std::optional<std::size_t>> baseline_column;
  std::vector<std::string> condition_keys;  // axis keys besides model.name and strategy (CSV columns)
  std::vector<std::vector<Cell>> cells;     // [row][column]; n() == 0 where no DONE run
  bool is_baseline(std::size_t column) const { return column_strategy[column] == baseline; }
  bool has_baseline() const;
  bool uniform_n() const;                   // every non-empty cell has the same number of seeds
  int max_n() const;
  const Cell& cell(std::size_t row, std::size_t column) const { return cells[row][column]; }
  // Indices of the columns whose displayed mean (rounded to `decimals` in percent) is the
  // largest of the row for metric m; empty when the row has no value.
  std::vector<std::size_t> best_in_row(std::size_t row, Metric m, int decimals = 2) const;
  // 100 * (mean - mean_baseline) / mean_baseline against the column's baseline column in the
  // same row, or nullopt when either is missing, the column is a baseline or its mean is 0.
  std::optional<double> relative_improvement(std::size_t row, std::size_t column, Metric m) const;
};

// The paper strategies in their fixed column order.
const std::vector<std::string>& paper_strategy_order();
// Baseline first, then the paper order, then others sorted.
std::vector<std::string> order_strategies(std::vector<std::string> strategies, const std::string& baseline);

Summary summarize(const std::vector<double>& values);

// One table per dataset (datasets sorted by name). `data` must outlive the tables.
// Baseline matching: a column is compared with the baseline column whose other keys (test
// input, splitting keys, model keys) all equal its own; else with a baseline column of the
// default test input equal on the other keys; else with the baseline column of the default test
// input that shares most keys. Throws UsageError when the report has runs but none of the
// baseline strategy (the message lists the strategies).
std::vector<DatasetTable> build_tables(const ReportData& data, const Conditions& conditions, const std::string& baseline);
// Same with the default axes.
std::vector<DatasetTable> build_tables(const ReportData& data, const std::string& baseline);

// The run records of a report, for Conditions.
std::vector<const storage::RunRecord*> run_records(const ReportData& data);

}  // namespace merlab::reports
