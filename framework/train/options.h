// Every option of the `train:` config section, parsed and checked in one place so that a bad
// value fails before the first fold starts, with the full key in the message.
#pragma once

#include <torch/torch.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>

#include "framework/train/loss.h"

namespace merlab {

struct EarlyStoppingOptions {
  bool enabled = false;
  double val_fraction = 0.2;  // fraction of the training subjects held out (whole subjects)
  int64_t patience = 5;       // epochs without improvement before stopping
  std::string metric = "loss";  // loss (lower is better) | acc (higher is better)
  double min_delta = 0.0;     // an improvement must exceed this
};

// How long a fold trains. `epochs`: `epochs` passes over the training samples, so a strategy
// with more samples per clip takes more optimizer steps. `steps`: every strategy takes the
// optimizer steps the single-DI baseline takes in `epochs` passes (one sample per training clip),
// so strategies are compared at an equal budget; an "epoch" is then that many steps.
enum class Budget { epochs, steps };
const char* to_string(Budget b);

struct TrainOptions {
  int64_t epochs = 10;
  Budget budget = Budget::epochs;
  int64_t batch_size = 16;
  int64_t eval_batch_size = 64;  // inner validation and predict()
  uint64_t seed = 0;
  YAML::Node optimizer;  // {name: adam, lr: ...}; built by optimizer_registry()
  YAML::Node scheduler;  // {name: cosine, ...}; built by scheduler_registry()
  double label_smoothing = 0.0;
  ClassWeightSpec class_weights;
  double grad_clip = 0.0;  // max global gradient L2 norm; 0 = off
  // Recompute BatchNorm running statistics on the training samples (no augmentation, no
  // gradients, equal weight per batch) after training, and before every inner validation:
  // after a few hundred steps the exponential averages (momentum 0.1, or 0.01 for LEARNet's
  // Keras-style layers) are far from the trained network's statistics, and eval-mode
  // predictions collapse. Uses training samples only.
  bool precise_bn = true;
  EarlyStoppingOptions early_stopping;
  torch::Device device = torch::kCPU;  // not read from `train:`; set from select_device(runtime)

  // Reads the `train:` section. Unknown keys and out-of-range values are ConfigErrors naming
  // the key. The optimizer and scheduler nodes are checked by building them once on a dummy
  // parameter, so their errors surface here too.
  static TrainOptions from_config(const YAML::Node& train);

  // Options for quick runs in code (tests, benchmarks): adam lr 1e-3, no schedule.
  static TrainOptions defaults();
};

}  // namespace merlab
