#include "framework/train/loss.h"

#include "framework/common/error.h"

namespace merlab {

torch::Tensor class_weights(const ClassWeightSpec& spec, const torch::Tensor& labels, int64_t num_classes) {
  switch (spec.mode) {
    case ClassWeightSpec::Mode::none:
      return {};
    case ClassWeightSpec::Mode::explicit_list: {
      if (static_cast<int64_t>(spec.values.size()) != num_classes) {
        throw ConfigError("config key 'train.class_weights': the list has " + std::to_string(spec.values.size()) +
                          " entries but the model has " + std::to_string(num_classes) + " classes");
      }
      std::vector<float> w(spec.values.begin(), spec.values.end());
      return torch::tensor(w, torch::kFloat32);
    }
    case ClassWeightSpec::Mode::balanced: {
      auto counts = torch::bincount(labels.to(torch::kCPU, torch::kLong), {}, num_classes).to(torch::kFloat64);
      const double n = static_cast<double>(labels.numel());
      auto w = torch::where(counts > 0, n / (static_cast<double>(num_classes) * counts), torch::zeros_like(counts));
      return w.to(torch::kFloat32);
    }
  }
  return {};
}

torch::Tensor classification_loss(const torch::Tensor& logits, const torch::Tensor& targets,
                                  const torch::Tensor& weight, double label_smoothing) {
  namespace F = torch::nn::functional;
  auto options = F::CrossEntropyFuncOptions().label_smoothing(label_smoothing);
  if (weight.defined()) options.weight(weight.to(logits.device(), logits.scalar_type()));
  return F::cross_entropy(logits, targets, options);
}

double clip_gradients(const std::vector<torch::Tensor>& parameters, double max_norm) {
  if (max_norm <= 0.0) return 0.0;
  return torch::nn::utils::clip_grad_norm_(parameters, max_norm);
}

}  // namespace merlab
