#include "framework/train/device.h"

#include "framework/common/error.h"
#include "framework/config/access.h"

namespace merlab {

torch::Device select_device(const YAML::Node& runtime) {
  const auto text = cfg::value_or<std::string>(runtime, "device", "cpu", "runtime");
  if (text == "cpu") return torch::kCPU;
  if (text == "cuda" || text.rfind("cuda:", 0) == 0) {
    if (!torch::cuda::is_available()) {
      throw ConfigError("config key 'runtime.device': '" + text +
                        "' was requested but CUDA is not available (this LibTorch build or machine has no "
                        "usable GPU; Debian's libtorch is CPU-only). Use runtime.device=cpu");
    }
    try {
      torch::Device device(text);
      if (device.has_index() && device.index() >= static_cast<int>(torch::cuda::device_count())) {
        throw ConfigError("config key 'runtime.device': '" + text + "' but only " +
                          std::to_string(torch::cuda::device_count()) + " CUDA device(s) exist");
      }
      return device;
    } catch (const c10::Error&) {
      throw ConfigError("config key 'runtime.device': cannot parse '" + text + "' (expected cuda or cuda:N)");
    }
  }
  throw ConfigError("config key 'runtime.device': '" + text + "' is not one of cpu, cuda, cuda:N");
}

void make_deterministic(uint64_t seed, const torch::Device& device) {
  torch::manual_seed(seed);
  if (device.is_cuda()) {
    torch::cuda::manual_seed_all(seed);
    auto& ctx = at::globalContext();
    ctx.setDeterministicCuDNN(true);
    ctx.setBenchmarkCuDNN(false);
    ctx.setDeterministicAlgorithms(true, /*warn_only=*/true);
  }
}

}  // namespace merlab
