#include "framework/models/vit.h"

#include <cmath>

#include "framework/common/error.h"
#include "framework/common/log.h"

namespace merlab::zoo {

SelfAttentionImpl::SelfAttentionImpl(int64_t width, int64_t heads) : heads_(heads) {
  if (width % heads != 0) {
    throw ConfigError("vit: width " + std::to_string(width) + " is not divisible by " + std::to_string(heads) + " heads");
  }
  in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * width, width}));
  in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * width}));
  out_proj = register_module("out_proj", Linear(width, width));
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_uniform_(in_proj_weight);
  out_proj->bias.zero_();
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x) {
  const int64_t n = x.size(0), l = x.size(1), d = x.size(2), hd = d / heads_;
  auto qkv = torch::nn::functional::linear(x, in_proj_weight, in_proj_bias)
                 .view({n, l, 3, heads_, hd})
                 .permute({2, 0, 3, 1, 4});  // [3, N, H, L, hd]
  // Scale q before the product, as nn.MultiheadAttention does (same rounding).
  auto q = qkv[0] * (1.0 / std::sqrt(static_cast<double>(hd)));
  auto attn = torch::softmax(torch::matmul(q, qkv[1].transpose(-2, -1)), -1);
  auto y = torch::matmul(attn, qkv[2]).transpose(1, 2).reshape({n, l, d});
  if (recording()) {
    // in_proj (3 D x D per token) plus Q K^T and A V (L x D each per token).
    record_layer(*this, "SelfAttention", y, 2 * l * (3 * d * d) + 2 * 2 * l * l * d);
  }
  return out_proj(y);
}

EncoderBlockImpl::EncoderBlockImpl(const VitConfig& cfg, double p) {
  ln_1 = register_module("ln_1", LayerNorm(torch::nn::LayerNormOptions({cfg.width}).eps(1e-6)));
  self_attention = register_module("self_attention", SelfAttention(cfg.width, cfg.heads));
  dropout = register_module("dropout", torch::nn::Dropout(p));
  ln_2 = register_module("ln_2", LayerNorm(torch::nn::LayerNormOptions({cfg.width}).eps(1e-6)));
  mlp = register_module("mlp", torch::nn::Sequential(Linear(cfg.width, cfg.mlp), torch::nn::GELU(),
                                                     torch::nn::Dropout(p), Linear(cfg.mlp, cfg.width),
                                                     torch::nn::Dropout(p)));
  torch::NoGradGuard no_grad;
  for (int i : {0, 3}) {
    auto lin = mlp[i]->as<torch::nn::LinearImpl>();
    torch::nn::init::xavier_uniform_(lin->weight);
    lin->bias.normal_(0.0, 1e-6);
  }
}

torch::Tensor EncoderBlockImpl::forward(torch::Tensor x) {
  auto y = dropout(self_attention(ln_1(x))) + x;
  return y + mlp->forward(ln_2(y));
}

VisionTransformerImpl::VisionTransformerImpl(const VitConfig& cfg, int64_t image_size, int64_t num_classes,
                                             double p)
    : cfg_(cfg) {
  if (image_size % cfg.patch != 0) {
    throw ConfigError("vit: input_size " + std::to_string(image_size) + " is not a multiple of the patch size " +
                      std::to_string(cfg.patch));
  }
  const int64_t grid = image_size / cfg.patch;
  conv_proj = register_module("conv_proj", conv2d(3, cfg.width, cfg.patch, cfg.patch));
  class_token = register_parameter("class_token", torch::zeros({1, 1, cfg.width}));
  // torchvision's Encoder owns pos_embedding, the blocks (named encoder_layer_<i>) and ln.
  auto encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
  pos_embedding = encoder->register_parameter("pos_embedding", torch::empty({1, grid * grid + 1, cfg.width}));
  auto layers = encoder->register_module("layers", std::make_shared<torch::nn::Module>());
  for (int64_t i = 0; i < cfg.depth; ++i) {
    blocks_.push_back(layers->register_module("encoder_layer_" + std::to_string(i), EncoderBlock(cfg, p)));
  }
  dropout = encoder->register_module("dropout", torch::nn::Dropout(p));
  ln = encoder->register_module("ln", LayerNorm(torch::nn::LayerNormOptions({cfg.width}).eps(1e-6)));
  auto heads = register_module("heads", std::make_shared<torch::nn::Module>());
  head = heads->register_module("head", Linear(cfg.width, num_classes));

  torch::NoGradGuard no_grad;
  const double fan_in = 3.0 * static_cast<double>(cfg.patch * cfg.patch);
  // trunc_normal_(std=sqrt(1/fan_in)) in torchvision; its +-2 bounds are ~50 std away here.
  conv_proj->weight.normal_(0.0, std::sqrt(1.0 / fan_in));
  conv_proj->bias.zero_();
  pos_embedding.normal_(0.0, 0.02);
  reset_head();
}

void VisionTransformerImpl::reset_head() {
  torch::NoGradGuard no_grad;
  head->weight.zero_();
  head->bias.zero_();
}

torch::Tensor interpolate_pos_embedding(const torch::Tensor& pos, int64_t new_grid) {
  const int64_t d = pos.size(2), tokens = pos.size(1) - 1;
  const auto grid = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(tokens))));
  if (pos.size(0) != 1 || grid * grid != tokens) {
    throw RuntimeError("vit: position embedding of shape " + c10::str(pos.sizes()) +
                       " is not [1, 1 + g*g, D] and cannot be resized");
  }
  if (grid == new_grid) return pos;
  namespace F = torch::nn::functional;
  auto img = pos.slice(1, 1).permute({0, 2, 1}).reshape({1, d, grid, grid});
  img = F::interpolate(img, F::InterpolateFuncOptions()
                                .size(std::vector<int64_t>{new_grid, new_grid})
                                .mode(torch::kBicubic)
                                .align_corners(true));
  img = img.reshape({1, d, new_grid * new_grid}).permute({0, 2, 1});
  return torch::cat({pos.slice(1, 0, 1), img}, 1);
}

void VisionTransformerImpl::adapt_state_dict(std::map<std::string, torch::Tensor>& state) const {
  // torchvision's ImageNet file (vit_b_16-c867db91.pth) predates the MLPBlock -> MLP change and
  // names the MLP layers linear_1/linear_2; torchvision 0.14 renames them on load
  // (MLPBlock._load_from_state_dict) to the Sequential indices 0 and 3, and so do we.
  for (int64_t i = 0; i < cfg_.depth; ++i) {
    const auto prefix = "encoder.layers.encoder_layer_" + std::to_string(i) + ".mlp.";
    for (int j = 0; j < 2; ++j) {
      for (const char* type : {"weight", "bias"}) {
        auto old_key = prefix + "linear_" + std::to_string(j + 1) + "." + type;
        auto node = state.extract(old_key);
        if (!node.empty()) state[prefix + std::to_string(3 * j) + "." + type] = std::move(node.mapped());
      }
    }
  }
  auto it = state.find("encoder.pos_embedding");
  if (it == state.end() || it->second.sizes() == pos_embedding.sizes()) return;
  const auto new_grid = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(pos_embedding.size(1) - 1))));
  log::info("vit: resizing pretrained position embeddings from {} to {} tokens", it->second.size(1),
            pos_embedding.size(1));
  it->second = interpolate_pos_embedding(it->second.to(torch::kFloat), new_grid);
}

torch::Tensor VisionTransformerImpl::forward_impl(torch::Tensor x) {
  const int64_t n = x.size(0);
  x = conv_proj(x);  // [N, D, h, w]
  if (x.size(2) != x.size(3)) throw RuntimeError("vit: expected a square input, got " + c10::str(x.sizes()));
  const int64_t grid = x.size(2);
  x = x.flatten(2).transpose(1, 2);  // [N, h*w, D]
  x = torch::cat({class_token.expand({n, -1, -1}), x}, 1);
  auto pos = pos_embedding;
  if (pos.size(1) != grid * grid + 1) pos = interpolate_pos_embedding(pos, grid);  // other input size
  x = dropout(x + pos);
  for (auto& b : blocks_) x = b->forward(x);
  x = ln(x);
  return head(x.select(1, 0));
}

}  // namespace merlab::zoo
