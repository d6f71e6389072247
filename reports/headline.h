// The answer of a report, per dataset and model (table row): which strategy (column) scores the
// highest pooled UF1, by how much it differs from the baseline it is compared with (percentage
// points, with its bootstrap 95% CI and the paired Wilcoxon p-value, for UF1 and UAR), and
// whether the model beats the linear floor (`linear_probe`, the same dataset's best cell of
// that model). When the baseline itself is best, the best alternative is given instead.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

inline constexpr const char* kLinearFloorModel = "linear_probe";

struct MetricComparison {
  double value = 0;                 // pooled metric of the best cell (fraction)
  Interval ci;                      // its bootstrap 95% interval
  std::optional<double> baseline;   // of its baseline cell
  std::optional<double> diff_pp;    // value - baseline, percentage points
  double p = NAN;                   // paired Wilcoxon p against the baseline (NaN: none)
};

struct HeadlineRow {
  std::size_t row = 0;
  std::size_t best = 0;                          // column with the highest UF1
  bool best_is_baseline = false;
  double best_uf1 = NAN, best_uar = NAN;         // pooled means of `best` (fractions)
  Interval best_uf1_ci, best_uar_ci;             // and their bootstrap 95% intervals
  std::optional<std::size_t> compared;           // baseline column of `best`, or the best alternative
  MetricComparison uf1, uar;                     // of `best` vs its baseline, or alternative vs baseline
  bool is_floor = false;                         // this row is the linear floor
  std::optional<double> floor_uf1;               // best UF1 of the linear floor's row (fraction)
};

struct Headline {
  std::string dataset;
  std::vector<HeadlineRow> rows;                 // rows with at least one DONE cell
  bool has_floor = false;
};

Headline build_headline(const DatasetTable& table, const DatasetStats& stats);

}  // namespace merlab::reports
