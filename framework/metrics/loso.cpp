#include "framework/metrics/loso.h"

#include <cmath>
#include <limits>

namespace merlab::metrics {

GroupedMetrics evaluate_grouped(const std::vector<LabeledPrediction>& predictions, int num_classes,
                                const MetricOptions& options, const std::vector<std::string>& class_names) {
  ConfusionMatrix pooled(num_classes);
  std::map<std::string, ConfusionMatrix> per_group;
  for (const auto& p : predictions) {
    pooled.add(p.y_true, p.y_pred);
    per_group.try_emplace(p.group, num_classes).first->second.add(p.y_true, p.y_pred);
  }
  GroupedMetrics out;
  out.pooled = compute_metrics(pooled, options, class_names);
  double acc = 0, uf1 = 0, uar = 0;
  for (const auto& [group, cm] : per_group) {
    auto m = compute_metrics(cm, options, class_names);
    acc += m.accuracy;
    uf1 += m.uf1;
    uar += m.uar;
    out.groups.emplace(group, std::move(m));
  }
  const auto g = per_group.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.group_mean.groups = g;
  out.group_mean.accuracy = g ? acc / static_cast<double>(g) : nan;
  out.group_mean.uf1 = g ? uf1 / static_cast<double>(g) : nan;
  out.group_mean.uar = g ? uar / static_cast<double>(g) : nan;
  return out;
}

}  // namespace merlab::metrics
