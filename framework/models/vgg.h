// VGG-16 with and without BatchNorm, torchvision 0.14 module tree: features.<i> (conv / BN /
// ReLU / max-pool indices as torchvision), avgpool to 7x7, classifier.{0,3,6}. The adaptive
// pooling makes any input >= 32 px work (a 1x1 map is replicated to 7x7).
#pragma once

#include "framework/models/layers.h"
#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

class VggImpl : public ZooClassifierImpl {
 public:
  VggImpl(bool batch_norm, int64_t num_classes, double dropout);
  std::vector<std::string> head_keys() const override { return {"classifier.6.weight", "classifier.6.bias"}; }
  void reset_head() override;
  bool has_feature_map() const override { return true; }

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;
  torch::Tensor feature_map_impl(torch::Tensor x) override;

 private:
  torch::nn::Sequential features{nullptr}, classifier{nullptr};
};
TORCH_MODULE(Vgg);

}  // namespace merlab::zoo
