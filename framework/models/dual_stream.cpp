#include "framework/models/dual_stream.h"

#include <cmath>

#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab::zoo {
namespace {

StreamFusion parse_fusion(const std::string& s) {
  if (s == "cross_attention") return StreamFusion::cross_attention;
  if (s == "concat") return StreamFusion::concat;
  if (s == "sum") return StreamFusion::sum;
  throw ConfigError("config key 'model.fusion': expected cross_attention, concat or sum, got '" + s + "'");
}

AttentionDirection parse_direction(const std::string& s) {
  if (s == "both") return AttentionDirection::both;
  if (s == "onset_queries_offset") return AttentionDirection::onset_queries_offset;
  if (s == "offset_queries_onset") return AttentionDirection::offset_queries_onset;
  throw ConfigError("config key 'model.direction': expected both, onset_queries_offset or offset_queries_onset, got '" +
                    s + "'");
}

}  // namespace

DualStreamOptions DualStreamOptions::from_config(const YAML::Node& model, int64_t input_size, double dropout) {
  DualStreamOptions o;
  o.input_size = input_size;
  o.dropout = dropout;
  const YAML::Node b = model ? model["backbone"] : YAML::Node();
  if (!b || b.IsNull()) {
    o.backbone = YAML::Load("{name: resnet18}");
  } else if (b.IsScalar()) {
    o.backbone = YAML::Node(YAML::NodeType::Map);
    o.backbone["name"] = b.Scalar();
  } else if (b.IsMap()) {
    o.backbone = YAML::Clone(b);
  } else {
    throw ConfigError("config key 'model.backbone': expected a model name or a model node {name: ...}");
  }
  config::check_known_keys(o.backbone, {"name", "input_size", "pretrained", "channels_last", "dropout"}, "model.backbone");
  const auto name = cfg::require<std::string>(o.backbone, "name", "model.backbone");
  if (name == "dual_stream") throw ConfigError("config key 'model.backbone.name': a dual_stream cannot be its own backbone");
  if (o.backbone["input_size"] && cfg::require<int64_t>(o.backbone, "input_size", "model.backbone") != input_size) {
    throw ConfigError("config key 'model.backbone.input_size': the streams read model.input_size (" +
                      std::to_string(input_size) + "); leave it out or set model.input_size instead");
  }
  o.backbone["input_size"] = input_size;
  o.shared = cfg::value_or<bool>(model, "shared", o.shared, "model");
  o.fusion = parse_fusion(cfg::value_or<std::string>(model, "fusion", "cross_attention", "model"));
  o.dim = cfg::value_or<int64_t>(model, "dim", o.dim, "model");
  o.heads = cfg::value_or<int64_t>(model, "heads", o.heads, "model");
  o.direction = parse_direction(cfg::value_or<std::string>(model, "direction", "both", "model"));
  if (o.dim < 1) throw ConfigError("config key 'model.dim': expected a positive token width, got " + std::to_string(o.dim));
  if (o.heads < 1 || o.dim % o.heads != 0) {
    throw ConfigError("config key 'model.heads': expected a positive divisor of model.dim (" + std::to_string(o.dim) +
                      "), got " + std::to_string(o.heads));
  }
  return o;
}

CrossAttentionImpl::CrossAttentionImpl(int64_t dim, int64_t heads) : heads_(heads) {
  q = register_module("q", torch::nn::Linear(dim, dim));
  k = register_module("k", torch::nn::Linear(dim, dim));
  v = register_module("v", torch::nn::Linear(dim, dim));
  out = register_module("out", torch::nn::Linear(dim, dim));
  norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
}

torch::Tensor CrossAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& context) {
  const int64_t n = query.size(0), lq = query.size(1), lc = context.size(1), dim = query.size(2);
  const int64_t dh = dim / heads_;
  auto split = [&](const torch::Tensor& t, int64_t len) { return t.view({n, len, heads_, dh}).transpose(1, 2); };
  auto qh = split(q(query), lq), kh = split(k(context), lc), vh = split(v(context), lc);  // [N, heads, L, dh]
  auto weights = torch::softmax(torch::matmul(qh, kh.transpose(-2, -1)) / std::sqrt(static_cast<double>(dh)), -1);
  auto mixed = torch::matmul(weights, vh).transpose(1, 2).reshape({n, lq, dim});
  return norm(query + out(mixed));  // residual: a stream keeps its own evidence and adds the other's
}

DualStreamImpl::DualStreamImpl(const DualStreamOptions& options, int64_t num_classes,
                               const std::function<ZooClassifierPtr(const YAML::Node&)>& build_backbone)
    : options_(options) {
  backbone_a_ = register_module("backbone_a", build_backbone(options.backbone));
  if (!backbone_a_->has_feature_map()) {
    throw ConfigError("config key 'model.backbone.name': " + options.backbone["name"].as<std::string>() +
                      " has no spatial feature map; use a CNN (resnet18, resnet50, vgg16, vgg16_bn, mobilenet_v2, "
                      "efficientnet_b0, learnet)");
  }
  backbone_b_ = options.shared ? backbone_a_ : register_module("backbone_b", build_backbone(options.backbone));
  // The backbones' classification heads are never run: frozen, so they neither train nor count.
  for (auto* bb : {backbone_a_.get(), backbone_b_.get()}) {
    const auto keys = bb->head_keys();
    for (auto& item : bb->named_parameters())
      if (std::find(keys.begin(), keys.end(), item.key()) != keys.end()) item.value().set_requires_grad(false);
  }
  // The feature-map shape fixes the token count (position embeddings) and the projection input.
  int64_t channels = 0, cells = 0;
  {
    torch::NoGradGuard no_grad;
    const bool was_training = backbone_a_->is_training();
    backbone_a_->eval();
    auto f = backbone_a_->feature_map(torch::zeros({1, 3, options.input_size, options.input_size}));
    backbone_a_->train(was_training);
    channels = f.size(1);
    cells = f.size(2) * f.size(3);
  }
  const int64_t d = options.dim;
  proj_a = register_module("proj_a", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, d, 1)));
  pos_a = register_parameter("pos_a", torch::randn({1, cells, d}) * 0.02);
  if (options.shared) {
    proj_b = proj_a;
    pos_b = pos_a;
  } else {
    proj_b = register_module("proj_b", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, d, 1)));
    pos_b = register_parameter("pos_b", torch::randn({1, cells, d}) * 0.02);
  }
  if (options.fusion == StreamFusion::cross_attention) {
    if (options.direction != AttentionDirection::offset_queries_onset)
      attend_a = register_module("attend_a", CrossAttention(d, options.heads));
    if (options.direction != AttentionDirection::onset_queries_offset)
      attend_b = register_module("attend_b", CrossAttention(d, options.heads));
  }
  drop = register_module("drop", torch::nn::Dropout(options.dropout));
  const int64_t pooled = options.fusion == StreamFusion::sum ? d : 2 * d;
  head = register_module("head", torch::nn::Linear(pooled, num_classes));
}

torch::Tensor DualStreamImpl::tokens(int stream, const torch::Tensor& image) {
  auto& backbone = stream == 0 ? backbone_a_ : backbone_b_;
  auto& proj = stream == 0 ? proj_a : proj_b;
  auto f = proj(backbone->feature_map(image));                     // [N, dim, h, w]
  return f.flatten(2).transpose(1, 2) + (stream == 0 ? pos_a : pos_b);  // [N, h*w, dim]
}

torch::Tensor DualStreamImpl::forward(torch::Tensor x) {
  if (x.dim() != 4 || x.size(1) != 6) {
    throw RuntimeError("dual_stream: expected an input [N, 6, H, W] (two phase images stacked on channels), got " +
                       std::to_string(x.dim()) + "-D" + (x.dim() > 1 ? " with " + std::to_string(x.size(1)) + " channels" : ""));
  }
  auto a = tokens(0, x.narrow(1, 0, 3));
  auto b = tokens(1, x.narrow(1, 3, 3));
  torch::Tensor fused;
  if (options_.fusion == StreamFusion::cross_attention) {
    auto a2 = attend_a ? attend_a(a, b) : a;
    auto b2 = attend_b ? attend_b(b, a) : b;
    fused = torch::cat({a2.mean(1), b2.mean(1)}, 1);
  } else if (options_.fusion == StreamFusion::concat) {
    fused = torch::cat({a.mean(1), b.mean(1)}, 1);
  } else {
    fused = a.mean(1) + b.mean(1);
  }
  return head(drop(fused));
}

}  // namespace merlab::zoo
