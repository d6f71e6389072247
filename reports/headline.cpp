#include "reports/headline.h"

#include <cmath>

namespace merlab::reports {

namespace {

const StatRow* find_stat(const DatasetStats& st, const DatasetTable& t, std::size_t row, std::size_t column) {
  for (const auto& r : st.rows)
    if (r.row == t.rows[row] && r.column == t.columns[column]) return &r;
  return nullptr;
}

double uf1_of(const DatasetTable& t, std::size_t row, std::size_t column) {
  const auto& c = t.cell(row, column);
  return c.n() > 0 ? c.get(Metric::uf1).mean : NAN;
}

// `cell` compared with `base` (both non-empty): the cell's value and interval, the difference
// and the cell's paired test against its baseline column.
MetricComparison compare(const DatasetTable& t, const DatasetStats& st, std::size_t row, std::size_t cell, std::size_t base,
                         Metric m) {
  MetricComparison out;
  const auto* s = find_stat(st, t, row, cell);
  out.value = t.cell(row, cell).get(m).mean;
  if (s) out.ci = m == Metric::uf1 ? s->ci.uf1_ci : s->ci.uar_ci;
  if (cell != base && t.cell(row, base).n() > 0) {
    out.baseline = t.cell(row, base).get(m).mean;
    out.diff_pp = 100 * (out.value - *out.baseline);
    if (s) out.p = s->test(m).p_value;
  }
  return out;
}

bool floor_row(const DatasetTable& t, std::size_t row) {
  for (const auto& c : t.cells[row])
    if (c.n() > 0) return c.model == kLinearFloorModel;
  return false;
}

}  // namespace

Headline build_headline(const DatasetTable& t, const DatasetStats& st) {
  Headline h;
  h.dataset = t.dataset;
  std::optional<double> floor;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    if (!floor_row(t, r)) continue;
    h.has_floor = true;
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      if (!std::isnan(uf1_of(t, r, c)) && (!floor || uf1_of(t, r, c) > *floor)) floor = uf1_of(t, r, c);
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::optional<std::size_t> best;
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      if (!std::isnan(uf1_of(t, r, c)) && (!best || uf1_of(t, r, c) > uf1_of(t, r, *best))) best = c;
    if (!best) continue;
    HeadlineRow hr;
    hr.row = r;
    hr.best = *best;
    hr.is_floor = floor_row(t, r);
    hr.floor_uf1 = floor;
    hr.best_is_baseline = t.is_baseline(*best);
    hr.best_uf1 = t.cell(r, *best).get(Metric::uf1).mean;
    hr.best_uar = t.cell(r, *best).get(Metric::uar).mean;
    if (const auto* s = find_stat(st, t, r, *best)) hr.best_uf1_ci = s->ci.uf1_ci, hr.best_uar_ci = s->ci.uar_ci;
    if (!hr.best_is_baseline) {
      hr.compared = t.baseline_column[*best];
      if (hr.compared && t.cell(r, *hr.compared).n() > 0) {
        hr.uf1 = compare(t, st, r, *best, *hr.compared, Metric::uf1);
        hr.uar = compare(t, st, r, *best, *hr.compared, Metric::uar);
      } else {
        hr.compared.reset();
        hr.uf1 = compare(t, st, r, *best, *best, Metric::uf1);
        hr.uar = compare(t, st, r, *best, *best, Metric::uar);
      }
    } else {
      // The baseline wins: report the strongest alternative compared with it.
      for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (c != *best && t.baseline_column[c] == *best && !std::isnan(uf1_of(t, r, c)) &&
            (!hr.compared || uf1_of(t, r, c) > uf1_of(t, r, *hr.compared)))
          hr.compared = c;
      const std::size_t shown = hr.compared ? *hr.compared : *best;
      hr.uf1 = compare(t, st, r, shown, *best, Metric::uf1);
      hr.uar = compare(t, st, r, shown, *best, Metric::uar);
    }
    h.rows.push_back(hr);
  }
  return h;
}

}  // namespace merlab::reports
