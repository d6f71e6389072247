#include "reports/table_data.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace merlab::reports {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

const char* metric_label(Metric m) {
  switch (m) {
    case Metric::acc: return "Acc";
    case Metric::uf1: return "UF1";
    default: return "UAR";
  }
}
const char* metric_key(Metric m) {
  switch (m) {
    case Metric::acc: return "acc";
    case Metric::uf1: return "uf1";
    default: return "uar";
  }
}

const std::vector<std::string>& paper_strategy_order() {
  static const std::vector<std::string> order = {"single_di", "dual_phase_di", "single_di+spatial", "dual_phase_di+spatial"};
  return order;
}

std::vector<std::string> order_strategies(std::vector<std::string> strategies, const std::string& baseline) {
  std::sort(strategies.begin(), strategies.end());
  strategies.erase(std::unique(strategies.begin(), strategies.end()), strategies.end());
  const auto& paper = paper_strategy_order();
  auto rank = [&](const std::string& s) -> std::size_t {
    if (s == baseline) return 0;
    auto it = std::find(paper.begin(), paper.end(), s);
    return it == paper.end() ? paper.size() + 1 : static_cast<std::size_t>(it - paper.begin()) + 1;
  };
  std::stable_sort(strategies.begin(), strategies.end(),
                   [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  return strategies;
}

Summary summarize(const std::vector<double>& values) {
  Summary s;
  s.n = static_cast<int>(values.size());
  if (values.empty()) {
    s.mean = s.sd = kNaN;
    return s;
  }
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / s.n;
  if (s.n < 2) {
    s.sd = kNaN;
    return s;
  }
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(ss / (s.n - 1));
  return s;
}

bool DatasetTable::has_baseline() const {
  return std::find(strategies.begin(), strategies.end(), baseline) != strategies.end();
}

bool DatasetTable::uniform_n() const {
  int seen = -1;
  for (const auto& row : cells)
    for (const auto& c : row) {
      if (c.n() == 0) continue;
      if (seen >= 0 && c.n() != seen) return false;
      seen = c.n();
    }
  return true;
}

int DatasetTable::max_n() const {
  int m = 0;
  for (const auto& row : cells)
    for (const auto& c : row) m = std::max(m, c.n());
  return m;
}

std::vector<std::size_t> DatasetTable::best_in_row(std::size_t model, Metric m, int decimals) const {
  // Compare the values as displayed so that equal printed numbers are all marked.
  const double scale = std::pow(10.0, decimals) * 100.0;
  std::vector<std::size_t> best;
  double best_v = -std::numeric_limits<double>::infinity();
  for (std::size_t s = 0; s < strategies.size(); ++s) {
    const auto& c = cells[model][s];
    if (c.n() == 0 || std::isnan(c.get(m).mean)) continue;
    const double v = std::round(c.get(m).mean * scale);
    if (v > best_v) {
      best_v = v;
      best = {s};
    } else if (v == best_v) {
      best.push_back(s);
    }
  }
  return best;
}

std::optional<double> DatasetTable::relative_improvement(std::size_t model, std::size_t strategy, Metric m) const {
  auto b = std::find(strategies.begin(), strategies.end(), baseline);
  if (b == strategies.end()) return std::nullopt;
  const auto& base = cells[model][static_cast<std::size_t>(b - strategies.begin())];
  const auto& cell = cells[model][strategy];
  if (base.n() == 0 || cell.n() == 0) return std::nullopt;
  const double mb = base.get(m).mean, ms = cell.get(m).mean;
  if (std::isnan(mb) || std::isnan(ms) || mb == 0) return std::nullopt;
  return 100.0 * (ms - mb) / mb;
}

std::vector<DatasetTable> build_tables(const ReportData& data, const std::string& baseline) {
  std::map<std::string, std::vector<const RunData*>> by_dataset;
  for (const auto& r : data.runs) by_dataset[r.run.dataset].push_back(&r);
  std::vector<DatasetTable> tables;
  for (const auto& [dataset, runs] : by_dataset) {
    DatasetTable t;
    t.dataset = dataset;
    t.baseline = baseline;
    std::set<std::string> models;
    std::vector<std::string> strategies;
    for (const auto* r : runs) {
      models.insert(r->run.model);
      strategies.push_back(r->run.strategy);
    }
    t.models.assign(models.begin(), models.end());
    t.strategies = order_strategies(strategies, baseline);
    t.cells.assign(t.models.size(), std::vector<Cell>(t.strategies.size()));
    for (const auto* r : runs) {
      const auto mi = static_cast<std::size_t>(std::find(t.models.begin(), t.models.end(), r->run.model) - t.models.begin());
      const auto si = static_cast<std::size_t>(
          std::find(t.strategies.begin(), t.strategies.end(), r->run.strategy) - t.strategies.begin());
      t.cells[mi][si].runs.push_back(r);  // data.runs is sorted by seed within a cell
    }
    for (auto& row : t.cells)
      for (auto& c : row) {
        for (Metric m : kMetrics) {
          std::vector<double> v;
          for (const auto* r : c.runs) {
            const auto& x = m == Metric::acc ? r->run.acc : m == Metric::uf1 ? r->run.uf1 : r->run.uar;
            if (x) v.push_back(*x);
          }
          c.metric[static_cast<std::size_t>(m)] = summarize(v);
        }
      }
    tables.push_back(std::move(t));
  }
  return tables;
}

}  // namespace merlab::reports
