#include "framework/models/zoo_classifier.h"

#include "framework/common/error.h"

namespace merlab::zoo {

torch::Tensor ZooClassifierImpl::forward(torch::Tensor x) {
  if (channels_last_ && x.dim() == 4) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  return forward_impl(std::move(x));
}

torch::Tensor ZooClassifierImpl::feature_map(torch::Tensor x) {
  if (channels_last_ && x.dim() == 4) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  return feature_map_impl(std::move(x));
}

torch::Tensor ZooClassifierImpl::feature_map_impl(torch::Tensor) {
  throw ConfigError(std::string("model ") + name() + " has no spatial feature map to serve as a backbone");
}

void ZooClassifierImpl::set_channels_last(bool enabled) {
  channels_last_ = enabled;
  auto format = enabled ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
  torch::NoGradGuard no_grad;
  // set_data keeps the Parameter object (and so any optimizer holding it) while changing layout.
  for (auto& p : parameters()) {
    if (p.dim() == 4) p.set_data(p.contiguous(format));
  }
}

}  // namespace merlab::zoo
