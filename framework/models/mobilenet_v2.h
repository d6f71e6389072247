// MobileNetV2 (width 1.0), torchvision 0.14 module tree: features.0 .. features.18 (stem,
// inverted residual blocks, 1x1 to 1280), classifier = Sequential(Dropout, Linear).
#pragma once

#include "framework/models/layers.h"
#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

class InvertedResidualImpl : public torch::nn::Module {
 public:
  InvertedResidualImpl(int64_t in, int64_t out, int64_t stride, int64_t expand_ratio);
  torch::Tensor forward(torch::Tensor x);

 private:
  bool use_residual_;
  Seq conv{nullptr};
};
TORCH_MODULE(InvertedResidual);

class MobileNetV2Impl : public ZooClassifierImpl {
 public:
  MobileNetV2Impl(int64_t num_classes, double dropout);
  std::vector<std::string> head_keys() const override { return {"classifier.1.weight", "classifier.1.bias"}; }
  void reset_head() override;
  bool has_feature_map() const override { return true; }

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;
  torch::Tensor feature_map_impl(torch::Tensor x) override;

 private:
  torch::nn::Sequential features{nullptr}, classifier{nullptr};
};
TORCH_MODULE(MobileNetV2);

}  // namespace merlab::zoo
