#include "framework/engine/experiment.h"

#include <algorithm>

#include <fmt/format.h>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/config/access.h"
#include "framework/config/config.h"
#include "framework/faces/faces_options.h"
#include "framework/models/model_zoo.h"
#include "framework/models/weights.h"
#include "framework/train/device.h"

namespace merlab {

std::string ExperimentSpec::data_key() const {
  std::string key = config::canonical_yaml(dataset);
  if (dataset["frames"] && dataset["frames"].IsScalar() && dataset["frames"].Scalar() == "aligned")
    key += "|faces:" + config::canonical_yaml(faces);
  return key;
}

ExperimentSpec ExperimentSpec::from_config(const YAML::Node& root, bool check_weight_files) {
  // Parsing may hash weight files: the engine parses a run once and hands the spec on.
  log::debug("parsing an experiment spec");
  ExperimentSpec s;
  s.config = root;
  for (const char* section : {"dataset", "model", "train"}) {
    if (!root[section] || !root[section].IsMap()) {
      throw ConfigError(std::string("config section '") + section + "' is missing (select one, e.g. " + section + "=NAME)");
    }
  }
  s.dataset = root["dataset"];
  s.dataset_name = cfg::require<std::string>(s.dataset, "name", "dataset");
  s.faces = root["faces"];
  FacesOptions::from_config(s.faces);  // validated even when the frames are not aligned
  s.limits = limits_from_config(root["limits"]);
  s.di = DiOptions::from_config(root["di"], "di");
  s.di.limits = s.limits;
  const YAML::Node aug = root["aug"];
  s.strategy = TemporalStrategy::from_config(aug ? aug["temporal"] : YAML::Node(), "aug.temporal");
  s.repr = ReprOptions::from_config(root["repr"]);
  if (s.repr.kind == ReprKind::phase_flow && !s.strategy.paired()) {
    // One flow per phase: the full slot becomes both phase flows in training, their mean in test.
    std::vector<Phase> phases;
    for (Phase p : s.strategy.train_phases) {
      const std::vector<Phase> add = p == Phase::full ? std::vector<Phase>{Phase::onset_apex, Phase::apex_offset}
                                                      : std::vector<Phase>{p};
      for (Phase q : add)
        if (std::find(phases.begin(), phases.end(), q) == phases.end()) phases.push_back(q);
    }
    s.strategy.train_phases = phases;
    s.strategy.test = TestRepresentation::phase_mean;
  }
  s.spatial_node = aug ? aug["spatial"] : YAML::Node();
  SpatialPipeline pipeline(s.spatial_node, "aug.spatial");  // validates ops and parameters
  s.strategy_label = cfg::value_or<std::string>(aug, "label", "", "aug");
  if (s.strategy_label.empty()) {
    s.strategy_label = s.strategy.name + (pipeline.mode() == SpatialMode::none ? "" : "_spatial");
  }
  // model.pretrained resolved now (imagenet -> weights.dir/<torchvision file>, checked for presence,
  // hash and architecture), so a bad file is a ConfigError before any fold trains.
  s.model = model_node_with_weights(root, check_weight_files);
  s.model_name = cfg::require<std::string>(s.model, "name", "model");
  if (!model_registry().contains(s.model_name)) model_registry().get(s.model_name);  // throws with suggestions
  // A two-stream model reads the phase_pair strategy's image pairs, and only it does.
  const bool two_streams = model_input_streams(s.model_name) == 2;
  if (two_streams != s.strategy.paired()) {
    throw ConfigError(two_streams ? "model " + s.model_name + " reads two phase images per sample: use aug=phase_pair "
                                    "(aug.temporal.name: phase_pair), not '" + s.strategy.name + "'"
                                  : "aug.temporal.name: phase_pair gives two images per sample, which only a two-stream "
                                    "model reads (model=dual_stream), not '" + s.model_name + "'");
  }
  s.input_size = cfg::value_or<int64_t>(s.model, "input_size", default_input_size(s.model_name), "model");
  if (s.input_size < 16) throw ConfigError("config key 'model.input_size': expected at least 16");
  s.seed = cfg::value_or<uint64_t>(root, "seed", 0, "");
  s.train = TrainOptions::from_config(root["train"]);
  s.train.seed = s.seed;  // one seed governs the whole run
  s.train.device = select_device(root["runtime"]);
  s.threads = cfg::value_or<int>(root["runtime"], "threads", 0, "runtime");
  if (s.threads < 0) {
    throw ConfigError("config key 'runtime.threads': expected 0 (all cores) or a positive thread count, got " +
                      std::to_string(s.threads));
  }
  s.protocol = ProtocolOptions::from_config(root["protocol"]);
  const YAML::Node out = root["output"];
  s.output.monitor_test = cfg::value_or<bool>(out, "monitor_test", false, "output");
  s.output.save_checkpoints = cfg::value_or<bool>(out, "save_checkpoints", false, "output");
  s.output.stale_after_s = cfg::value_or<double>(out, "stale_after_s", 120.0, "output");
  s.output.heartbeat_s = cfg::value_or<double>(out, "heartbeat_s", 5.0, "output");
  if (!(s.output.heartbeat_s > 0)) throw ConfigError("config key 'output.heartbeat_s': expected a positive number of seconds");
  if (!(s.output.stale_after_s > s.output.heartbeat_s)) {
    throw ConfigError("config key 'output.stale_after_s': expected more seconds than output.heartbeat_s (" +
                      fmt::format("{}", s.output.heartbeat_s) + "), or live folds would be taken over");
  }
  return s;
}

}  // namespace merlab
