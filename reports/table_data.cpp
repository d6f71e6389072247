#include "reports/table_data.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "framework/common/error.h"
#include "framework/common/strings.h"

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
  static const std::vector<std::string> order = {"single_di", "dual_phase_di", "dual_phase_only", "single_di_spatial", "dual_phase_di_spatial"};
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
  return std::find(column_strategy.begin(), column_strategy.end(), baseline) != column_strategy.end();
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

std::vector<std::size_t> DatasetTable::best_in_row(std::size_t row, Metric m, int decimals) const {
  // Compare the values as displayed so that equal printed numbers are all marked.
  const double scale = std::pow(10.0, decimals) * 100.0;
  std::vector<std::size_t> best;
  double best_v = -std::numeric_limits<double>::infinity();
  for (std::size_t s = 0; s < columns.size(); ++s) {
    const auto& c = cells[row][s];
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

std::optional<double> DatasetTable::relative_improvement(std::size_t row, std::size_t column, Metric m) const {
  const auto b = baseline_column[column];
  if (!b || *b == column) return std::nullopt;
  const auto& base = cells[row][*b];
  const auto& cell = cells[row][column];
  if (base.n() == 0 || cell.n() == 0) return std::nullopt;
  const double mb = base.get(m).mean, ms = cell.get(m).mean;
  if (std::isnan(mb) || std::isnan(ms) || mb == 0) return std::nullopt;
  return 100.0 * (ms - mb) / mb;
}

std::vector<const storage::RunRecord*> run_records(const ReportData& data) {
  std::vector<const storage::RunRecord*> out;
  for (const auto& r : data.runs) out.push_back(&r.run);
  return out;
}

namespace {

using Values = std::vector<std::string>;

void check_baseline(const ReportData& data, const std::string& baseline) {
  std::set<std::string> strategies;
  for (const auto& r : data.runs) strategies.insert(r.run.strategy);
  if (strategies.empty() || strategies.count(baseline)) return;
  throw UsageError("mer report: --baseline '" + baseline + "' is not the strategy of any DONE run; strategies: " +
                   join(order_strategies(std::vector<std::string>(strategies.begin(), strategies.end()), ""), ", "));
}

// Keys on which a column and its baseline column must agree: the condition keys and the model,
// not the strategy nor the keys that only describe a strategy (aug.temporal.name behind it).
std::vector<std::size_t> match_positions(const Conditions& c) {
  const auto& identity = c.identity_keys();
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < c.col_keys().size(); ++i) {
    const auto& k = c.col_keys()[i];
    if (k == kModelKey || k.rfind("model.", 0) == 0 || std::find(identity.begin(), identity.end(), k) != identity.end())
      out.push_back(i);
  }
  return out;
}

void match_baselines(DatasetTable& t, const Conditions& c, const std::vector<Values>& cols) {
  const auto match = match_positions(c);
  const auto& keys = c.col_keys();
  const auto test_pos = static_cast<std::size_t>(std::find(keys.begin(), keys.end(), kTestKey) - keys.begin());
  auto default_test = [&](std::size_t b) { return test_pos >= keys.size() || cols[b][test_pos] == kDefaultTest; };
  auto agree = [&](std::size_t a, std::size_t b, bool skip_test) {
    int n = 0;
    for (auto i : match)
      if ((skip_test && i == test_pos) || cols[a][i] == cols[b][i]) ++n;
    return n;
  };
  std::vector<std::size_t> bases;
  for (std::size_t s = 0; s < t.columns.size(); ++s)
    if (t.is_baseline(s)) bases.push_back(s);
  t.baseline_column.assign(t.columns.size(), std::nullopt);
  for (std::size_t s = 0; s < t.columns.size(); ++s) {
    if (t.is_baseline(s)) {
      t.baseline_column[s] = s;
      continue;
    }
    const int all = static_cast<int>(match.size());
    for (auto b : bases)
      if (agree(s, b, false) == all) {
        t.baseline_column[s] = b;
        break;
      }
    if (t.baseline_column[s]) continue;
    int best = -1;
    for (auto b : bases) {
      if (!default_test(b)) continue;
      const int n = agree(s, b, true);
      if (n > best) {
        best = n;
        t.baseline_column[s] = b;
      }
    }
  }
}

}  // namespace

std::vector<DatasetTable> build_tables(const ReportData& data, const std::string& baseline) {
  ConditionOptions o;
  o.baseline = baseline;
  return build_tables(data, Conditions(run_records(data), o), baseline);
}

std::vector<DatasetTable> build_tables(const ReportData& data, const Conditions& conditions, const std::string& baseline) {
  check_baseline(data, baseline);
  std::map<std::string, std::vector<const RunData*>> by_dataset;
  for (const auto& r : data.runs) by_dataset[r.run.dataset].push_back(&r);
  std::vector<DatasetTable> tables;
  for (const auto& [dataset, runs] : by_dataset) {
    DatasetTable t;
    t.dataset = dataset;
    t.baseline = baseline;
    t.row_header = conditions.row_header();
    t.col_header = conditions.col_header();
    for (const auto* axis : {&conditions.row_keys(), &conditions.col_keys()})
      for (const auto& k : *axis)
        if (k != kModelKey && k != kStrategyKey) t.condition_keys.push_back(k);
    std::vector<Values> rows, cols;
    for (const auto* r : runs) {
      rows.push_back(conditions.row_values(r->run));
      cols.push_back(conditions.col_values(r->run));
    }
    auto ordered = [](std::vector<Values> v, auto less) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
      std::stable_sort(v.begin(), v.end(), less);
      return v;
    };
    const auto row_order = ordered(rows, [&](const Values& a, const Values& b) { return conditions.row_less(a, b); });
    const auto col_order = ordered(cols, [&](const Values& a, const Values& b) { return conditions.col_less(a, b); });
    for (const auto& v : row_order) t.rows.push_back(conditions.row_label(v));
    for (const auto& v : col_order) t.columns.push_back(conditions.col_label(v));
    t.cells.assign(t.rows.size(), std::vector<Cell>(t.columns.size()));
    std::vector<std::set<std::string>> col_strategies(t.columns.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const auto* r = runs[i];
      const auto ri = static_cast<std::size_t>(std::find(row_order.begin(), row_order.end(), rows[i]) - row_order.begin());
      const auto ci = static_cast<std::size_t>(std::find(col_order.begin(), col_order.end(), cols[i]) - col_order.begin());
      auto& cell = t.cells[ri][ci];
      cell.runs.push_back(r);  // data.runs is sorted by seed within a (model, strategy)
      cell.model = r->run.model;
      cell.strategy = r->run.strategy;
      cell.condition = conditions.condition_id(r->run);
      col_strategies[ci].insert(r->run.strategy);
    }
    for (const auto& s : col_strategies) t.column_strategy.push_back(s.size() == 1 ? *s.begin() : "");
    match_baselines(t, conditions, col_order);
    for (auto& row : t.cells)
      for (auto& c : row) {
        std::stable_sort(c.runs.begin(), c.runs.end(),
                         [](const RunData* a, const RunData* b) { return a->run.seed < b->run.seed; });
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
