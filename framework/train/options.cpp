#include "framework/train/options.h"

#include <algorithm>
#include <cmath>

#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"
#include "framework/train/optimizers.h"
#include "framework/train/schedulers.h"

namespace merlab {

namespace {

int64_t at_least(const YAML::Node& node, const std::string& key, int64_t fallback, int64_t min,
                 const std::string& where) {
  auto v = cfg::value_or<int64_t>(node, key, fallback, where);
  if (v < min) {
    throw ConfigError("config key '" + cfg::join_key(where, key) + "': expected an integer >= " + std::to_string(min) +
                      ", got " + std::to_string(v));
  }
  return v;
}

double in_range(const YAML::Node& node, const std::string& key, double fallback, double lo, double hi,
                bool hi_open, const std::string& where) {
  auto v = cfg::value_or<double>(node, key, fallback, where);
  if (!(v >= lo && (hi_open ? v < hi : v <= hi))) {
    throw ConfigError("config key '" + cfg::join_key(where, key) + "': expected a number in [" + std::to_string(lo) +
                      ", " + std::to_string(hi) + (hi_open ? ")" : "]") + ", got " + std::to_string(v));
  }
  return v;
}

ClassWeightSpec parse_class_weights(const YAML::Node& train) {
  ClassWeightSpec spec;
  const auto node = train["class_weights"];
  if (!node || node.IsNull()) return spec;
  if (node.IsSequence()) {
    spec.mode = ClassWeightSpec::Mode::explicit_list;
    spec.values = cfg::list_or<double>(train, "class_weights", {}, "train");
    for (std::size_t i = 0; i < spec.values.size(); ++i) {
      if (!(spec.values[i] >= 0.0) || !std::isfinite(spec.values[i])) {
        throw ConfigError("config key 'train.class_weights[" + std::to_string(i) + "]': expected a finite number >= 0");
      }
    }
    if (spec.values.empty()) throw ConfigError("config key 'train.class_weights': the list is empty");
    return spec;
  }
  auto mode = cfg::choice(train, "class_weights", "none", {"none", "balanced"}, "train");
  spec.mode = mode == "balanced" ? ClassWeightSpec::Mode::balanced : ClassWeightSpec::Mode::none;
  return spec;
}

EarlyStoppingOptions parse_early_stopping(const YAML::Node& train) {
  EarlyStoppingOptions es;
  const auto node = train["early_stopping"];
  if (!node || node.IsNull()) return es;
  const std::string where = "train.early_stopping";
  if (!node.IsMap()) throw ConfigError("config key '" + where + "': expected a map {enabled, val_fraction, patience, metric}");
  config::check_known_keys(node, {"enabled", "val_fraction", "patience", "metric", "min_delta"}, where);
  es.enabled = cfg::value_or<bool>(node, "enabled", es.enabled, where);
  es.val_fraction = in_range(node, "val_fraction", es.val_fraction, 0.0, 1.0, true, where);
  if (es.val_fraction <= 0.0) throw ConfigError("config key '" + where + ".val_fraction': expected a number in (0, 1)");
  es.patience = at_least(node, "patience", es.patience, 1, where);
  es.metric = cfg::choice(node, "metric", es.metric, {"loss", "acc"}, where);
  es.min_delta = in_range(node, "min_delta", es.min_delta, 0.0, 1e9, false, where);
  return es;
}

}  // namespace

TrainOptions TrainOptions::defaults() {
  TrainOptions o;
  o.optimizer = YAML::Load("{name: adam, lr: 0.001}");
  o.scheduler = YAML::Load("{name: none}");
  return o;
}

const char* to_string(Budget b) { return b == Budget::steps ? "steps" : "epochs"; }

TrainOptions TrainOptions::from_config(const YAML::Node& train) {
  if (!train || !train.IsMap()) throw ConfigError("config key 'train': expected a map with the training options");
  config::check_known_keys(train,
                      {"epochs", "batch_size", "eval_batch_size", "seed", "optimizer", "scheduler", "label_smoothing",
                       "class_weights", "grad_clip", "early_stopping", "budget", "precise_bn"},
                      "train");
  TrainOptions o = defaults();
  o.epochs = at_least(train, "epochs", o.epochs, 1, "train");
  o.budget = cfg::choice(train, "budget", "epochs", {"epochs", "steps"}, "train") == "steps" ? Budget::steps
                                                                                             : Budget::epochs;
  o.batch_size = at_least(train, "batch_size", o.batch_size, 1, "train");
  o.eval_batch_size = at_least(train, "eval_batch_size", std::max<int64_t>(o.eval_batch_size, o.batch_size), 1, "train");
  auto seed = cfg::value_or<int64_t>(train, "seed", 0, "train");
  if (seed < 0) throw ConfigError("config key 'train.seed': expected an integer >= 0, got " + std::to_string(seed));
  o.seed = static_cast<uint64_t>(seed);
  o.label_smoothing = in_range(train, "label_smoothing", 0.0, 0.0, 1.0, true, "train");
  o.class_weights = parse_class_weights(train);
  o.grad_clip = in_range(train, "grad_clip", 0.0, 0.0, 1e12, false, "train");
  o.early_stopping = parse_early_stopping(train);
  o.precise_bn = cfg::value_or<bool>(train, "precise_bn", o.precise_bn, "train");

  if (train["optimizer"]) {
    if (!train["optimizer"].IsMap()) throw ConfigError("config key 'train.optimizer': expected a map with 'name:'");
    o.optimizer = YAML::Clone(train["optimizer"]);
  }
  if (train["scheduler"]) {
    if (!train["scheduler"].IsMap()) throw ConfigError("config key 'train.scheduler': expected a map with 'name:'");
    o.scheduler = YAML::Clone(train["scheduler"]);
  }
  // Build both once on a dummy parameter: unknown names, unknown keys and bad values fail now.
  register_builtin_optimizers();
  register_builtin_schedulers();
  auto dummy = torch::zeros({1}, torch::requires_grad());
  auto opt = optimizer_registry().create(o.optimizer, "train.optimizer", {dummy});
  scheduler_registry().create(o.scheduler, "train.scheduler", learning_rate(*opt), o.epochs, 1);
  return o;
}

}  // namespace merlab
