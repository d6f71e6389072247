#include "framework/models/layers.h"

#include <cmath>

namespace merlab::zoo {
namespace {
thread_local LayerRecorder* g_recorder = nullptr;

int64_t per_sample(const torch::Tensor& t) { return t.dim() == 0 || t.size(0) == 0 ? t.numel() : t.numel() / t.size(0); }
}  // namespace

LayerRecorder::LayerRecorder() {
  TORCH_CHECK(g_recorder == nullptr, "LayerRecorder is not nestable");
  g_recorder = this;
}
LayerRecorder::~LayerRecorder() { g_recorder = nullptr; }

bool recording() { return g_recorder != nullptr; }

void record_layer(const torch::nn::Module& module, const char* type, const torch::Tensor& output,
                  int64_t flops_per_sample) {
  if (!g_recorder) return;
  LayerRecord r;
  r.module = &module;
  r.type = type;
  auto sizes = output.sizes();
  r.output_shape.assign(sizes.begin() + (sizes.empty() ? 0 : 1), sizes.end());
  r.flops = flops_per_sample;
  g_recorder->records.push_back(std::move(r));
}

torch::Tensor Conv2dImpl::forward(const torch::Tensor& x) {
  auto y = torch::nn::Conv2dImpl::forward(x);
  if (g_recorder) {
    const auto& o = options;
    int64_t macs_per_out = (o.in_channels() / o.groups()) * (*o.kernel_size())[0] * (*o.kernel_size())[1];
    record_layer(*this, "Conv2d", y, 2 * per_sample(y) * macs_per_out);
  }
  return y;
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) {
  auto y = torch::nn::LinearImpl::forward(x);
  if (g_recorder) record_layer(*this, "Linear", y, 2 * per_sample(y) * options.in_features());
  return y;
}

BatchNorm2dImpl::BatchNorm2dImpl(const torch::nn::BatchNorm2dOptions& opts) : options(opts) {
  const int64_t c = options.num_features();
  weight = register_parameter("weight", torch::ones({c}));
  bias = register_parameter("bias", torch::zeros({c}));
  running_mean = register_buffer("running_mean", torch::zeros({c}));
  running_var = register_buffer("running_var", torch::ones({c}));
  num_batches_tracked = register_buffer("num_batches_tracked", torch::zeros({}, torch::kLong));
}

torch::Tensor BatchNorm2dImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4, "BatchNorm2d: expected a 4-D input, got ", x.dim(), "-D");
  const double momentum = options.momentum().value_or(0.1);
  if (is_training()) {
    torch::NoGradGuard no_grad;
    num_batches_tracked.add_(1);
  }
  auto y = torch::batch_norm(x, weight, bias, running_mean, running_var, is_training(), momentum, options.eps(),
                             torch::cuda::cudnn_is_available());
  if (g_recorder) record_layer(*this, "BatchNorm2d", y, 0);
  return y;
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x) {
  auto y = torch::nn::LayerNormImpl::forward(x);
  if (g_recorder) record_layer(*this, "LayerNorm", y, 0);
  return y;
}

Conv2d conv2d(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, int64_t groups, bool bias) {
  return Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).groups(groups).bias(bias));
}

BatchNorm2d batch_norm(int64_t channels, double eps, double momentum) {
  return BatchNorm2d(torch::nn::BatchNorm2dOptions(channels).eps(eps).momentum(momentum));
}

Seq conv_norm_act(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t groups,
                                    Activation act) {
  Seq seq;
  seq->push_back(conv2d(in, out, kernel, stride, (kernel - 1) / 2, groups, /*bias=*/false));
  seq->push_back(batch_norm(out));
  switch (act) {
    case Activation::relu: seq->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true))); break;
    case Activation::relu6: seq->push_back(torch::nn::ReLU6(torch::nn::ReLU6Options().inplace(true))); break;
    case Activation::silu: seq->push_back(torch::nn::SiLU()); break;
    case Activation::none: break;
  }
  return seq;
}

torch::Tensor stochastic_depth(const torch::Tensor& x, double p, bool training) {
  if (!training || p <= 0.0) return x;
  double survival = 1.0 - p;
  std::vector<int64_t> shape(x.dim(), 1);
  shape[0] = x.size(0);
  auto noise = torch::empty(shape, x.options()).bernoulli_(survival);
  if (survival > 0.0) noise.div_(survival);
  return x * noise;
}

void init_cnn_weights(torch::nn::Module& module, double linear_std) {
  torch::NoGradGuard no_grad;
  for (auto& m : module.modules(/*include_self=*/false)) {
    if (auto* c = m->as<torch::nn::Conv2dImpl>()) {
      torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
      if (c->bias.defined()) c->bias.zero_();
    } else if (auto* b = m->as<BatchNorm2dImpl>()) {
      b->weight.fill_(1.0);
      b->bias.zero_();
    } else if (auto* l = m->as<torch::nn::LinearImpl>()) {
      if (linear_std > 0) {
        l->weight.normal_(0.0, linear_std);
      } else {
        double range = 1.0 / std::sqrt(static_cast<double>(l->weight.size(0)));
        l->weight.uniform_(-range, range);
      }
      l->bias.zero_();
    }
  }
}

}  // namespace merlab::zoo
