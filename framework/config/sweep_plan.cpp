#include "framework/config/sweep_plan.h"

#include <algorithm>
#include <set>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/overrides.h"

namespace merlab::config {
namespace {
std::string key_of(const std::string& override_text) {
  auto eq = override_text.find('=');
  std::string k = override_text.substr(0, eq);
  while (!k.empty() && (k[0] == '+' || k[0] == '~')) k.erase(0, 1);
  return k;
}
}  // namespace

SweepPlan plan_sweep(const std::vector<std::string>& overrides, const std::vector<std::string>& multirun,
                     const std::filesystem::path& root) {
  std::vector<std::string> all = overrides;
  all.insert(all.end(), multirun.begin(), multirun.end());
  SweepPlan plan;
  plan.spec = parse_sweep_overrides(all, root);

  // The experiment's sweep block is found by composing the fixed part.
  ComposeOptions base;
  base.root = root;
  base.overrides = plan.spec.fixed;
  Composed base_config = compose(base);
  plan.sweep_block = base_config.sweep;
  if (plan.sweep_block && !plan.sweep_block.IsNull()) {
    SweepSpec block;
    add_sweep_block(block, plan.sweep_block, root);
    std::set<std::string> cli_keys;
    for (const auto& f : plan.spec.fixed) cli_keys.insert(key_of(f));
    for (const auto& a : plan.spec.axes)
      for (const auto& k : a.keys) cli_keys.insert(key_of(k));  // "+x" names the key x
    for (auto& axis : block.axes) {
      bool overridden = std::any_of(axis.keys.begin(), axis.keys.end(), [&](const std::string& k) { return cli_keys.count(k) > 0; });
      if (!overridden) plan.spec.axes.push_back(axis);
    }
  }

  std::set<std::string> seen;
  for (auto& point_overrides : expand(plan.spec)) {
    ComposeOptions o;
    o.root = root;
    o.overrides = point_overrides;
    GridPoint p;
    p.overrides = point_overrides;
    p.composed = compose(o);
    p.hash = p.composed.hash();
    if (!seen.insert(p.hash).second) {
      throw ConfigError("sweep: two grid points resolve to the same run (identity hash " + p.hash.substr(0, 12) +
                        "), e.g. '" + join(point_overrides, " ") +
                        "'; remove the duplicate axis value (paths, output, launcher and thread settings are not part of a run's identity)");
    }
    plan.points.push_back(std::move(p));
  }
  return plan;
}

}  // namespace merlab::config
