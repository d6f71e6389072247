// Building blocks shared by the zoo: LibTorch layers that report themselves to a LayerRecorder.
//
// LibTorch has no forward hooks, so `mer models summary` needs another way to see every layer's
// output shape and cost. Each layer here is the stock LibTorch module (same parameter names, same
// maths) whose forward additionally reports to the recorder installed on the current thread.
// Without a recorder that is one thread-local pointer test per layer.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace merlab::zoo {

// One executed layer. FLOPs are per sample: a multiply-accumulate counts as 2 FLOPs, and only
// convolutions, linear layers and attention matrix products are counted (normalisation,
// activations, pooling and additions are memory-bound and left out).
struct LayerRecord {
  const torch::nn::Module* module = nullptr;
  std::string type;
  std::vector<int64_t> output_shape;  // without the batch dimension
  int64_t flops = 0;
};

// RAII: while alive, layers executed on this thread append to `records`. Not nestable.
class LayerRecorder {
 public:
  LayerRecorder();
  ~LayerRecorder();
  LayerRecorder(const LayerRecorder&) = delete;
  LayerRecorder& operator=(const LayerRecorder&) = delete;
  std::vector<LayerRecord> records;
};

// Reports a layer run (no-op when no recorder is installed). `flops_per_sample` as above.
void record_layer(const torch::nn::Module& module, const char* type, const torch::Tensor& output,
                  int64_t flops_per_sample);
bool recording();

class Conv2dImpl : public torch::nn::Conv2dImpl {
 public:
  using torch::nn::Conv2dImpl::Conv2dImpl;
  torch::Tensor forward(const torch::Tensor& x);
};
TORCH_MODULE(Conv2d);

class LinearImpl : public torch::nn::LinearImpl {
 public:
  using torch::nn::LinearImpl::LinearImpl;
  torch::Tensor forward(const torch::Tensor& x);
};
TORCH_MODULE(Linear);

// Our own BatchNorm2d (same parameter and buffer names as torch.nn.BatchNorm2d). Debian's
// LibTorch does not export BatchNormImplBase's virtual members, so a subclass of
// torch::nn::BatchNorm2dImpl cannot link; this module calls torch::batch_norm directly.
class BatchNorm2dImpl : public torch::nn::Module {
 public:
  explicit BatchNorm2dImpl(const torch::nn::BatchNorm2dOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::BatchNorm2dOptions options;
  torch::Tensor weight, bias, running_mean, running_var, num_batches_tracked;
};
TORCH_MODULE(BatchNorm2d);

class LayerNormImpl : public torch::nn::LayerNormImpl {
 public:
  using torch::nn::LayerNormImpl::LayerNormImpl;
  torch::Tensor forward(const torch::Tensor& x);
};
TORCH_MODULE(LayerNorm);

// nn::Sequential with a plain Tensor -> Tensor forward, so that it can be nested in another
// Sequential (LibTorch's own forward is a template, which AnyModule cannot store).
class SeqImpl : public torch::nn::SequentialImpl {
 public:
  using torch::nn::SequentialImpl::SequentialImpl;
  torch::Tensor forward(torch::Tensor x) { return torch::nn::SequentialImpl::forward(x); }
};
TORCH_MODULE(Seq);

// In-place ReLU on a temporary (torch::relu_ takes an lvalue reference).
inline torch::Tensor relu_inplace(torch::Tensor x) { return x.relu_(); }

// Convenience constructors in torchvision's argument order.
Conv2d conv2d(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = 0,
              int64_t groups = 1, bool bias = true);
BatchNorm2d batch_norm(int64_t channels, double eps = 1e-5, double momentum = 0.1);

enum class Activation { none, relu, relu6, silu };

// torchvision.ops.Conv2dNormActivation: Sequential(conv (no bias), BatchNorm2d[, activation]),
// padding (kernel - 1) / 2, so its parameters are named "0.weight", "1.weight", "1.running_mean"...
Seq conv_norm_act(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t groups,
                                    Activation act);

// Row-mode stochastic depth (torchvision.ops.StochasticDepth): in training, zeroes a sample's
// residual branch with probability p and rescales the rest by 1/(1-p); identity in eval.
torch::Tensor stochastic_depth(const torch::Tensor& x, double p, bool training);

// torchvision's usual initialisation for CNNs: conv kaiming-normal (fan_out), BN weight 1 bias 0,
// linear N(0, linear_std) with zero bias (linear_std <= 0: uniform +-1/sqrt(out) as EfficientNet).
void init_cnn_weights(torch::nn::Module& module, double linear_std);

}  // namespace merlab::zoo
