#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

torch::Tensor ZooClassifierImpl::forward(torch::Tensor x) {
  if (channels_last_ && x.dim() == 4) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  return forward_impl(std::move(x));
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
