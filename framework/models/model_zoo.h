// The model zoo: every classifier by name, built from the `model:` config node.
//
//   model:
//     name: resnet18        # see `mer models list`
//     input_size: 112       # square input side in pixels
//     dropout: 0.0          # before the classifier (model-specific default when absent)
//     pretrained: null      # imagenet (torchvision's file, weights.h) or a path of a .pth state dict
//     channels_last: true   # NHWC activations (faster on CPU for CNNs)
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "framework/models/classifier.h"
#include "framework/registry/registry.h"

namespace merlab {

// Factories take the model node and the number of classes (set by the engine from the dataset
// protocol). They read input_size and dropout; build_model handles pretrained and channels_last.
Registry<ClassifierPtr, int64_t /*num_classes*/>& model_registry();

// Idempotent; adds every built-in model and publishes the registry (`mer list model`).
void register_builtin_models();

// Builds the model named by model_node["name"], loads `pretrained` when set (resolved by
// resolve_pretrained; `imagenet` here means the default weights folder: the engine passes paths
// already resolved with the config's weights.dir), applies `channels_last`. Unknown keys and bad values raise ConfigError.
ClassifierPtr build_model(const YAML::Node& model_node, int64_t num_classes);

struct ModelDefaults {
  std::string name;
  int64_t input_size = 112;
  double dropout = 0.0;
  bool channels_last = true;
  std::string description;
  int64_t min_input_size = 32;  // smallest model.input_size accepted
  int input_streams = 1;        // images per sample (2: the phase_pair strategy's image pairs)
  std::vector<std::string> extra_keys;  // model-node keys beyond the common ones
};
const std::vector<ModelDefaults>& builtin_model_defaults();

// Default input side for a registered model name (ConfigError when unknown).
int64_t default_input_size(const std::string& name);
// Images a sample of this model holds (ConfigError when unknown).
int model_input_streams(const std::string& name);

int64_t count_trainable_parameters(const torch::nn::Module& module);

}  // namespace merlab
