// The linear floor of every comparison: multinomial logistic regression on a downsampled grey
// DI, trained by the same trainer, on the same folds, as the deep models. A deep model that
// does not beat it has not learned more than where on the face the DI changes.
//
// forward: the normalised RGB input [N, 3, H, W] is averaged over channels, area-downsampled to
// 32 x 32, standardised per sample (zero mean, unit variance: the DI's scale varies from clip to
// clip), flattened and fed to one Linear layer (1024 x C weights + C biases).
#pragma once

#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

class LinearProbeImpl : public ZooClassifierImpl {
 public:
  static constexpr int64_t kGrid = 32;  // side of the downsampled grey image

  explicit LinearProbeImpl(int64_t num_classes);
  std::vector<std::string> head_keys() const override { return {"fc.weight", "fc.bias"}; }
  void reset_head() override;

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;

 private:
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(LinearProbe);

}  // namespace merlab::zoo
