#include "framework/train/trainer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "framework/common/log.h"
#include "framework/models/layers.h"
#include "framework/train/device.h"
#include "framework/train/loss.h"
#include "framework/train/optimizers.h"
#include "framework/train/schedulers.h"
#include "framework/train/split.h"

namespace merlab {

NonFiniteLossError::NonFiniteLossError(int64_t epoch, int64_t step, double value)
    : RuntimeError(step >= 0 ? fmt::format("non-finite training loss ({}) at epoch {} step {}; lower train.optimizer.lr "
                                           "or set train.grad_clip",
                                           value, epoch, step)
                             : fmt::format("non-finite inner-validation loss ({}) at epoch {}", value, epoch)),
      epoch_(epoch),
      step_(step),
      value_(value) {}

namespace {

// A fixed seed offset keeps the inner split independent of the shuffling stream.
constexpr uint64_t kSplitSeedOffset = 0x9e3779b97f4a7c15ULL;

// Consecutive batches of `order`. A lone trailing sample joins the previous batch, because
// BatchNorm cannot normalise a batch of one in training mode.
std::vector<std::vector<int64_t>> make_batches(const std::vector<int64_t>& order, int64_t batch_size) {
  std::vector<std::vector<int64_t>> out;
  const auto n = static_cast<int64_t>(order.size());
  for (int64_t begin = 0; begin < n; begin += batch_size) {
    const int64_t end = std::min(n, begin + batch_size);
    if (end - begin == 1 && !out.empty()) {
      out.back().push_back(order[begin]);
    } else {
      out.emplace_back(order.begin() + begin, order.begin() + end);
    }
  }
  return out;
}

int64_t planned_steps(int64_t n, int64_t batch_size) {
  int64_t steps = (n + batch_size - 1) / batch_size;
  if (n > 1 && n % batch_size == 1) --steps;
  return std::max<int64_t>(steps, 1);
}

// Number of distinct clips among the given samples (each sample its own clip when `clips` is
// empty): the sample count of a one-DI-per-clip baseline on the same training set.
int64_t distinct_clips(const std::vector<int64_t>& clips, const std::vector<int64_t>& indices) {
  if (clips.empty()) return static_cast<int64_t>(indices.size());
  std::vector<int64_t> ids;
  ids.reserve(indices.size());
  for (int64_t i : indices) ids.push_back(clips.at(static_cast<std::size_t>(i)));
  std::sort(ids.begin(), ids.end());
  return static_cast<int64_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
}

torch::Tensor select_labels(const torch::Tensor& labels, const std::vector<int64_t>& indices) {
  return labels.index_select(0, torch::tensor(indices, torch::kLong));
}

void check_logits(const torch::Tensor& logits, int64_t batch, int64_t num_classes) {
  if (logits.dim() != 2 || logits.size(0) != batch || (num_classes > 0 && logits.size(1) != num_classes)) {
    throw RuntimeError(fmt::format("model output has shape {} but [{}, C] logits were expected",
                                   fmt::join(logits.sizes().vec(), "x"), batch));
  }
}

// Copies of every parameter and buffer (BatchNorm statistics included).
struct Snapshot {
  std::vector<torch::Tensor> tensors;
};

std::vector<torch::Tensor> state_tensors(torch::nn::Module& model) {
  auto out = model.parameters(true);
  for (auto& b : model.buffers(true)) out.push_back(b);
  return out;
}

Snapshot take_snapshot(torch::nn::Module& model) {
  torch::NoGradGuard no_grad;
  Snapshot s;
  for (auto& t : state_tensors(model)) s.tensors.push_back(t.detach().clone());
  return s;
}

void restore_snapshot(torch::nn::Module& model, const Snapshot& s) {
  torch::NoGradGuard no_grad;
  auto current = state_tensors(model);
  for (std::size_t i = 0; i < current.size(); ++i) current[i].copy_(s.tensors[i]);
}

// Precise BatchNorm statistics (see TrainOptions::precise_bn): the network in eval mode except
// its BatchNorm layers, which average the batch statistics of the given training samples with
// equal weight per batch (momentum 1/(k+1) on batch k). Only the running statistics change.
void recalibrate_batchnorm(ClassifierImpl& model, const TrainData& data, const std::vector<int64_t>& indices,
                           int64_t batch_size, const torch::Device& device) {
  std::vector<zoo::BatchNorm2dImpl*> layers;
  for (auto& m : model.modules(/*include_self=*/false))
    if (auto* bn = dynamic_cast<zoo::BatchNorm2dImpl*>(m.get())) layers.push_back(bn);
  if (layers.empty() || indices.empty()) return;
  std::vector<c10::optional<double>> momenta;
  for (auto* bn : layers) momenta.push_back(bn->options.momentum());
  torch::NoGradGuard no_grad;
  model.eval();
  for (auto* bn : layers) bn->train();
  const auto batches = make_batches(indices, batch_size);
  for (std::size_t k = 0; k < batches.size(); ++k) {
    for (auto* bn : layers) bn->options.momentum(1.0 / static_cast<double>(k + 1));
    model.forward(data.make_batch(batches[k], 0, false).to(device));
  }
  for (std::size_t i = 0; i < layers.size(); ++i) layers[i]->options.momentum(momenta[i]);
  model.train();
}

struct Evaluation {
  double loss = 0.0, acc = 0.0;
};

Evaluation evaluate(ClassifierImpl& model, const TrainData& data, const torch::Tensor& labels,
                    const std::vector<int64_t>& indices, int64_t epoch,
                    int64_t batch_size, const torch::Tensor& weight, double label_smoothing,
                    const torch::Device& device) {
  torch::NoGradGuard no_grad;
  model.eval();
  std::vector<torch::Tensor> all_logits;
  for (std::size_t begin = 0; begin < indices.size(); begin += static_cast<std::size_t>(batch_size)) {
    std::vector<int64_t> idx(indices.begin() + static_cast<std::ptrdiff_t>(begin),
                             indices.begin() + static_cast<std::ptrdiff_t>(
                                                   std::min(indices.size(), begin + static_cast<std::size_t>(batch_size))));
    auto logits = model.forward(data.make_batch(idx, epoch, false).to(device));
    check_logits(logits, static_cast<int64_t>(idx.size()), 0);
    all_logits.push_back(logits);
  }
  model.train();
  auto logits = torch::cat(all_logits);
  auto targets = select_labels(labels, indices).to(device);
  Evaluation e;
  e.loss = classification_loss(logits, targets, weight, label_smoothing).item<double>();
  e.acc = logits.argmax(1).eq(targets).to(torch::kFloat64).mean().item<double>();
  return e;
}

void validate_data(const TrainData& data, bool need_groups) {
  if (!data.labels.defined() || data.labels.dim() != 1 || data.labels.numel() < 1) {
    throw RuntimeError("TrainData.labels must be a non-empty 1-D tensor of class ids");
  }
  if (data.labels.scalar_type() != torch::kLong) throw RuntimeError("TrainData.labels must be int64");
  if (data.labels.min().item<int64_t>() < 0) throw RuntimeError("TrainData.labels contains a negative class id");
  if (!data.make_batch) throw RuntimeError("TrainData.make_batch is not set");
  if (!data.clips.empty() && static_cast<int64_t>(data.clips.size()) != data.labels.numel()) {
    throw RuntimeError(fmt::format("TrainData.clips has {} entries for {} samples", data.clips.size(), data.labels.numel()));
  }
  if (need_groups && static_cast<int64_t>(data.groups.size()) != data.labels.numel()) {
    throw RuntimeError(fmt::format("TrainData.groups has {} entries for {} samples (early stopping splits by subject)",
                                   data.groups.size(), data.labels.numel()));
  }
}

// Runs the monitoring callback without letting it affect training: LibTorch's global RNG state
// is restored and the model is put back into training mode.
void run_callback(const EpochCallback& on_epoch, const EpochStats& stats, ClassifierImpl& model,
                  const torch::Device& device) {
  if (!on_epoch) return;
  std::vector<std::pair<at::Generator, torch::Tensor>> saved;
  auto keep = [&](at::Generator gen) { saved.emplace_back(gen, gen.get_state()); };
  keep(at::detail::getDefaultCPUGenerator());
  if (device.is_cuda()) keep(at::globalContext().defaultGenerator(device));
  on_epoch(stats);
  for (auto& [gen, state] : saved) gen.set_state(state);
  model.train();
}

}  // namespace

FitResult Trainer::fit(ClassifierPtr model, const TrainData& data, const TrainOptions& opts,
                       const EpochCallback& on_epoch) const {
  if (!model) throw RuntimeError("Trainer::fit: model is null");
  const auto& es = opts.early_stopping;
  validate_data(data, es.enabled);
  const auto fit_start = std::chrono::steady_clock::now();
  const torch::Device device = opts.device;
  make_deterministic(opts.seed, device);
  model->to(device);
  model->train();

  FitResult result;
  if (es.enabled) {
    auto split = split_by_group(data.groups, es.val_fraction, opts.seed ^ kSplitSeedOffset);
    result.train_indices = std::move(split.train);
    result.validation_indices = std::move(split.validation);
    result.validation_groups = std::move(split.validation_groups);
  } else {
    result.train_indices.resize(static_cast<std::size_t>(data.labels.numel()));
    for (std::size_t i = 0; i < result.train_indices.size(); ++i) result.train_indices[i] = static_cast<int64_t>(i);
  }
  const auto n_train = static_cast<int64_t>(result.train_indices.size());
  const auto labels = data.labels.to(torch::kCPU);  // indexed on the host, batches moved to the device
  const auto train_labels = select_labels(labels, result.train_indices);

  register_builtin_optimizers();
  register_builtin_schedulers();
  auto optimizer = optimizer_registry().create(opts.optimizer, "train.optimizer", model->parameters());
  const int64_t steps_per_epoch = planned_steps(
      opts.budget == Budget::steps ? distinct_clips(data.clips, result.train_indices) : n_train, opts.batch_size);
  result.steps_per_epoch = steps_per_epoch;
  auto schedule = scheduler_registry().create(opts.scheduler, "train.scheduler", learning_rate(*optimizer),
                                              opts.epochs, steps_per_epoch);

  std::mt19937_64 shuffle_rng(opts.seed);
  torch::Tensor weight;  // set once the number of classes is known from the first logits
  double best_score = std::numeric_limits<double>::quiet_NaN();
  int64_t since_best = 0;
  Snapshot best;
  // Batches come from consecutive shuffled passes over the training samples. With the epochs
  // budget one epoch is one pass; with the steps budget an epoch is `steps_per_epoch` batches
  // and may end inside a pass. Online augmentation is seeded by the pass, so both budgets draw
  // the same transforms for the same pass.
  std::vector<std::vector<int64_t>> pass_batches;
  std::size_t next_batch = 0;
  int64_t pass = -1;

  for (int64_t epoch = 0; epoch < opts.epochs; ++epoch) {
    const auto epoch_start = std::chrono::steady_clock::now();
    EpochStats stats;
    stats.epoch = epoch;
    stats.epochs = opts.epochs;
    stats.n_train = n_train;

    double loss_sum = 0.0;
    int64_t correct = 0;
    for (int64_t step = 0; step < steps_per_epoch; ++step) {
      if (next_batch == pass_batches.size()) {
        std::vector<int64_t> order = result.train_indices;
        seeded_shuffle(order, shuffle_rng);
        pass_batches = make_batches(order, opts.batch_size);
        next_batch = 0;
        ++pass;
      }
      const auto& idx = pass_batches[next_batch++];
      const double lr = schedule->lr_at(epoch, step);
      set_learning_rate(*optimizer, lr);
      if (step == 0) stats.lr = lr;

      auto x = data.make_batch(idx, pass, true).to(device);
      auto y = select_labels(labels, idx).to(device);
      auto logits = model->forward(x);
      check_logits(logits, static_cast<int64_t>(idx.size()), result.num_classes);
      if (!weight.defined() && result.num_classes == 0) {
        result.num_classes = logits.size(1);
        if (train_labels.max().item<int64_t>() >= result.num_classes) {
          throw RuntimeError(fmt::format("a training label is >= the model's {} output classes", result.num_classes));
        }
        weight = class_weights(opts.class_weights, train_labels, result.num_classes);
        if (weight.defined()) {
          auto w = weight.to(torch::kFloat64);
          result.class_weights.assign(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
          weight = weight.to(device);
        }
      }
      auto loss = classification_loss(logits, y, weight, opts.label_smoothing);
      const double loss_value = loss.item<double>();
      if (!std::isfinite(loss_value)) throw NonFiniteLossError(epoch, step, loss_value);

      optimizer->zero_grad();
      loss.backward();
      clip_gradients(model->parameters(), opts.grad_clip);
      optimizer->step();

      loss_sum += loss_value * static_cast<double>(idx.size());
      correct += logits.detach().argmax(1).eq(y).sum().item<int64_t>();
      stats.samples += static_cast<int64_t>(idx.size());
      ++stats.steps;
      ++result.steps;
    }
    stats.train_loss = loss_sum / static_cast<double>(stats.samples);
    stats.train_acc = static_cast<double>(correct) / static_cast<double>(stats.samples);

    bool stop = false;
    if (es.enabled) {
      if (opts.precise_bn) recalibrate_batchnorm(*model, data, result.train_indices, opts.batch_size, device);
      auto v = evaluate(*model, data, labels, result.validation_indices, epoch, opts.eval_batch_size, weight,
                        opts.label_smoothing, device);
      if (!std::isfinite(v.loss)) throw NonFiniteLossError(epoch, -1, v.loss);
      stats.has_validation = true;
      stats.n_validation = static_cast<int64_t>(result.validation_indices.size());
      stats.val_loss = v.loss;
      stats.val_acc = v.acc;
      // Higher is better for both after negating the loss.
      const double score = es.metric == "loss" ? -v.loss : v.acc;
      if (std::isnan(best_score) || score > best_score + es.min_delta) {
        best_score = score;
        since_best = 0;
        stats.best = true;
        result.selected_epoch = epoch;
        best = take_snapshot(*model);
      } else if (++since_best >= es.patience) {
        stop = true;
      }
    } else {
      result.selected_epoch = epoch;
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
    log::debug("epoch {}/{}: loss {:.4f} acc {:.3f} lr {:.3g}{} ({:.2f} s)", epoch + 1, opts.epochs, stats.train_loss,
               stats.train_acc, stats.lr,
               stats.has_validation ? fmt::format(" val_loss {:.4f} val_acc {:.3f}", stats.val_loss, stats.val_acc)
                                    : std::string(),
               stats.seconds);
    result.history.push_back(stats);
    result.epochs_run = epoch + 1;
    run_callback(on_epoch, stats, *model, device);
    if (stop) {
      result.stopped_early = true;
      break;
    }
  }
  if (es.enabled) restore_snapshot(*model, best);  // its statistics were recalibrated before it was chosen
  else if (opts.precise_bn) recalibrate_batchnorm(*model, data, result.train_indices, opts.batch_size, device);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - fit_start).count();
  return result;
}

torch::Tensor predict(const ClassifierPtr& model, const BatchFn& make_batch, int64_t n, const PredictOptions& options) {
  if (!model) throw RuntimeError("predict: model is null");
  if (n < 0 || options.batch_size < 1) throw RuntimeError("predict: need n >= 0 and batch_size >= 1");
  const bool was_training = model->is_training();
  torch::NoGradGuard no_grad;
  model->to(options.device);
  model->eval();
  std::vector<torch::Tensor> parts;
  for (int64_t begin = 0; begin < n; begin += options.batch_size) {
    std::vector<int64_t> idx;
    for (int64_t i = begin; i < std::min(n, begin + options.batch_size); ++i) idx.push_back(i);
    auto logits = model->forward(make_batch(idx).to(options.device));
    check_logits(logits, static_cast<int64_t>(idx.size()), 0);
    parts.push_back(logits.to(torch::kCPU, torch::kFloat32));
  }
  model->train(was_training);
  if (parts.empty()) return torch::empty({0, 0});
  return torch::cat(parts);
}

}  // namespace merlab
