#include "framework/train/optimizers.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "framework/common/strings.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab {

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

double learning_rate(torch::optim::Optimizer& optimizer) {
  return optimizer.param_groups().at(0).options().get_lr();
}

namespace {

double non_negative(const YAML::Node& node, const std::string& key, double fallback, const std::string& where) {
  double v = cfg::value_or<double>(node, key, fallback, where);
  if (!(v >= 0.0) || !std::isfinite(v)) {
    throw ConfigError("config key '" + cfg::join_key(where, key) + "': expected a finite number >= 0, got " +
                      std::to_string(v));
  }
  return v;
}

double positive_lr(const YAML::Node& node, double fallback, const std::string& where) {
  double lr = non_negative(node, "lr", fallback, where);
  if (lr == 0.0) throw ConfigError("config key '" + cfg::join_key(where, "lr") + "': expected a number > 0, got 0");
  return lr;
}

std::tuple<double, double> betas(const YAML::Node& node, const std::string& where) {
  auto b = cfg::list_or<double>(node, "betas", {0.9, 0.999}, where);
  if (b.size() != 2 || !(b[0] >= 0.0 && b[0] < 1.0) || !(b[1] >= 0.0 && b[1] < 1.0)) {
    throw ConfigError("config key '" + cfg::join_key(where, "betas") +
                      "': expected a list of two numbers in [0, 1), e.g. [0.9, 0.999]");
  }
  return {b[0], b[1]};
}

const std::string kWhere = "train.optimizer";

std::unique_ptr<torch::optim::Optimizer> make_sgd(const YAML::Node& node, std::vector<torch::Tensor> params) {
  const auto& where = kWhere;
  config::check_known_keys(node, {"name", "lr", "weight_decay", "momentum", "dampening", "nesterov"}, where);
  torch::optim::SGDOptions o(positive_lr(node, 0.01, where));
  o.weight_decay(non_negative(node, "weight_decay", 0.0, where));
  o.momentum(non_negative(node, "momentum", 0.0, where));
  o.dampening(non_negative(node, "dampening", 0.0, where));
  o.nesterov(cfg::value_or<bool>(node, "nesterov", false, where));
  if (o.nesterov() && (o.momentum() <= 0.0 || o.dampening() != 0.0)) {
    // LibTorch would abort with a bare check failure; say which keys conflict instead.
    throw ConfigError("config key '" + where + ".nesterov': Nesterov momentum needs momentum > 0 and "
                      "dampening = 0 (got momentum " + std::to_string(o.momentum()) + ", dampening " +
                      std::to_string(o.dampening()) + ")");
  }
  return std::make_unique<torch::optim::SGD>(std::move(params), o);
}

std::unique_ptr<torch::optim::Optimizer> make_adam(const YAML::Node& node, std::vector<torch::Tensor> params) {
  const auto& where = kWhere;
  config::check_known_keys(node, {"name", "lr", "weight_decay", "betas", "eps", "amsgrad"}, where);
  torch::optim::AdamOptions o(positive_lr(node, 1e-3, where));
  o.weight_decay(non_negative(node, "weight_decay", 0.0, where));
  o.betas(betas(node, where));
  o.eps(non_negative(node, "eps", 1e-8, where));
  o.amsgrad(cfg::value_or<bool>(node, "amsgrad", false, where));
  return std::make_unique<torch::optim::Adam>(std::move(params), o);
}

std::unique_ptr<torch::optim::Optimizer> make_adamw(const YAML::Node& node, std::vector<torch::Tensor> params) {
  const auto& where = kWhere;
  config::check_known_keys(node, {"name", "lr", "weight_decay", "betas", "eps", "amsgrad"}, where);
  torch::optim::AdamWOptions o(positive_lr(node, 1e-3, where));
  o.weight_decay(non_negative(node, "weight_decay", 1e-2, where));
  o.betas(betas(node, where));
  o.eps(non_negative(node, "eps", 1e-8, where));
  o.amsgrad(cfg::value_or<bool>(node, "amsgrad", false, where));
  return std::make_unique<torch::optim::AdamW>(std::move(params), o);
}

}  // namespace

OptimizerRegistry& optimizer_registry() {
  static OptimizerRegistry registry("optimizer");
  return registry;
}

void register_builtin_optimizers() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = optimizer_registry();
    r.add("sgd", "stochastic gradient descent; momentum, dampening, nesterov, weight_decay (L2)", make_sgd);
    r.add("adam", "Adam; betas, eps, amsgrad, weight_decay (L2 added to the gradient)", make_adam);
    r.add("adamw", "AdamW; decoupled weight_decay (default 0.01), betas, eps, amsgrad", make_adamw);
    publish_registry(&r);
  });
}

}  // namespace merlab
