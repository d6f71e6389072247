#include "framework/augment/temporal_strategy.h"

#include <algorithm>
#include <mutex>

#include "framework/common/strings.h"
#include "framework/config/access.h"
#include "framework/di/known_keys.h"

namespace merlab {

std::string to_string(TestRepresentation t) { return t == TestRepresentation::full ? "full" : "phase_mean"; }

std::vector<Phase> TemporalStrategy::test_phases() const {
  if (test == TestRepresentation::full) return {Phase::full};
  return {Phase::onset_apex, Phase::apex_offset};
}

std::string TemporalStrategy::describe() const {
  std::vector<std::string> names;
  for (Phase p : train_phases) names.push_back(phase_name(p));
  return name + " (train: " + join(names, "+") + ", test: " + to_string(test) + ")";
}

Registry<TemporalStrategy>& temporal_strategy_registry() {
  static Registry<TemporalStrategy> registry("temporal_strategy");
  return registry;
}

namespace {

TestRepresentation read_test(const YAML::Node& node, const std::string& where) {
  return cfg::choice(node, "test", "full", {"full", "phase_mean"}, where) == "full" ? TestRepresentation::full
                                                                                     : TestRepresentation::phase_mean;
}

Registry<TemporalStrategy>::Factory fixed(const std::string& name, std::vector<Phase> phases) {
  return [name, phases](const YAML::Node& node) {
    check_known_keys(node, {"name", "test"}, "aug.temporal");
    return TemporalStrategy{name, phases, read_test(node, "aug.temporal")};
  };
}

TemporalStrategy phases_subset(const YAML::Node& node) {
  const std::string where = "aug.temporal";
  check_known_keys(node, {"name", "train", "test"}, where);
  auto names = cfg::list_or<std::string>(node, "train", {}, where);
  if (names.empty())
    throw ConfigError("config key 'aug.temporal.train' is required: a non-empty subset of full, onset_apex, apex_offset");
  std::vector<Phase> phases;
  for (std::size_t i = 0; i < names.size(); ++i) {
    Phase p = phase_from_name(names[i], where + ".train[" + std::to_string(i) + "]");
    if (std::find(phases.begin(), phases.end(), p) != phases.end())
      throw ConfigError("config key 'aug.temporal.train': phase '" + names[i] + "' is listed twice");
    phases.push_back(p);
  }
  return TemporalStrategy{"phases", phases, read_test(node, where)};
}

}  // namespace

void register_builtin_temporal_strategies() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = temporal_strategy_registry();
    r.add("single_di", "baseline: one onset->offset DI per training clip", fixed("single_di", {Phase::full}));
    r.add("dual_phase_di", "two DIs per training clip: onset->apex and apex->offset",
          fixed("dual_phase_di", {Phase::onset_apex, Phase::apex_offset}));
    r.add("dual_phase_plus_full", "three DIs per training clip: full, onset->apex, apex->offset",
          fixed("dual_phase_plus_full", {Phase::full, Phase::onset_apex, Phase::apex_offset}));
    r.add("phases", "any subset of {full, onset_apex, apex_offset} given as train: [...]", phases_subset);
    publish_registry(&r);
  });
}

TemporalStrategy temporal_strategy_from_config(const YAML::Node& node, const std::string& where) {
  register_builtin_temporal_strategies();
  if (!node || node.IsNull()) return temporal_strategy_registry().create_by_name("single_di", YAML::Node());
  return temporal_strategy_registry().create(node, where);
}

}  // namespace merlab
