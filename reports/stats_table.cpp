#include "reports/stats_table.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace merlab::reports {

std::uint64_t row_seed(std::uint64_t base, const std::string& dataset, const std::string& model,
                       const std::string& strategy, const std::string& condition) {
  // FNV-1a over the labels (fixed and portable), then one SplitMix64 step to spread the bits.
  std::uint64_t h = 1469598103934665603ULL;
  for (const std::string* s : {&dataset, &model, &strategy, &condition}) {
    if (s == &condition && condition.empty()) break;
    for (unsigned char c : *s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0x1fU) * 1099511628211ULL;
  }
  SplitMix64 mix(base ^ h);
  return mix.next();
}

std::vector<std::pair<std::string, double>> subject_means(const Cell& cell, Metric m) {
  std::map<std::string, std::pair<double, int>> acc;
  for (const auto* r : cell.runs)
    for (const auto& s : r->subjects) {
      auto& a = acc[s.subject];
      a.first += m == Metric::acc ? s.accuracy : m == Metric::uf1 ? s.uf1 : s.uar;
      ++a.second;
    }
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [subject, a] : acc) out.emplace_back(subject, a.first / a.second);
  return out;
}

std::string test_method_text(const StatRow& row) {
  const std::string a = to_string(row.acc_test.method), u = to_string(row.uf1_test.method);
  return a == u ? a : a + "/" + u;
}

namespace {

WilcoxonResult paired_test(const Cell& cell, const Cell& base, Metric m, int* paired) {
  const auto a = subject_means(cell, m);
  const auto b = subject_means(base, m);
  std::map<std::string, double> bmap(b.begin(), b.end());
  std::vector<double> d;
  for (const auto& [subject, v] : a) {
    auto it = bmap.find(subject);
    if (it == bmap.end()) continue;
    d.push_back(std::round((v - it->second) * 1e9) / 1e9);
  }
  *paired = static_cast<int>(d.size());
  if (d.empty()) {
    WilcoxonResult none;
    none.statistic = none.p_value = std::nan("");
    return none;
  }
  return wilcoxon_signed_rank(d);
}

}  // namespace

DatasetStats build_stats(const DatasetTable& table, const StatsOptions& options) {
  DatasetStats out;
  out.dataset = table.dataset;
  out.baseline = table.baseline;
  out.row_header = table.row_header;
  out.col_header = table.col_header;
  for (std::size_t mi = 0; mi < table.rows.size(); ++mi) {
    for (std::size_t si = 0; si < table.columns.size(); ++si) {
      const auto& cell = table.cell(mi, si);
      if (cell.n() == 0) continue;
      StatRow row;
      row.row = table.rows[mi];
      row.column = table.columns[si];
      row.model = cell.model;
      row.strategy = cell.strategy;
      row.runs = cell.n();
      row.is_baseline = table.is_baseline(si);
      const auto base_index = table.baseline_column[si];
      if (base_index) row.baseline_column = table.columns[*base_index];
      std::vector<const std::vector<storage::Prediction>*> preds;
      int classes = 0;
      for (const auto* r : cell.runs) {
        preds.push_back(&r->predictions);
        classes = std::max(classes, static_cast<int>(r->run.classes.size()));
      }
      auto bo = options.bootstrap;
      bo.seed = row_seed(options.bootstrap.seed, table.dataset, cell.model, cell.strategy, cell.condition);
      row.ci = bootstrap_pooled(preds, classes, bo);
      row.acc_test.statistic = row.acc_test.p_value = std::nan("");
      row.uf1_test = row.acc_test;
      row.uar_test = row.acc_test;
      if (!row.is_baseline && base_index && table.cell(mi, *base_index).n() > 0) {
        const auto& base = table.cell(mi, *base_index);
        int paired = 0;
        row.acc_test = paired_test(cell, base, Metric::acc, &paired);
        row.uf1_test = paired_test(cell, base, Metric::uf1, &paired);
        row.uar_test = paired_test(cell, base, Metric::uar, &paired);
        row.subjects = paired;
      }
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace merlab::reports
