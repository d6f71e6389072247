// Optimizers built from the `train.optimizer:` config node by name (sgd, adam, adamw).
//
//   auto opt = optimizer_registry().create(train["optimizer"], "train.optimizer", model->parameters());
//
// Keys (all optional except name; defaults are LibTorch's): lr (sgd 0.01, adam/adamw 1e-3),
// weight_decay, momentum, dampening, nesterov (sgd);
// betas [b1, b2], eps, amsgrad (adam, adamw). Unknown keys are a ConfigError, so a typo such as
// `weight_decy` never silently trains with the default.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "framework/registry/registry.h"

namespace merlab {

using OptimizerRegistry = Registry<std::unique_ptr<torch::optim::Optimizer>, std::vector<torch::Tensor>>;

OptimizerRegistry& optimizer_registry();

// Adds sgd, adam and adamw and publishes the registry. Idempotent.
void register_builtin_optimizers();

// Writes `lr` into every parameter group of `optimizer`.
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

// The learning rate of the first parameter group.
double learning_rate(torch::optim::Optimizer& optimizer);

}  // namespace merlab
