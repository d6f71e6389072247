// EfficientNet-B0, torchvision 0.14 module tree: features.0 (stem), features.1..7 (stages of
// MBConv blocks, each `block` = Sequential(expand, depthwise, SqueezeExcitation, project)),
// features.8 (1x1 to 1280), classifier = Sequential(Dropout, Linear). Stochastic depth 0.2
// scaled linearly over the 16 blocks, as torchvision.
#pragma once

#include "framework/models/layers.h"
#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

class SqueezeExcitationImpl : public torch::nn::Module {
 public:
  SqueezeExcitationImpl(int64_t channels, int64_t squeeze);
  torch::Tensor forward(torch::Tensor x);

 private:
  Conv2d fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(SqueezeExcitation);

class MBConvImpl : public torch::nn::Module {
 public:
  MBConvImpl(int64_t expand_ratio, int64_t kernel, int64_t stride, int64_t in, int64_t out, double sd_prob);
  torch::Tensor forward(torch::Tensor x);

 private:
  bool use_residual_;
  double sd_prob_;
  Seq block{nullptr};
};
TORCH_MODULE(MBConv);

class EfficientNetImpl : public ZooClassifierImpl {
 public:
  EfficientNetImpl(int64_t num_classes, double dropout, double stochastic_depth_prob = 0.2);
  std::vector<std::string> head_keys() const override { return {"classifier.1.weight", "classifier.1.bias"}; }
  void reset_head() override;
  bool has_feature_map() const override { return true; }

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;
  torch::Tensor feature_map_impl(torch::Tensor x) override;

 private:
  torch::nn::Sequential features{nullptr}, classifier{nullptr};
};
TORCH_MODULE(EfficientNet);

}  // namespace merlab::zoo
