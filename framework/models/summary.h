// Per-layer summary of a model: output shapes, parameters and FLOPs per sample, from one eval
// forward pass of a single input with the LayerRecorder installed (see layers.h for what counts
// as a FLOP).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/models/classifier.h"

namespace merlab {

struct LayerSummary {
  std::string name;  // qualified module name, as in the state dict ("layer1.0.conv1")
  std::string type;
  std::vector<int64_t> output_shape;  // per sample
  int64_t parameters = 0;             // trainable parameters owned directly by this layer
  int64_t flops = 0;                  // per sample
};

struct ModelSummary {
  std::vector<LayerSummary> layers;  // in execution order (a layer run twice appears twice)
  int64_t total_parameters = 0;      // all trainable parameters of the model
  int64_t other_parameters = 0;      // trainable parameters not owned by a listed layer (tokens, embeddings)
  int64_t total_flops = 0;           // per sample
  std::vector<int64_t> output_shape;
};

// Runs model(x) for x of shape [1, 3, input_size, input_size]; restores the training flag.
ModelSummary summarize(ClassifierImpl& model, int64_t input_size);

// Fixed-width table ending with totals.
std::string format_summary(const ModelSummary& summary);

// 12345678 -> "12,345,678"
std::string group_thousands(int64_t n);

}  // namespace merlab
