#include "framework/models/learnet.h"

#include "framework/common/error.h"

namespace merlab::zoo {

namespace {
BatchNorm2d keras_bn(int64_t channels) { return batch_norm(channels, 1e-3, 0.01); }
}  // namespace

SameConv2dImpl::SameConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride)
    : Conv2dImpl(torch::nn::Conv2dOptions(in, out, kernel).stride(stride)) {}

torch::Tensor SameConv2dImpl::forward(const torch::Tensor& x) {
  const int64_t k = (*options.kernel_size())[0], s = (*options.stride())[0];
  auto pad_for = [&](int64_t in) {
    return std::max<int64_t>((same_out(in, s) - 1) * s + k - in, 0);
  };
  const int64_t ph = pad_for(x.size(2)), pw = pad_for(x.size(3));
  if (ph == 0 && pw == 0) return Conv2dImpl::forward(x);
  namespace F = torch::nn::functional;
  auto padded = F::pad(x, F::PadFuncOptions({pw / 2, pw - pw / 2, ph / 2, ph - ph / 2}));
  return Conv2dImpl::forward(padded);
}

LearNetImpl::Branch LearNetImpl::make_branch(int index, bool accumulating) {
  const std::string p = "branch" + std::to_string(index) + "_";
  Branch b;
  b.conv1 = register_module(p + "conv1", SameConv2d(16, 16, 1, 2));
  if (accumulating) b.bn1 = register_module(p + "bn1", keras_bn(16));
  b.conv2 = register_module(p + "conv2", SameConv2d(16, 32, 3, 2));
  if (accumulating) b.bn2 = register_module(p + "bn2", keras_bn(32));
  b.conv3 = register_module(p + "conv3", SameConv2d(32, 64, 5, 2));
  return b;
}

LearNetImpl::LearNetImpl(int64_t num_classes, int64_t image_size, double dropout) {
  if (image_size < 16) throw ConfigError("learnet: input_size must be at least 16, got " + std::to_string(image_size));
  stem = register_module("stem", SameConv2d(3, 16, 3, 2));
  for (int i = 0; i < 4; ++i) branches_[i] = make_branch(i + 1, /*accumulating=*/i % 2 == 1);
  bn = register_module("bn", keras_bn(256));
  conv = register_module("conv", SameConv2d(256, 256, 3, 2));
  int64_t s = image_size;
  for (int i = 0; i < 5; ++i) s = same_out(s, 2);  // stem, 1x1, 3x3, 5x5, final conv
  fc1 = register_module("fc1", Linear(256 * s * s, 256));
  drop = register_module("drop", torch::nn::Dropout(dropout));
  fc2 = register_module("fc2", Linear(256, num_classes));
  torch::NoGradGuard no_grad;
  for (auto& m : modules(false)) {
    if (auto* c = m->as<torch::nn::Conv2dImpl>()) {
      torch::nn::init::xavier_uniform_(c->weight);
      c->bias.zero_();
    } else if (auto* l = m->as<torch::nn::LinearImpl>()) {
      torch::nn::init::xavier_uniform_(l->weight);
      l->bias.zero_();
    }
  }
}

void LearNetImpl::reset_head() {
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_uniform_(fc2->weight);
  fc2->bias.zero_();
}

torch::Tensor LearNetImpl::feature_map_impl(torch::Tensor x) {
  auto s = relu_inplace(stem(x));
  std::vector<torch::Tensor> ends;
  torch::Tensor a1, a2;  // the first branch's 1x1 and 3x3 outputs, for its pair partner
  for (int i = 0; i < 4; ++i) {
    auto& b = branches_[i];
    auto y = relu_inplace(b.conv1(s));
    if (b.bn1) y = b.bn1(y + a1);
    else a1 = y;
    y = relu_inplace(b.conv2(y));
    if (b.bn2) y = b.bn2(y + a2);
    else a2 = y;
    ends.push_back(relu_inplace(b.conv3(y)));
  }
  return relu_inplace(conv(bn(torch::cat(ends, 1))));
}

torch::Tensor LearNetImpl::forward_impl(torch::Tensor x) {
  auto y = relu_inplace(fc1(feature_map_impl(x).flatten(1)));
  return fc2(drop(y));
}

}  // namespace merlab::zoo
