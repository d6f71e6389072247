// The training loss: cross-entropy with label smoothing and optional per-class weights, and
// gradient clipping. Kept apart from the trainer so each piece is tested against its formula.
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

namespace merlab {

// `train.class_weights`: none | balanced | [w_0, ..., w_{C-1}].
struct ClassWeightSpec {
  enum class Mode { none, balanced, explicit_list };
  Mode mode = Mode::none;
  std::vector<double> values;  // explicit_list only
};

// Per-class weights for `num_classes` classes (float [C]), or an undefined tensor for `none`.
// balanced: w_c = N / (C * n_c) over the training labels (sklearn's "balanced"); a class with no
// training sample gets weight 0, since no target ever selects it (it only enters through the
// label-smoothing term, where a weight of 0 keeps the loss finite). An explicit list must have
// exactly C entries (ConfigError otherwise).
torch::Tensor class_weights(const ClassWeightSpec& spec, const torch::Tensor& labels, int64_t num_classes);

// Mean cross-entropy as torch.nn.functional.cross_entropy(logits, targets, weight, label_smoothing=eps):
// per sample, (1 - eps) * w_y * (-log p_y) + eps / C * sum_c w_c * (-log p_c), summed and divided by
// sum of w_y (the plain mean when unweighted).
torch::Tensor classification_loss(const torch::Tensor& logits, const torch::Tensor& targets,
                                  const torch::Tensor& weight, double label_smoothing);

// Rescales gradients so that their global L2 norm is at most max_norm (no-op when max_norm <= 0).
// Returns the total norm before clipping.
double clip_gradients(const std::vector<torch::Tensor>& parameters, double max_norm);

}  // namespace merlab
