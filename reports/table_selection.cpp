#include "reports/table_selection.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::reports {

Metric parse_metric(const std::string& key) {
  for (Metric m : kMetrics)
    if (key == metric_key(m)) return m;
  throw UsageError("mer report: unknown metric '" + key + "'; valid: acc, uf1, uar");
}

std::vector<Metric> selected_metrics(const TableSelection& s) {
  if (!s.metrics.empty()) return s.metrics;
  return {kMetrics.begin(), kMetrics.end()};
}

namespace {

void check_names(const char* option, const std::vector<std::string>& chosen, const std::set<std::string>& present) {
  std::set<std::string> seen;
  for (const auto& name : chosen) {
    if (!seen.insert(name).second) throw UsageError(std::string("mer report: --") + option + " names '" + name + "' twice");
    if (!present.count(name))
      throw UsageError(std::string("mer report: --") + option + " '" + name + "' has no DONE run; valid: " +
                       join(std::vector<std::string>(present.begin(), present.end()), ", "));
  }
}

bool keep(const std::vector<std::string>& chosen, const std::string& v) {
  return chosen.empty() || std::find(chosen.begin(), chosen.end(), v) != chosen.end();
}

// Position of `v` in `order`; unlisted values after every listed one.
std::size_t rank(const std::vector<std::string>& order, const std::string& v) {
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), v) - order.begin());
}

template <class T>
std::vector<T> permute(const std::vector<T>& v, const std::vector<std::size_t>& p) {
  std::vector<T> out;
  for (auto i : p) out.push_back(v[i]);
  return out;
}

}  // namespace

void apply_selection(ReportData& data, const TableSelection& s, const std::string& baseline) {
  std::set<std::string> models, strategies, datasets;
  for (const auto& r : data.runs) {
    models.insert(r.run.model);
    strategies.insert(r.run.strategy);
    datasets.insert(r.run.dataset);
  }
  check_names("models", s.models, models);
  check_names("strategies", s.strategies, strategies);
  check_names("datasets", s.datasets, datasets);
  std::set<Metric> metrics;
  for (Metric m : s.metrics)
    if (!metrics.insert(m).second) throw UsageError(std::string("mer report: --metrics names '") + metric_key(m) + "' twice");
  if (!keep(s.strategies, baseline))
    throw UsageError("mer report: --strategies must include the baseline '" + baseline +
                     "' (the others are compared with it; see --baseline)");
  data.runs.erase(std::remove_if(data.runs.begin(), data.runs.end(),
                                 [&](const RunData& r) {
                                   return !keep(s.models, r.run.model) || !keep(s.strategies, r.run.strategy) ||
                                          !keep(s.datasets, r.run.dataset);
                                 }),
                  data.runs.end());
}

void order_tables(std::vector<DatasetTable>& tables, const TableSelection& s) {
  std::stable_sort(tables.begin(), tables.end(), [&](const DatasetTable& a, const DatasetTable& b) {
    return rank(s.datasets, a.dataset) < rank(s.datasets, b.dataset);
  });
  for (auto& t : tables) {
    // A row's model and a column's strategy come from its non-empty cells.
    auto row_model = [&](std::size_t r) {
      for (const auto& c : t.cells[r])
        if (c.n() > 0) return c.model;
      return std::string();
    };
    std::vector<std::size_t> rp(t.rows.size()), cp(t.columns.size());
    std::iota(rp.begin(), rp.end(), 0);
    std::iota(cp.begin(), cp.end(), 0);
    std::stable_sort(rp.begin(), rp.end(), [&](std::size_t a, std::size_t b) {
      return rank(s.models, row_model(a)) < rank(s.models, row_model(b));
    });
    std::stable_sort(cp.begin(), cp.end(), [&](std::size_t a, std::size_t b) {
      return rank(s.strategies, t.column_strategy[a]) < rank(s.strategies, t.column_strategy[b]);
    });
    std::vector<std::size_t> new_index(cp.size());
    for (std::size_t i = 0; i < cp.size(); ++i) new_index[cp[i]] = i;
    t.rows = permute(t.rows, rp);
    t.columns = permute(t.columns, cp);
    t.column_strategy = permute(t.column_strategy, cp);
    auto bases = permute(t.baseline_column, cp);
    for (auto& b : bases)
      if (b) b = new_index[*b];
    t.baseline_column = bases;
    auto cells = permute(t.cells, rp);
    for (auto& row : cells) row = permute(row, cp);
    t.cells = std::move(cells);
  }
}

}  // namespace merlab::reports
