#include "framework/models/resnet.h"

#include <cmath>

#include "framework/common/error.h"

namespace merlab::zoo {

ResidualBlockImpl::ResidualBlockImpl(int64_t in, int64_t planes, int64_t stride, bool bottleneck)
    : bottleneck_(bottleneck) {
  int64_t out = planes * expansion(bottleneck);
  if (bottleneck) {
    conv1 = register_module("conv1", conv2d(in, planes, 1, 1, 0, 1, false));
    bn1 = register_module("bn1", batch_norm(planes));
    conv2 = register_module("conv2", conv2d(planes, planes, 3, stride, 1, 1, false));
    bn2 = register_module("bn2", batch_norm(planes));
    conv3 = register_module("conv3", conv2d(planes, out, 1, 1, 0, 1, false));
    bn3 = register_module("bn3", batch_norm(out));
  } else {
    conv1 = register_module("conv1", conv2d(in, planes, 3, stride, 1, 1, false));
    bn1 = register_module("bn1", batch_norm(planes));
    conv2 = register_module("conv2", conv2d(planes, planes, 3, 1, 1, 1, false));
    bn2 = register_module("bn2", batch_norm(planes));
  }
  if (stride != 1 || in != out) {
    downsample = register_module("downsample", torch::nn::Sequential(conv2d(in, out, 1, stride, 0, 1, false),
                                                                     batch_norm(out)));
  }
}

torch::Tensor ResidualBlockImpl::forward(torch::Tensor x) {
  auto identity = downsample ? downsample->forward(x) : x;
  auto y = relu_inplace(bn1(conv1(x)));
  if (bottleneck_) {
    y = relu_inplace(bn2(conv2(y)));
    y = bn3(conv3(y));
  } else {
    y = bn2(conv2(y));
  }
  return relu_inplace(y += identity);
}

ResNetImpl::ResNetImpl(int depth, int64_t num_classes, double dropout) {
  std::vector<int64_t> blocks;
  bool bottleneck = false;
  if (depth == 18) {
    blocks = {2, 2, 2, 2};
  } else if (depth == 50) {
    blocks = {3, 4, 6, 3};
    bottleneck = true;
  } else {
    throw ConfigError("resnet depth " + std::to_string(depth) + " is not supported (18 or 50)");
  }
  conv1 = register_module("conv1", conv2d(3, 64, 7, 2, 3, 1, false));
  bn1 = register_module("bn1", batch_norm(64));
  int64_t in = 64;
  auto make_layer = [&](int64_t planes, int64_t n, int64_t stride) {
    torch::nn::Sequential seq;
    for (int64_t i = 0; i < n; ++i) {
      seq->push_back(ResidualBlock(in, planes, i == 0 ? stride : 1, bottleneck));
      in = planes * ResidualBlockImpl::expansion(bottleneck);
    }
    return seq;
  };
  layer1 = register_module("layer1", make_layer(64, blocks[0], 1));
  layer2 = register_module("layer2", make_layer(128, blocks[1], 2));
  layer3 = register_module("layer3", make_layer(256, blocks[2], 2));
  layer4 = register_module("layer4", make_layer(512, blocks[3], 2));
  drop = register_module("drop", torch::nn::Dropout(dropout));
  fc = register_module("fc", Linear(in, num_classes));
  init_cnn_weights(*this, 0.0);
  reset_head();
}

void ResNetImpl::reset_head() {
  // torchvision leaves nn.Linear's default init on ResNet's fc: U(+-1/sqrt(in)) for both.
  torch::NoGradGuard no_grad;
  double bound = 1.0 / std::sqrt(static_cast<double>(fc->weight.size(1)));
  fc->weight.uniform_(-bound, bound);
  fc->bias.uniform_(-bound, bound);
}

torch::Tensor ResNetImpl::feature_map_impl(torch::Tensor x) {
  x = relu_inplace(bn1(conv1(x)));
  x = torch::max_pool2d(x, 3, 2, 1);
  return layer4->forward(layer3->forward(layer2->forward(layer1->forward(x))));
}

torch::Tensor ResNetImpl::forward_impl(torch::Tensor x) {
  x = torch::adaptive_avg_pool2d(feature_map_impl(x), {1, 1}).flatten(1);
  return fc(drop(x));
}

}  // namespace merlab::zoo
