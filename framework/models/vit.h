// Vision Transformer (torchvision 0.14 VisionTransformer module tree: conv_proj, class_token,
// encoder.pos_embedding, encoder.layers.encoder_layer_<i>.{ln_1, self_attention, ln_2, mlp.0,
// mlp.3}, encoder.ln, heads.head). Position embeddings are made for `image_size`; inputs of
// another size, and pretrained embeddings made for another size (e.g. 224), are resized with
// torchvision's rule (bicubic, align_corners, class token kept apart).
#pragma once

#include "framework/models/layers.h"
#include "framework/models/zoo_classifier.h"

namespace merlab::zoo {

struct VitConfig {
  int64_t patch = 16, width = 768, depth = 12, heads = 12, mlp = 3072;
};

// nn.MultiheadAttention's parameters (in_proj_weight, in_proj_bias, out_proj) for self-attention.
class SelfAttentionImpl : public torch::nn::Module {
 public:
  SelfAttentionImpl(int64_t width, int64_t heads);
  torch::Tensor forward(const torch::Tensor& x);  // [N, L, D] -> [N, L, D]
  torch::Tensor in_proj_weight, in_proj_bias;

 private:
  int64_t heads_;
  Linear out_proj{nullptr};
};
TORCH_MODULE(SelfAttention);

class EncoderBlockImpl : public torch::nn::Module {
 public:
  EncoderBlockImpl(const VitConfig& cfg, double dropout);
  torch::Tensor forward(torch::Tensor x);

 private:
  LayerNorm ln_1{nullptr}, ln_2{nullptr};
  SelfAttention self_attention{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Sequential mlp{nullptr};
};
TORCH_MODULE(EncoderBlock);

class VisionTransformerImpl : public ZooClassifierImpl {
 public:
  VisionTransformerImpl(const VitConfig& cfg, int64_t image_size, int64_t num_classes, double dropout);
  std::vector<std::string> head_keys() const override { return {"heads.head.weight", "heads.head.bias"}; }
  void adapt_state_dict(std::map<std::string, torch::Tensor>& state) const override;
  void reset_head() override;

 protected:
  torch::Tensor forward_impl(torch::Tensor x) override;

 private:
  VitConfig cfg_;
  Conv2d conv_proj{nullptr};
  torch::Tensor class_token, pos_embedding;
  std::vector<EncoderBlock> blocks_;
  torch::nn::Dropout dropout{nullptr};
  LayerNorm ln{nullptr};
  Linear head{nullptr};
};
TORCH_MODULE(VisionTransformer);

// torchvision.models.vision_transformer.interpolate_embeddings for one [1, 1 + g*g, D] tensor:
// resizes the g x g grid to new_grid x new_grid (bicubic, align_corners), keeps the class token.
torch::Tensor interpolate_pos_embedding(const torch::Tensor& pos, int64_t new_grid);

}  // namespace merlab::zoo
