#include "framework/augment/temporal_strategy.h"

#include <algorithm>
#include <mutex>

#include "framework/common/strings.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab {

std::string to_string(TestRepresentation t) {
  switch (t) {
    case TestRepresentation::full: return "full";
    case TestRepresentation::phase_mean: return "phase_mean";
    case TestRepresentation::pair: return "pair";
  }
  return "?";
}

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

TestRepresentation read_test(const YAML::Node& node, const std::string& where, TestRepresentation fallback) {
  return cfg::choice(node, "test", to_string(fallback), {"full", "phase_mean"}, where) == "full"
             ? TestRepresentation::full
             : TestRepresentation::phase_mean;
}

// `test_default` is the strategy's own reading of a test clip: a strategy that never trains on
// the full DI is by default tested on the representation it was trained on (phase_mean).
Registry<TemporalStrategy>::Factory fixed(const std::string& name, std::vector<Phase> phases,
                                          TestRepresentation test_default = TestRepresentation::full) {
  return [name, phases, test_default](const YAML::Node& node) {
    config::check_known_keys(node, {"name", "test"}, "aug.temporal");
    return TemporalStrategy{name, phases, read_test(node, "aug.temporal", test_default)};
  };
}

TemporalStrategy phases_subset(const YAML::Node& node) {
  const std::string where = "aug.temporal";
  config::check_known_keys(node, {"name", "train", "test"}, where);
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
  const bool has_full = std::find(phases.begin(), phases.end(), Phase::full) != phases.end();
  return TemporalStrategy{"phases", phases,
                          read_test(node, where, has_full ? TestRepresentation::full : TestRepresentation::phase_mean)};
}

}  // namespace

void register_builtin_temporal_strategies() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = temporal_strategy_registry();
    r.add("single_di", "baseline: one onset->offset DI per training clip", fixed("single_di", {Phase::full}));
    // The paper calls the phase DIs an augmentation: they are added to each clip's full DI.
    r.add("dual_phase_di", "augmentation: full + onset->apex + apex->offset DIs per training clip; test: full",
          fixed("dual_phase_di", {Phase::full, Phase::onset_apex, Phase::apex_offset}));
    r.add("dual_phase_only", "the phase DIs alone (onset->apex, apex->offset); test: phase_mean",
          fixed("dual_phase_only", {Phase::onset_apex, Phase::apex_offset}, TestRepresentation::phase_mean));
    // Former name of today's dual_phase_di; kept only to say so (its files would otherwise
    // fail with a bare "unknown strategy").
    r.add("dual_phase_plus_full", "renamed: use dual_phase_di", [](const YAML::Node&) -> TemporalStrategy {
      throw ConfigError(
          "config key 'aug.temporal.name': 'dual_phase_plus_full' was renamed to 'dual_phase_di' (full + phase DIs); "
          "the phase-only reading is 'dual_phase_only'");
    });
    r.add("phase_pair", "each clip one sample of two images (onset->apex, apex->offset), for two-stream models; test: pair",
          [](const YAML::Node& node) {
            config::check_known_keys(node, {"name", "test"}, "aug.temporal");
            cfg::choice(node, "test", "pair", {"pair"}, "aug.temporal");
            return TemporalStrategy{"phase_pair", {Phase::onset_apex, Phase::apex_offset}, TestRepresentation::pair};
          });
    r.add("phases", "any subset of {full, onset_apex, apex_offset} given as train: [...]", phases_subset);
    publish_registry(&r);
  });
}

TemporalStrategy TemporalStrategy::from_config(const YAML::Node& node, const std::string& where) {
  register_builtin_temporal_strategies();
  if (!node || node.IsNull()) return temporal_strategy_registry().create_by_name("single_di", YAML::Node());
  return temporal_strategy_registry().create(node, where);
}

}  // namespace merlab
