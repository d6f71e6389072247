#include "framework/models/mobilenet_v2.h"

namespace merlab::zoo {

InvertedResidualImpl::InvertedResidualImpl(int64_t in, int64_t out, int64_t stride, int64_t expand_ratio)
    : use_residual_(stride == 1 && in == out) {
  int64_t hidden = in * expand_ratio;
  Seq seq;
  if (expand_ratio != 1) seq->push_back(conv_norm_act(in, hidden, 1, 1, 1, Activation::relu6));
  seq->push_back(conv_norm_act(hidden, hidden, 3, stride, hidden, Activation::relu6));  // depthwise
  seq->push_back(conv2d(hidden, out, 1, 1, 0, 1, false));                               // pw-linear
  seq->push_back(batch_norm(out));
  conv = register_module("conv", seq);
}

torch::Tensor InvertedResidualImpl::forward(torch::Tensor x) {
  return use_residual_ ? x + conv->forward(x) : conv->forward(x);
}

MobileNetV2Impl::MobileNetV2Impl(int64_t num_classes, double dropout) {
  // t (expansion), c (channels), n (repeats), s (first stride)
  const int64_t setting[][4] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2},  {6, 64, 4, 2},
                                {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  features = torch::nn::Sequential();
  features->push_back(conv_norm_act(3, 32, 3, 2, 1, Activation::relu6));
  int64_t in = 32;
  for (const auto& s : setting) {
    for (int64_t i = 0; i < s[2]; ++i) {
      features->push_back(InvertedResidual(in, s[1], i == 0 ? s[3] : 1, s[0]));
      in = s[1];
    }
  }
  features->push_back(conv_norm_act(in, 1280, 1, 1, 1, Activation::relu6));
  register_module("features", features);
  classifier = register_module("classifier", torch::nn::Sequential(torch::nn::Dropout(dropout), Linear(1280, num_classes)));
  init_cnn_weights(*this, 0.01);
}

void MobileNetV2Impl::reset_head() {
  torch::NoGradGuard no_grad;
  auto head = classifier[1]->as<torch::nn::LinearImpl>();
  head->weight.normal_(0.0, 0.01);
  head->bias.zero_();
}

torch::Tensor MobileNetV2Impl::feature_map_impl(torch::Tensor x) { return features->forward(x); }

torch::Tensor MobileNetV2Impl::forward_impl(torch::Tensor x) {
  x = feature_map_impl(x);
  x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  return classifier->forward(x);
}

}  // namespace merlab::zoo
