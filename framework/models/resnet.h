// ResNet-18 / ResNet-50 with torchvision 0.14's module tree (conv1, bn1, layer1..4, fc), so a
// torchvision state dict loads key for key. Dropout (default 0, as torchvision) precedes fc.
#pragma once

#include "framework/models/layers.h"
#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

// BasicBlock (expansion 1) and Bottleneck (expansion 4, stride on the 3x3: "ResNet v1.5").
class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(int64_t in, int64_t planes, int64_t stride, bool bottleneck);
  torch::Tensor forward(torch::Tensor x);
  static int64_t expansion(bool bottleneck) { return bottleneck ? 4 : 1; }

 private:
  bool bottleneck_;
  Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
  torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(ResidualBlock);

class ResNetImpl : public ZooClassifierImpl {
 public:
  // depth 18 or 50.
  ResNetImpl(int depth, int64_t num_classes, double dropout);
  std::vector<std::string> head_keys() const override { return {"fc.weight", "fc.bias"}; }
  void reset_head() override;
  bool has_feature_map() const override { return true; }

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;
  torch::Tensor feature_map_impl(torch::Tensor x) override;

 private:
  Conv2d conv1{nullptr};
  BatchNorm2d bn1{nullptr};
  torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
  torch::nn::Dropout drop{nullptr};
  Linear fc{nullptr};
};
TORCH_MODULE(ResNet);

}  // namespace merlab::zoo
