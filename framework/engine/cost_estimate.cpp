#include "framework/engine/cost_estimate.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "datasets/dataset.h"
#include "framework/config/config.h"
#include "framework/engine/folds.h"
#include "framework/models/model_zoo.h"
#include "framework/models/runtime.h"
#include "framework/train/device.h"
#include "framework/train/trainer.h"

namespace merlab {
namespace {

// The model section without its initialisation: a step costs the same from ImageNet weights as
// from random ones, and the estimate must not need the weight files (a dry run on a machine that
// has none yet).
YAML::Node without_weights(const YAML::Node& model) {
  YAML::Node m = YAML::Clone(model);
  if (m["pretrained"]) m["pretrained"] = YAML::Node(YAML::NodeType::Null);
  if (m["backbone"] && m["backbone"].IsMap() && m["backbone"]["pretrained"])
    m["backbone"]["pretrained"] = YAML::Node(YAML::NodeType::Null);
  return m;
}

std::string rate_key(const ExperimentSpec& s) {
  return config::canonical_yaml(without_weights(s.model)) + "|" + std::to_string(s.input_size) + "|" + std::to_string(s.train.batch_size) +
         "|" + std::to_string(s.threads) + "|" + s.train.device.str();
}

MeasuredRate measure(const ExperimentSpec& spec, int64_t num_classes, int batches) {
  configure_threads(spec.threads);
  make_deterministic(spec.seed, spec.train.device);
  ClassifierPtr model = build_model(without_weights(spec.model), num_classes);
  TrainOptions opts = spec.train;
  opts.epochs = 2;
  opts.scheduler = YAML::Load("{name: none}");  // the rate does not depend on it; a long warmup would not fit 2 epochs
  opts.budget = Budget::epochs;
  opts.early_stopping.enabled = false;
  opts.precise_bn = false;
  const int64_t n = opts.batch_size * batches;
  TrainData data;
  data.labels = torch::arange(n, torch::kLong).remainder(num_classes);
  const int64_t side = spec.input_size, channels = model->input_channels();
  data.make_batch = [side, channels](const std::vector<int64_t>& idx, int64_t, bool) {
    return torch::rand({static_cast<int64_t>(idx.size()), channels, side, side});
  };
  FitResult fit = Trainer().fit(model, data, opts);
  MeasuredRate r;
  r.model = spec.model_name;
  r.input_size = spec.input_size;
  r.batch_size = opts.batch_size;
  r.threads = spec.threads;
  r.device = spec.train.device.str();
  const auto& last = fit.history.back();
  r.seconds_per_sample = last.seconds / static_cast<double>(std::max<int64_t>(1, last.samples));
  return r;
}

struct DataShape {
  int folds = 0;
  double train_clips_per_fold = 0;
  double test_clips_per_fold = 0;
  int64_t classes = 0;
};

DataShape shape_of(const ExperimentSpec& spec) {
  const DatasetLoad d = load_dataset(spec.dataset);
  DataShape s;
  s.classes = static_cast<int64_t>(d.class_names.size());
  const auto folds = make_folds(d.clips, spec.protocol);
  s.folds = static_cast<int>(folds.size());
  if (folds.empty()) return s;
  std::map<std::string, int> clips_of_subject;
  for (const auto& c : d.clips) ++clips_of_subject[c.subject];
  double test = 0;
  for (const auto& f : folds)
    for (const auto& subject : f.test_subjects) test += clips_of_subject[subject];
  s.test_clips_per_fold = test / static_cast<double>(folds.size());
  s.train_clips_per_fold = static_cast<double>(d.clips.size()) - s.test_clips_per_fold;
  return s;
}

}  // namespace

CostEstimate estimate_sweep_cost(const std::vector<ExperimentSpec>& specs, int measure_batches) {
  CostEstimate out;
  std::map<std::string, DataShape> shapes;  // by dataset and protocol
  std::map<std::string, std::size_t> rate_of;
  for (const auto& spec : specs) {
    const std::string data_key = config::canonical_yaml(spec.dataset) + "|" + spec.protocol.name + "|" +
                                 std::to_string(spec.protocol.folds);
    if (!shapes.count(data_key)) shapes[data_key] = shape_of(spec);
    const DataShape& shape = shapes[data_key];
    const std::string key = rate_key(spec);
    if (!rate_of.count(key)) {
      rate_of[key] = out.rates.size();
      out.rates.push_back(measure(spec, std::max<int64_t>(2, shape.classes), measure_batches));
    }
    const double rate = out.rates[rate_of[key]].seconds_per_sample;
    // Training samples per epoch: one per training clip per training phase; with the steps
    // budget an epoch is the single-DI baseline's, one sample per clip.
    const double per_clip = static_cast<double>(std::max<std::size_t>(1, spec.strategy.train_phases.size()));
    const double train = shape.train_clips_per_fold * (spec.train.budget == Budget::steps ? 1.0 : per_clip);
    const double test = shape.test_clips_per_fold * static_cast<double>(std::max<std::size_t>(1, spec.strategy.test_phases().size()));
    PointCost p;
    p.folds = shape.folds;
    p.train_samples_per_fold = std::llround(train);
    p.test_samples_per_fold = std::llround(test);
    p.seconds = shape.folds * (static_cast<double>(spec.train.epochs) * train * rate + test * rate / 3.0);
    out.seconds += p.seconds;
    out.points.push_back(p);
  }
  return out;
}

std::string human_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const double s = std::round(seconds);
  if (s < 90) return fmt::format("{:.0f} s", s);
  if (s < 90 * 60) return fmt::format("{:.0f} min", s / 60);
  if (s < 48 * 3600) return fmt::format("{:.0f} h {:02.0f} min", std::floor(s / 3600), std::fmod(std::floor(s / 60), 60));
  return fmt::format("{:.1f} days", s / 86400);
}

}  // namespace merlab
