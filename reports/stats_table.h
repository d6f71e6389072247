// Statistics per (dataset, model, strategy): bootstrap 95% confidence intervals of the pooled
// UF1/UAR seed-mean (bootstrap.h) and a paired Wilcoxon signed-rank test across subjects of the
// strategy against the baseline of the same model (wilcoxon.h).
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
  std::string model, strategy;
  int runs = 0;
  BootstrapResult ci;
  bool is_baseline = false;
  int subjects = 0;                 // subjects paired with the baseline
  WilcoxonResult acc_test, uf1_test;  // method none for the baseline or without pairs
};

struct DatasetStats {
  std::string dataset;
  std::string baseline;
  std::vector<StatRow> rows;        // model-major, strategies in table order; only non-empty cells
};

// "exact", "normal", "exact/normal" (accuracy test / UF1 test when they differ), "-".
std::string test_method_text(const StatRow& row);

DatasetStats build_stats(const DatasetTable& table, const StatsOptions& options);

// Per-subject score (accuracy or UF1) of one cell, averaged over its runs: subject -> value.
std::vector<std::pair<std::string, double>> subject_means(const Cell& cell, Metric m);

// Seed of one row: the base seed mixed with the row's labels (a row's interval does not change
// when other rows are added to the database).
std::uint64_t row_seed(std::uint64_t base, const std::string& dataset, const std::string& model,
                       const std::string& strategy);

}  // namespace merlab::reports
