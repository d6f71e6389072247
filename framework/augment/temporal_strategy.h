// Temporal strategies: which phase DIs of a clip become training samples, and how a test
// clip is represented.
//
//   aug:
//     temporal: {name: dual_phase_di, test: full}      # test: full | phase_mean
//     temporal: {name: phases, train: [full, onset_apex], test: phase_mean}
//
// Built-ins: single_di (full), dual_phase_di (the paper's augmentation: full + onset_apex +
// apex_offset), dual_phase_only (onset_apex + apex_offset, tested with phase_mean by default)
// and `phases` (any non-empty subset given as `train:`). phase_pair makes each clip one sample of
// two images (onset->apex, apex->offset) in training and test, for two-stream models
// (model=dual_stream) and only for them.
// Test `full` classifies the full DI; `phase_mean` averages the logits of the onset_apex and
// apex_offset DIs (test_phases()). The test input is part of the strategy: it is logged and
// shown in every report label.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "framework/di/phases.h"
#include "framework/registry/registry.h"

namespace merlab {

// pair: the clip's onset->apex and apex->offset images form one sample, read together by a
// two-stream model (phase_pair).
enum class TestRepresentation { full, phase_mean, pair };

std::string to_string(TestRepresentation t);

struct TemporalStrategy {
  std::string name;
  std::vector<Phase> train_phases;
  TestRepresentation test = TestRepresentation::full;

  // Phases whose DIs represent a test clip (their logits are averaged when more than one).
  std::vector<Phase> test_phases() const;
  // True when a sample is the clip's two phase images together (phase_pair).
  bool paired() const { return test == TestRepresentation::pair; }
  // "dual_phase_di (train: full+onset_apex+apex_offset, test: full)" for logs.
  std::string describe() const;

  // Builds from the `aug.temporal` node (null: single_di with test full).
  static TemporalStrategy from_config(const YAML::Node& temporal_node, const std::string& where = "aug.temporal");
};

Registry<TemporalStrategy>& temporal_strategy_registry();
void register_builtin_temporal_strategies();

}  // namespace merlab
