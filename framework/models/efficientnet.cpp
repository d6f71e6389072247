#include "framework/models/efficientnet.h"

#include <algorithm>
#include <cmath>

namespace merlab::zoo {

SqueezeExcitationImpl::SqueezeExcitationImpl(int64_t channels, int64_t squeeze) {
  fc1 = register_module("fc1", conv2d(channels, squeeze, 1));
  fc2 = register_module("fc2", conv2d(squeeze, channels, 1));
}

torch::Tensor SqueezeExcitationImpl::forward(torch::Tensor x) {
  auto scale = torch::adaptive_avg_pool2d(x, {1, 1});
  scale = torch::sigmoid(fc2(torch::silu(fc1(scale))));
  return scale * x;
}

MBConvImpl::MBConvImpl(int64_t expand_ratio, int64_t kernel, int64_t stride, int64_t in, int64_t out, double sd_prob)
    : use_residual_(stride == 1 && in == out), sd_prob_(sd_prob) {
  int64_t expanded = in * expand_ratio;
  Seq seq;
  if (expanded != in) seq->push_back(conv_norm_act(in, expanded, 1, 1, 1, Activation::silu));
  seq->push_back(conv_norm_act(expanded, expanded, kernel, stride, expanded, Activation::silu));
  seq->push_back(SqueezeExcitation(expanded, std::max<int64_t>(1, in / 4)));
  seq->push_back(conv_norm_act(expanded, out, 1, 1, 1, Activation::none));
  block = register_module("block", seq);
}

torch::Tensor MBConvImpl::forward(torch::Tensor x) {
  auto y = block->forward(x);
  if (!use_residual_) return y;
  return stochastic_depth(y, sd_prob_, is_training()) + x;
}

EfficientNetImpl::EfficientNetImpl(int64_t num_classes, double dropout, double stochastic_depth_prob) {
  // expand ratio, kernel, stride, in, out, layers (B0: width and depth multipliers 1.0)
  const int64_t setting[][6] = {{1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},   {6, 5, 2, 24, 40, 2},
                                {6, 3, 2, 40, 80, 3},  {6, 5, 1, 80, 112, 3},  {6, 5, 2, 112, 192, 4},
                                {6, 3, 1, 192, 320, 1}};
  int64_t total_blocks = 0;
  for (const auto& s : setting) total_blocks += s[5];
  features = torch::nn::Sequential();
  features->push_back(conv_norm_act(3, 32, 3, 2, 1, Activation::silu));
  int64_t block_id = 0;
  for (const auto& s : setting) {
    Seq stage;
    for (int64_t i = 0; i < s[5]; ++i) {
      double sd = stochastic_depth_prob * static_cast<double>(block_id) / static_cast<double>(total_blocks);
      stage->push_back(MBConv(s[0], s[1], i == 0 ? s[2] : 1, i == 0 ? s[3] : s[4], s[4], sd));
      ++block_id;
    }
    features->push_back(stage);
  }
  features->push_back(conv_norm_act(320, 1280, 1, 1, 1, Activation::silu));
  register_module("features", features);
  classifier = register_module("classifier", torch::nn::Sequential(torch::nn::Dropout(dropout), Linear(1280, num_classes)));
  init_cnn_weights(*this, 0.0);
}

void EfficientNetImpl::reset_head() {
  torch::NoGradGuard no_grad;
  auto head = classifier[1]->as<torch::nn::LinearImpl>();
  double range = 1.0 / std::sqrt(static_cast<double>(head->weight.size(0)));
  head->weight.uniform_(-range, range);
  head->bias.zero_();
}

torch::Tensor EfficientNetImpl::feature_map_impl(torch::Tensor x) { return features->forward(x); }

torch::Tensor EfficientNetImpl::forward_impl(torch::Tensor x) {
  x = feature_map_impl(x);
  x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  return classifier->forward(x);
}

}  // namespace merlab::zoo
