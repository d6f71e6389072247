// LEARNet (Verma et al., IEEE TIP 2019), after the authors' public Keras code: every conv is
// 'same'-padded (TensorFlow's rule: the odd padding pixel goes after), stride 2, ReLU; no pooling.
//   stem 3x3/16 -> four branches of 1x1/16 -> 3x3/32 -> 5x5/64, in two pairs (1,2) and (3,4):
//   the second branch of a pair adds the first one's 1x1 and 3x3 outputs to its own, each sum
//   followed by BatchNorm -> concat (256 ch) -> BatchNorm -> 3x3/256 -> flatten -> dense 256 ReLU
//   -> dropout -> dense(classes).
// BatchNorm uses Keras' defaults (momentum 0.99 = PyTorch 0.01, eps 1e-3); kernels are
// Glorot-uniform, biases zero. With 112 px input and 5 classes: 1,866,053 trainable parameters.
#pragma once

#include "framework/models/layers.h"
#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

// Conv2d with TensorFlow 'same' padding for any input size.
class SameConv2dImpl : public Conv2dImpl {
 public:
  SameConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride);
  torch::Tensor forward(const torch::Tensor& x);
};
TORCH_MODULE(SameConv2d);

// Output size of a 'same' conv with this stride.
inline int64_t same_out(int64_t in, int64_t stride) { return (in + stride - 1) / stride; }

class LearNetImpl : public ZooClassifierImpl {
 public:
  LearNetImpl(int64_t num_classes, int64_t image_size, double dropout);
  std::vector<std::string> head_keys() const override { return {"fc2.weight", "fc2.bias"}; }
  void reset_head() override;
  bool has_feature_map() const override { return true; }

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;
  torch::Tensor feature_map_impl(torch::Tensor x) override;

 private:
  struct Branch {
    SameConv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    BatchNorm2d bn1{nullptr}, bn2{nullptr};  // only in the second branch of a pair
  };
  Branch make_branch(int index, bool accumulating);

  SameConv2d stem{nullptr}, conv{nullptr};
  Branch branches_[4];
  BatchNorm2d bn{nullptr};
  Linear fc1{nullptr}, fc2{nullptr};
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(LearNet);

}  // namespace merlab::zoo
