// A two-stream classifier after DIANet's abstract (arXiv 2510.12219: "two phase-aware DIs, one
// dedicated CNN stream each, fused by cross-attention"). The paper's code, backbone, attention
// design and training settings are not public: every choice below is an option, and the defaults
// are this project's, not the paper's.
//
//   model:
//     name: dual_stream
//     input_size: 112
//     dropout: 0.5                  # before the classifier
//     backbone: {name: resnet18}    # any zoo CNN node (name, pretrained, channels_last)
//     shared: false                 # one backbone for both streams (shared weights) or one each
//     fusion: cross_attention       # cross_attention | concat | sum (the ablations)
//     dim: 128                      # token width after each stream's 1x1 projection
//     heads: 4                      # attention heads (dim must divide by it)
//     direction: both               # both | onset_queries_offset | offset_queries_onset
//
// Input [N, 6, H, W]: channels 0-2 are the onset->apex image, 3-5 the apex->offset image (phase
// DIs under repr=di, phase flows under the flow representations), stacked by the engine for the
// `phase_pair` temporal strategy. Each stream: backbone feature map (before pooling) -> 1x1
// convolution to `dim` -> tokens (one per feature-map cell) + a learned position embedding.
// Fusion sits after the backbones, on the token grids:
//   cross_attention: stream A's tokens query stream B's (multi-head scaled dot-product attention,
//     residual, LayerNorm), and B's query A's when direction is both; each stream is then
//     mean-pooled over its tokens and the two pooled vectors are concatenated (2 dim).
//   concat: the two mean-pooled token sets concatenated (2 dim), no attention.
//   sum: their sum (dim), no attention.
// Head: dropout -> Linear. The backbones' own heads are unused and frozen (not counted).
#pragma once

#include <yaml-cpp/yaml.h>

#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

enum class StreamFusion { cross_attention, concat, sum };
enum class AttentionDirection { both, onset_queries_offset, offset_queries_onset };

struct DualStreamOptions {
  YAML::Node backbone;  // the backbone's model node (name required)
  bool shared = false;
  StreamFusion fusion = StreamFusion::cross_attention;
  int64_t dim = 128;
  int64_t heads = 4;
  AttentionDirection direction = AttentionDirection::both;
  int64_t input_size = 112;
  double dropout = 0.5;

  // Reads the model node's own keys (backbone, shared, fusion, dim, heads, direction); errors
  // name the key.
  static DualStreamOptions from_config(const YAML::Node& model, int64_t input_size, double dropout);
};

// Multi-head attention of `query` tokens over `context` tokens ([N, L, dim] each).
class CrossAttentionImpl : public torch::nn::Module {
 public:
  CrossAttentionImpl(int64_t dim, int64_t heads);
  torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& context);

 private:
  int64_t heads_;
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, out{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(CrossAttention);

class DualStreamImpl : public ClassifierImpl {
 public:
  // `build_backbone` builds a backbone from its node (build_model: pretrained weights and
  // channels_last applied there).
  DualStreamImpl(const DualStreamOptions& options, int64_t num_classes,
                 const std::function<ZooClassifierPtr(const YAML::Node&)>& build_backbone);
  torch::Tensor forward(torch::Tensor x) override;
  int64_t input_channels() const override { return 6; }

 private:
  torch::Tensor tokens(int stream, const torch::Tensor& image);

  DualStreamOptions options_;
  ZooClassifierPtr backbone_a_, backbone_b_;  // b is a when shared
  torch::nn::Conv2d proj_a{nullptr}, proj_b{nullptr};
  torch::Tensor pos_a, pos_b;
  CrossAttention attend_a{nullptr}, attend_b{nullptr};  // a: A queries B; b: B queries A
  torch::nn::Dropout drop{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(DualStream);

}  // namespace merlab::zoo
