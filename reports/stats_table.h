// Statistics per cell (dataset, row, column: one condition, conditions.h): bootstrap 95% confidence intervals of the pooled
// UF1/UAR seed-mean (bootstrap.h) and a paired Wilcoxon signed-rank test across subjects of the
// column against its baseline column in the same row (wilcoxon.h).
//
// Per-subject scores: the accuracy and the UF1 of each held-out subject's clips, averaged over
// the seeds of the configuration; subjects present for both strategies are paired. Differences
// are rounded to 1e-9 before the test so that equal score changes computed in floating point
// (e.g. 0.3-0.1 and 0.5-0.3) count as ties and zeros, as they are mathematically.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/bootstrap.h"
#include "reports/table_data.h"
#include "reports/wilcoxon.h"

namespace merlab::reports {

struct StatsOptions {
  BootstrapOptions bootstrap;  // seed: the base seed; each row derives its own from its labels
};

struct StatRow {
  std::string row, column;          // the table's labels of the cell
  std::string model, strategy;      // of its runs
  std::string baseline_column;      // label of the column compared with ("" when none)
  int runs = 0;
  BootstrapResult ci;
  bool is_baseline = false;
  int subjects = 0;                 // subjects paired with the baseline
  WilcoxonResult acc_test, uf1_test;  // method none for the baseline or without pairs
  WilcoxonResult uar_test;            // same over per-subject UAR (paper tables' significance marks)
  const WilcoxonResult& test(Metric m) const { return m == Metric::acc ? acc_test : m == Metric::uf1 ? uf1_test : uar_test; }
};

struct DatasetStats {
  std::string dataset;
  std::string baseline;
  std::string row_header = "Model", col_header = "Strategy";
  std::vector<StatRow> rows;        // row-major, columns in table order; only non-empty cells
};

// "exact", "normal", "exact/normal" (accuracy test / UF1 test when they differ), "-".
std::string test_method_text(const StatRow& row);

DatasetStats build_stats(const DatasetTable& table, const StatsOptions& options);

// Per-subject score (accuracy or UF1) of one cell, averaged over its runs: subject -> value.
std::vector<std::pair<std::string, double>> subject_means(const Cell& cell, Metric m);

// Seed of one row: the base seed mixed with the cell's dataset, model, strategy and condition
// id (a row's interval does not change when other rows are added to the database, nor when the
// axes are chosen differently). An empty condition mixes in nothing, so cells that differ only
// by model and strategy keep the seeds they always had.
std::uint64_t row_seed(std::uint64_t base, const std::string& dataset, const std::string& model,
                       const std::string& strategy, const std::string& condition = "");

}  // namespace merlab::reports
