// The numbers behind the paper tables: per dataset, rows = models, columns = augmentation
// strategies, each cell the mean +- sample standard deviation (n-1) over the seeds of the DONE
// runs of that (model, strategy); plus the relative improvement over the baseline strategy.
//
// Strategy column order: the baseline first, then the four paper strategies in this fixed
// order when present (single_di, dual_phase_di, single_di+spatial, dual_phase_di+spatial),
// then any other label sorted by name. Models are sorted by name.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

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
  int n() const { return static_cast<int>(runs.size()); }
  const Summary& get(Metric m) const { return metric[static_cast<std::size_t>(m)]; }
};

struct DatasetTable {
  std::string dataset;
  std::string baseline;                     // strategy label of the baseline
  std::vector<std::string> models;          // rows
  std::vector<std::string> strategies;      // columns, ordered (see above)
  std::vector<std::vector<Cell>> cells;     // [model][strategy]; n() == 0 where no DONE run
  bool has_baseline() const;
  bool uniform_n() const;                   // every non-empty cell has the same number of seeds
  int max_n() const;
  const Cell& cell(std::size_t model, std::size_t strategy) const { return cells[model][strategy]; }
  // Indices of the strategies whose displayed mean (rounded to `decimals` in percent) is the
  // largest of the row for metric m; empty when the row has no value.
  std::vector<std::size_t> best_in_row(std::size_t model, Metric m, int decimals = 2) const;
  // 100 * (mean_s - mean_baseline) / mean_baseline, or nullopt when either is missing or the
  // baseline mean is 0.
  std::optional<double> relative_improvement(std::size_t model, std::size_t strategy, Metric m) const;
};

// The paper strategies in their fixed column order.
const std::vector<std::string>& paper_strategy_order();
// Baseline first, then the paper order, then others sorted.
std::vector<std::string> order_strategies(std::vector<std::string> strategies, const std::string& baseline);

Summary summarize(const std::vector<double>& values);

// One table per dataset (datasets sorted by name). `data` must outlive the tables.
std::vector<DatasetTable> build_tables(const ReportData& data, const std::string& baseline);

}  // namespace merlab::reports
