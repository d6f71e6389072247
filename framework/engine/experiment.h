// Everything a run needs, read and validated from the resolved config before any training
// starts, so that a bad value fails in seconds rather than after the first fold.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "framework/augment/spatial.h"
#include "framework/augment/temporal_strategy.h"
#include "framework/common/limits.h"
#include "framework/di/di_options.h"
#include "framework/engine/folds.h"
#include "framework/flow/repr_options.h"
#include "framework/train/options.h"

namespace merlab {

struct OutputOptions {
  bool monitor_test = false;       // per-epoch held-out metrics, logged as MONITOR ONLY
  bool save_checkpoints = false;   // final weights of every fold under the run folder
  double stale_after_s = 120;      // a RUNNING fold silent this long is taken over on resume
  double heartbeat_s = 5;
};

struct ExperimentSpec {
  YAML::Node config;               // the resolved config (root)
  YAML::Node dataset;              // dataset: section
  YAML::Node faces;                // faces: section (used when dataset.frames=aligned)
  DiOptions di;
  ReprOptions repr;                // repr: section (what a clip becomes: DI or flow images)
  TemporalStrategy strategy;       // with repr=phase_flow, full already replaced by the phases
  YAML::Node spatial_node;         // aug.spatial (pipelines are cheap to rebuild)
  std::string strategy_label;      // aug.label, else derived (e.g. "dual_phase_di_spatial")
  YAML::Node model;                // model: section
  std::string model_name;
  int64_t input_size = 112;
  TrainOptions train;
  ProtocolOptions protocol;
  OutputOptions output;
  uint64_t seed = 0;
  int threads = 0;                 // runtime.threads (0 = all cores)
  std::string dataset_name;
  Limits limits;                   // limits: section (bounds on the files read; also in di.limits)
  // Key of the data a run reads: the dataset section, and the faces section when the frames
  // are aligned (runs that differ only in faces options read different crops).
  std::string data_key() const;

  // Validates every section (building the spatial pipeline, the strategy, the train options and
  // the device). Throws ConfigError naming the key.
  // check_weight_files: false only to validate a plan on a machine without the weight files
  // (`mer sweep --dry-run`); the names, architectures and shared paths are still checked.
  static ExperimentSpec from_config(const YAML::Node& resolved, bool check_weight_files = true);
};

}  // namespace merlab
