#include "framework/models/flow_nets.h"

namespace merlab::zoo {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

StstNetImpl::StstNetImpl(int64_t num_classes, int64_t input_size, double dropout) {
  const int64_t filters[] = {3, 5, 8};
  for (int i = 0; i < 3; ++i) {
    convs_.push_back(register_module("conv" + std::to_string(i + 1),
                                     nn::Conv2d(nn::Conv2dOptions(3, filters[i], 3).padding(2))));
    norms_.push_back(register_module("bn" + std::to_string(i + 1), nn::BatchNorm2d(filters[i])));
  }
  dropout_ = register_module("dropout", nn::Dropout(dropout));
  const int64_t conv = input_size + 2;             // 3x3, padding 2
  const int64_t pooled = (conv + 2 - 3) / 3 + 1;   // max-pool 3/3, padding 1
  const int64_t side = pooled / 2;                 // average-pool 2/2
  fc = register_module("fc", nn::Linear(16 * side * side, num_classes));
}

void StstNetImpl::reset_head() { fc->reset_parameters(); }

torch::Tensor StstNetImpl::forward_impl(torch::Tensor x) {
  std::vector<torch::Tensor> streams;
  for (std::size_t i = 0; i < convs_.size(); ++i) {
    auto s = norms_[i](torch::relu(convs_[i](x)));
    s = F::max_pool2d(s, F::MaxPool2dFuncOptions(3).stride(3).padding(1));
    streams.push_back(dropout_(s));
  }
  auto y = F::avg_pool2d(torch::cat(streams, 1), F::AvgPool2dFuncOptions(2).stride(2));
  return fc(y.flatten(1));
}

OffApexNetImpl::OffApexNetImpl(int64_t num_classes, int64_t input_size, double dropout) {
  for (int i = 0; i < 2; ++i) {
    const std::string s = i == 0 ? "u" : "v";
    conv1_.push_back(register_module("conv1_" + s, nn::Conv2d(nn::Conv2dOptions(1, 6, 5).padding(2))));
    conv2_.push_back(register_module("conv2_" + s, nn::Conv2d(nn::Conv2dOptions(6, 16, 5).padding(2))));
  }
  const int64_t side = input_size / 2 / 2;
  fc1 = register_module("fc1", nn::Linear(2 * 16 * side * side, 1024));
  fc2 = register_module("fc2", nn::Linear(1024, 1024));
  fc3 = register_module("fc3", nn::Linear(1024, num_classes));
  dropout_ = register_module("dropout", nn::Dropout(dropout));
}

void OffApexNetImpl::reset_head() { fc3->reset_parameters(); }

torch::Tensor OffApexNetImpl::stream(torch::Tensor x, int i) {
  auto y = F::max_pool2d(torch::relu(conv1_[static_cast<std::size_t>(i)](x)), F::MaxPool2dFuncOptions(2));
  y = F::max_pool2d(torch::relu(conv2_[static_cast<std::size_t>(i)](y)), F::MaxPool2dFuncOptions(2));
  return y.flatten(1);
}

torch::Tensor OffApexNetImpl::forward_impl(torch::Tensor x) {
  auto u = stream(x.narrow(1, 0, 1), 0), v = stream(x.narrow(1, 1, 1), 1);
  auto y = dropout_(torch::relu(fc1(torch::cat({u, v}, 1))));
  y = dropout_(torch::relu(fc2(y)));
  return fc3(y);
}

}  // namespace merlab::zoo
