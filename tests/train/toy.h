// Tiny models and a learnable toy problem for the trainer tests (the model zoo is tested elsewhere).
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

#include "framework/models/classifier.h"
#include "framework/train/trainer.h"

namespace merlab::test {

// Flatten -> dropout -> linear: enough to learn the toy problem in a few epochs.
class TinyLinearImpl : public ClassifierImpl {
 public:
  TinyLinearImpl(int64_t in_features, int64_t classes, double dropout = 0.0)
      : fc(register_module("fc", torch::nn::Linear(in_features, classes))),
        drop(register_module("drop", torch::nn::Dropout(dropout))) {}
  torch::Tensor forward(torch::Tensor x) override { return fc(drop(x.flatten(1))); }
  torch::nn::Linear fc;
  torch::nn::Dropout drop;
};

// Conv -> BatchNorm -> ReLU -> global average -> linear: has buffers (running statistics).
class TinyConvBnImpl : public ClassifierImpl {
 public:
  explicit TinyConvBnImpl(int64_t classes)
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3).padding(1)))),
        bn(register_module("bn", torch::nn::BatchNorm2d(4))),
        fc(register_module("fc", torch::nn::Linear(4, classes))) {}
  torch::Tensor forward(torch::Tensor x) override {
    return fc(torch::relu(bn(conv(x))).mean({2, 3}));
  }
  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d bn;
  torch::nn::Linear fc;
};

// Emits NaN logits (a broken model).
class NanModelImpl : public ClassifierImpl {
 public:
  explicit NanModelImpl(int64_t classes) : fc(register_module("fc", torch::nn::Linear(48, classes))) {}
  torch::Tensor forward(torch::Tensor x) override {
    return fc(x.flatten(1)) * std::numeric_limits<float>::quiet_NaN();
  }
  torch::nn::Linear fc;
};

// Samples of `classes` classes as [3, 4, 4] images: a class-specific pattern plus noise.
struct ToyData {
  torch::Tensor images;  // [N, 3, 4, 4]
  torch::Tensor labels;  // int64 [N]
  std::vector<std::string> groups;
};

inline ToyData make_toy(int64_t subjects, int64_t per_subject, int64_t classes, uint64_t seed,
                        const std::string& prefix = "s") {
  // Fixed prototypes (independent of `seed`) so that different toy sets share the same rule.
  torch::manual_seed(1234);
  auto patterns = torch::randn({classes, 3, 4, 4});
  torch::manual_seed(seed);
  const int64_t n = subjects * per_subject;
  ToyData d;
  d.labels = torch::randint(0, classes, {n}, torch::kLong);
  d.images = patterns.index_select(0, d.labels) + 0.3 * torch::randn({n, 3, 4, 4});
  for (int64_t s = 0; s < subjects; ++s)
    for (int64_t i = 0; i < per_subject; ++i) d.groups.push_back(prefix + std::to_string(s));
  return d;
}

inline TrainData train_data(const ToyData& toy) {
  TrainData d;
  d.labels = toy.labels;
  d.groups = toy.groups;
  auto images = toy.images;
  d.make_batch = [images](const std::vector<int64_t>& idx, int64_t, bool) {
    return images.index_select(0, torch::tensor(idx, torch::kLong));
  };
  return d;
}

inline BatchFn batch_fn(const torch::Tensor& images) {
  return [images](const std::vector<int64_t>& idx) { return images.index_select(0, torch::tensor(idx, torch::kLong)); };
}

// Parameters and buffers, flattened and concatenated (for bit-exact comparisons).
inline torch::Tensor flat_state(torch::nn::Module& m) {
  std::vector<torch::Tensor> parts;
  for (auto& p : m.parameters()) parts.push_back(p.detach().flatten().to(torch::kFloat64));
  for (auto& b : m.buffers()) parts.push_back(b.detach().flatten().to(torch::kFloat64));
  return torch::cat(parts).clone();
}

}  // namespace merlab::test
