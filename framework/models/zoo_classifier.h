// Common base of the zoo's models: what the checkpoint loader, the summary and build_model need
// beyond ClassifierImpl's forward.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "framework/models/classifier.h"

namespace merlab::zoo {

class ZooClassifierImpl : public ClassifierImpl {
 public:
  // Converts the input to channels-last when enabled, then runs the network.
  torch::Tensor forward(torch::Tensor x) final;

  // Stores 4-D parameters and buffers channels-last (or back), and converts inputs likewise.
  void set_channels_last(bool enabled);
  bool channels_last() const { return channels_last_; }

  // State-dict keys of the classification head; a pretrained file whose head has another shape
  // (other number of classes) keeps this model's fresh head instead.
  virtual std::vector<std::string> head_keys() const = 0;

  // Adapts a pretrained state dict to this instance before loading (e.g. ViT position
  // embeddings made for another input size). Default: nothing.
  virtual void adapt_state_dict(std::map<std::string, torch::Tensor>& state) const {}

  // Re-initialises the head parameters as the constructor does.
  virtual void reset_head() = 0;

  // The last spatial feature map [N, C, h, w], before global pooling and the head: what a
  // two-stream model (dual_stream.h) takes from a backbone. Converts to channels-last like
  // forward. Models without one (ViTs, the linear probe, the flow networks) throw ConfigError.
  torch::Tensor feature_map(torch::Tensor x);
  virtual bool has_feature_map() const { return false; }

 protected:
  virtual torch::Tensor forward_impl(torch::Tensor x) = 0;
  virtual torch::Tensor feature_map_impl(torch::Tensor x);

 private:
  bool channels_last_ = false;
};

using ZooClassifierPtr = std::shared_ptr<ZooClassifierImpl>;

}  // namespace merlab::zoo
