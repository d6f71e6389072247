// Training one model on one training set, and batched prediction.
//
//   Trainer trainer;
//   FitResult r = trainer.fit(model, data, TrainOptions::from_config(cfg["train"]),
//                             [&](const EpochStats& s) { /* log s; may call predict() on test data */ });
//   torch::Tensor logits = predict(model, [&](const std::vector<int64_t>& idx) { ... }, n_test, {64, device});
//
// Leakage: fit() sees only TrainData, i.e. the training subjects of a fold. By default it runs a
// fixed number of epochs and keeps the final weights. With early stopping it holds out whole
// training subjects (seeded) as an inner validation set, selects the epoch on that set only and
// restores its weights. The epoch callback is for monitoring: it runs with the model in eval
// mode allowed, and the trainer restores train mode and LibTorch's global random state after it,
// so whatever it computes (including test-subject metrics) cannot change training.
//
// Determinism: fit() seeds LibTorch (dropout) and its own shuffling generator from opts.seed, so
// the same seed, initial weights and data give bit-identical weights on CPU. Build the model after
// make_deterministic(seed, device) (device.h) so that its initialisation is seeded too.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "framework/common/error.h"
#include "framework/models/classifier.h"
#include "framework/train/options.h"

namespace merlab {

struct TrainData {
  torch::Tensor labels;             // int64 [N], class ids in [0, C)
  std::vector<std::string> groups;  // subject of each sample; needed only for early stopping
  // Clip of each sample (several samples may come from one clip: phase DIs, offline copies).
  // Needed only for `train.budget: steps`, whose step count is that of one sample per clip;
  // when empty every sample counts as its own clip.
  std::vector<int64_t> clips;
  // Returns the images [B, 3, H, W] (float) of the given samples (indices into labels). `train`
  // is true for optimisation batches (the engine applies online augmentation then) and false for
  // the inner validation set. `epoch` is 0-based.
  std::function<torch::Tensor(const std::vector<int64_t>& indices, int64_t epoch, bool train)> make_batch;
};

struct EpochStats {
  int64_t epoch = 0;   // 0-based
  int64_t epochs = 0;  // planned number of epochs
  int64_t steps = 0;   // optimizer steps in this epoch
  int64_t samples = 0;  // training samples seen in this epoch (n_train unless budget: steps)
  int64_t n_train = 0;
  double train_loss = 0.0;  // mean over the epoch's training samples
  double train_acc = 0.0;
  double lr = 0.0;          // learning rate of the epoch's first step
  double seconds = 0.0;     // training and inner validation of this epoch (not the callback)
  bool has_validation = false;
  int64_t n_validation = 0;
  double val_loss = std::numeric_limits<double>::quiet_NaN();
  double val_acc = std::numeric_limits<double>::quiet_NaN();
  bool best = false;  // best inner-validation score so far (early stopping only)
};

struct FitResult {
  std::vector<EpochStats> history;
  int64_t epochs_run = 0;
  int64_t steps = 0;                // optimizer steps taken in all
  int64_t steps_per_epoch = 0;      // of the budget (see train.budget)
  int64_t selected_epoch = -1;  // the epoch whose weights the model holds after fit()
  bool stopped_early = false;
  int64_t num_classes = 0;
  std::vector<double> class_weights;            // empty when unweighted
  std::vector<int64_t> train_indices;           // samples optimised on
  std::vector<int64_t> validation_indices;      // inner validation samples (early stopping)
  std::vector<std::string> validation_groups;   // subjects held out for inner validation
  double seconds = 0.0;
};

// A NaN or infinite loss. The engine marks the fold FAILED with what().
class NonFiniteLossError : public RuntimeError {
 public:
  // step is the 0-based step within the epoch, or -1 for the inner validation loss.
  NonFiniteLossError(int64_t epoch, int64_t step, double value);
  int64_t epoch() const { return epoch_; }
  int64_t step() const { return step_; }
  double value() const { return value_; }

 private:
  int64_t epoch_, step_;
  double value_;
};

using EpochCallback = std::function<void(const EpochStats&)>;

class Trainer {
 public:
  // Trains `model` in place (moving it to opts.device) and returns the per-epoch history.
  FitResult fit(ClassifierPtr model, const TrainData& data, const TrainOptions& opts,
                const EpochCallback& on_epoch = {}) const;
};

struct PredictOptions {
  int64_t batch_size = 64;
  torch::Device device = torch::kCPU;
};

using BatchFn = std::function<torch::Tensor(const std::vector<int64_t>& indices)>;

// Logits [n, C] (float, on CPU) for samples 0..n-1, in eval mode without gradients, batched.
// The model's train/eval mode is restored afterwards.
torch::Tensor predict(const ClassifierPtr& model, const BatchFn& make_batch, int64_t n,
                      const PredictOptions& options = {});

}  // namespace merlab
