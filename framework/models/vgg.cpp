#include "framework/models/vgg.h"

namespace merlab::zoo {

VggImpl::VggImpl(bool bn, int64_t num_classes, double dropout) {
  // Configuration "D"; 0 marks a max-pool.
  const int64_t cfg[] = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
  features = torch::nn::Sequential();
  int64_t in = 3;
  for (int64_t v : cfg) {
    if (v == 0) {
      features->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2)));
      continue;
    }
    features->push_back(conv2d(in, v, 3, 1, 1));
    if (bn) features->push_back(batch_norm(v));
    features->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
    in = v;
  }
  register_module("features", features);
  classifier = register_module(
      "classifier",
      torch::nn::Sequential(Linear(512 * 7 * 7, 4096), torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)),
                            torch::nn::Dropout(dropout), Linear(4096, 4096),
                            torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)), torch::nn::Dropout(dropout),
                            Linear(4096, num_classes)));
  init_cnn_weights(*this, 0.01);
}

void VggImpl::reset_head() {
  torch::NoGradGuard no_grad;
  auto head = classifier[6]->as<torch::nn::LinearImpl>();
  head->weight.normal_(0.0, 0.01);
  head->bias.zero_();
}

torch::Tensor VggImpl::feature_map_impl(torch::Tensor x) { return features->forward(x); }

torch::Tensor VggImpl::forward_impl(torch::Tensor x) {
  x = feature_map_impl(x);
  x = torch::adaptive_avg_pool2d(x, {7, 7}).flatten(1);
  return classifier->forward(x);
}

}  // namespace merlab::zoo
