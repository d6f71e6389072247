#include "reports/significance.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <utility>

namespace merlab::reports {

std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) idx.push_back(i);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> out = p;
  const double m = static_cast<double>(idx.size());
  double running = 0;  // adjusted p-values never decrease along the sorted order
  for (std::size_t k = 0; k < idx.size(); ++k) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * p[idx[k]]));
    out[idx[k]] = running;
  }
  return out;
}

std::vector<std::vector<bool>> significance_marks(const DatasetTable& t, const DatasetStats& stats, Metric m,
                                                  const SignificanceOptions& o) {
  std::map<std::pair<std::string, std::string>, const StatRow*> by_label;
  for (const auto& r : stats.rows) by_label[{r.row, r.column}] = &r;
  std::vector<std::vector<bool>> marks(t.rows.size(), std::vector<bool>(t.columns.size(), false));
  for (std::size_t ri = 0; ri < t.rows.size(); ++ri) {
    std::vector<double> p(t.columns.size(), std::nan(""));
    for (std::size_t ci = 0; ci < t.columns.size(); ++ci) {
      auto it = by_label.find({t.rows[ri], t.columns[ci]});
      if (it != by_label.end() && !it->second->is_baseline) p[ci] = it->second->test(m).p_value;
    }
    if (o.holm) p = holm_adjust(p);
    for (std::size_t ci = 0; ci < t.columns.size(); ++ci) marks[ri][ci] = !std::isnan(p[ci]) && p[ci] < o.alpha;
  }
  return marks;
}

}  // namespace merlab::reports
