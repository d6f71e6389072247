#include "framework/models/linear_probe.h"

namespace merlab::zoo {

LinearProbeImpl::LinearProbeImpl(int64_t num_classes) {
  fc = register_module("fc", torch::nn::Linear(kGrid * kGrid, num_classes));
  reset_head();
}

void LinearProbeImpl::reset_head() {
  // Zero weights: the optimisation of a convex loss starts from the uniform prediction.
  torch::NoGradGuard no_grad;
  fc->weight.zero_();
  fc->bias.zero_();
}

torch::Tensor LinearProbeImpl::forward_impl(torch::Tensor x) {
  namespace F = torch::nn::functional;
  auto grey = x.contiguous().mean(1, /*keepdim=*/true);
  auto small = F::adaptive_avg_pool2d(grey, F::AdaptiveAvgPool2dFuncOptions({kGrid, kGrid})).flatten(1);
  auto mean = small.mean(1, /*keepdim=*/true);
  auto sd = small.std(1, /*unbiased=*/false, /*keepdim=*/true);
  return fc((small - mean) / (sd + 1e-6));
}

}  // namespace merlab::zoo
