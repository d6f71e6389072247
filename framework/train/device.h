// Where training runs (`runtime.device: cpu | cuda | cuda:N`) and the switches that make it repeatable.
#pragma once

#include <torch/torch.h>
#include <yaml-cpp/yaml.h>

namespace merlab {

// Reads `runtime.device` (default cpu). Requesting cuda on a build or machine without it is a
// ConfigError raised here, before any training starts (Debian's LibTorch is CPU-only).
torch::Device select_device(const YAML::Node& runtime);

// Seeds LibTorch's global generators (CPU and, when present, CUDA) and, on cuda, asks for
// deterministic kernels: cuDNN deterministic mode on, cuDNN benchmark (autotuning, which picks
// kernels by timing) off, and deterministic algorithms where available (warn-only, so an op
// without a deterministic implementation still runs). Without these, cuDNN convolutions and
// atomic-add reductions give run-to-run differences on the GPU. On CPU the seed alone suffices.
void make_deterministic(uint64_t seed, const torch::Device& device);

}  // namespace merlab
