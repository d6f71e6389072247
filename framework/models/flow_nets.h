// The classic flow networks, at their published input of 28 x 28 (REFERENCE section 11):
//
// STSTNet (Liong et al. 2019), input (u, v, strain): three streams of one 3x3 convolution with
// 3, 5 and 8 filters (padding 2) -> ReLU -> BatchNorm -> max-pool 3/3 (padding 1) -> dropout
// 0.5; the 16 channels concatenated -> average-pool 2/2 -> 5 x 5 x 16 -> fully connected ->
// classes. At another input size the head is sized to the pooled map.
//
// OFF-ApexNet (Gan et al. 2019), input (u, v): one stream per flow component, 5x5 convolution
// (6 filters, 'same') -> ReLU -> max-pool 2 -> 5x5 convolution (16) -> ReLU -> max-pool 2;
// both flattened and concatenated -> FC 1024 -> ReLU -> dropout -> FC 1024 -> ReLU -> dropout ->
// classes. It reads channels 0 and 1 of its input (u and v of repr=flow / flow_strain). The
// layer sizes follow a public re-implementation; the paper's code is not published.
#pragma once

#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

class StstNetImpl : public ZooClassifierImpl {
 public:
  StstNetImpl(int64_t num_classes, int64_t input_size, double dropout);
  std::vector<std::string> head_keys() const override { return {"fc.weight", "fc.bias"}; }
  void reset_head() override;

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;

 private:
  std::vector<torch::nn::Conv2d> convs_;
  std::vector<torch::nn::BatchNorm2d> norms_;
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(StstNet);

class OffApexNetImpl : public ZooClassifierImpl {
 public:
  OffApexNetImpl(int64_t num_classes, int64_t input_size, double dropout);
  std::vector<std::string> head_keys() const override { return {"fc3.weight", "fc3.bias"}; }
  void reset_head() override;

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;

 private:
  torch::Tensor stream(torch::Tensor x, int i);
  std::vector<torch::nn::Conv2d> conv1_, conv2_;
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  torch::nn::Dropout dropout_{nullptr};
};
TORCH_MODULE(OffApexNet);

}  // namespace merlab::zoo
