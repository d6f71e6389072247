// Loading torchvision-style state dicts (.pth) into zoo models, and our own checkpoints.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "framework/models/zoo_classifier.h"

namespace merlab {

struct LoadReport {
  std::size_t loaded = 0;                 // tensors copied
  std::vector<std::string> reinitialised; // head keys whose shape differed (head re-initialised)
};

// Copies `state` into the parameters and buffers of `module`, key for key. Keys listed in
// `head_keys` whose shape differs are skipped and `reset_head` is called (logged). Any other
// missing, unexpected or mis-shaped key raises RuntimeError listing all of them. `source`
// names the origin in messages.
LoadReport load_state_dict(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& state,
                           const std::vector<std::string>& head_keys, const std::function<void()>& reset_head,
                           const std::string& source);

// Reads a torchvision-style .pth (see state_dict_reader.h), lets the model adapt it (ViT position
// embeddings) and loads it with the head rule above.
LoadReport load_pretrained(zoo::ZooClassifierImpl& model, const std::string& path);

// Our own checkpoints: LibTorch's archive format (torch::save of the module's parameters and
// buffers). load_checkpoint requires the same architecture.
void save_checkpoint(const torch::nn::Module& module, const std::string& path);
void load_checkpoint(torch::nn::Module& module, const std::string& path);

}  // namespace merlab
