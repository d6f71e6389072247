#include "framework/models/model_zoo.h"

#include <mutex>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"
#include "framework/models/checkpoint.h"
#include "framework/models/dual_stream.h"
#include "framework/models/efficientnet.h"
#include "framework/models/flow_nets.h"
#include "framework/models/learnet.h"
#include "framework/models/linear_probe.h"
#include "framework/models/mobilenet_v2.h"
#include "framework/models/resnet.h"
#include "framework/models/vgg.h"
#include "framework/models/vit.h"
#include "framework/models/weights.h"

namespace merlab {
namespace {

// Channels-last defaults follow bench/train_step measurements (docs/models.md): it speeds up
// the convolutional networks' training step on CPU; ViTs have a single patch convolution.
const std::vector<ModelDefaults> kDefaults = {
    {"resnet18", 112, 0.0, true, "ResNet-18 (torchvision layout)"},
    {"resnet50", 112, 0.0, true, "ResNet-50 (torchvision layout)"},
    {"vgg16", 112, 0.5, true, "VGG-16 (torchvision layout)"},
    {"vgg16_bn", 112, 0.5, true, "VGG-16 with BatchNorm (torchvision layout)"},
    {"mobilenet_v2", 112, 0.2, true, "MobileNetV2 (torchvision layout)"},
    {"efficientnet_b0", 112, 0.2, true, "EfficientNet-B0 (torchvision layout)"},
    {"vit_b_16", 224, 0.0, false, "ViT-B/16 (torchvision layout)"},
    {"vit_tiny", 112, 0.0, false, "ViT-Tiny/16: width 192, depth 12, 3 heads (torchvision layout)"},
    {"vit_small", 112, 0.0, false, "ViT-Small/16: width 384, depth 12, 6 heads (torchvision layout)"},
    {"learnet", 112, 0.5, true, "LEARNet (Verma et al. 2019), 'same'-padded stride-2 branches"},
    {"linear_probe", 64, 0.0, false, "linear floor: logistic regression on a 32x32 grey DI, standardised per clip"},
    {"ststnet", 28, 0.5, false, "STSTNet (Liong et al. 2019): three shallow streams on (u, v, strain), repr=flow_strain", 16},
    {"off_apexnet", 28, 0.5, false, "OFF-ApexNet (Gan et al. 2019): one stream per flow component (u, v), repr=flow", 16},
    {"dual_stream", 112, 0.5, false,
     "two phase streams (zoo CNN backbones) fused by cross-attention, after DIANet's abstract (not its code); aug=phase_pair",
     32, 2, {"backbone", "shared", "fusion", "dim", "heads", "direction"}},
};

const ModelDefaults& defaults_of(const std::string& name) {
  for (const auto& d : kDefaults)
    if (d.name == name) return d;
  std::vector<std::string> names;
  for (const auto& d : kDefaults) names.push_back(d.name);
  throw ConfigError("unknown model '" + name + "'" + suggestion_text(name, names));
}

struct Common {
  int64_t input_size;
  double dropout;
};

Common read_common(const YAML::Node& cfg, const ModelDefaults& d) {
  Common c{cfg::value_or<int64_t>(cfg, "input_size", d.input_size, "model"),
           cfg::value_or<double>(cfg, "dropout", d.dropout, "model")};
  if (c.input_size < d.min_input_size) {
    throw ConfigError("config key 'model.input_size': expected at least " + std::to_string(d.min_input_size) + " for " +
                      d.name + ", got " + std::to_string(c.input_size));
  }
  if (c.dropout < 0.0 || c.dropout >= 1.0) {
    throw ConfigError("config key 'model.dropout': expected a value in [0, 1), got " + std::to_string(c.dropout));
  }
  return c;
}

void check_num_classes(int64_t n) {
  if (n < 1) throw ConfigError("model: num_classes must be at least 1, got " + std::to_string(n));
}

// Registers a model whose builder also reads its own keys from the model node (dual_stream).
template <typename Build>
void add_with_node(const std::string& name, Build build) {
  const auto& d = defaults_of(name);
  model_registry().add(name, d.description, [&d, build](const YAML::Node& cfg, int64_t num_classes) -> ClassifierPtr {
    check_num_classes(num_classes);
    return build(cfg, read_common(cfg, d), num_classes);
  });
}

template <typename Build>
void add(const std::string& name, Build build) {
  add_with_node(name, [build](const YAML::Node&, Common c, int64_t n) { return build(c, n); });
}

}  // namespace

Registry<ClassifierPtr, int64_t>& model_registry() {
  static Registry<ClassifierPtr, int64_t> registry("model");
  return registry;
}

void register_builtin_models() {
  static std::once_flag once;
  std::call_once(once, [] {
    using namespace zoo;
    add("resnet18", [](Common c, int64_t n) { return ResNet(18, n, c.dropout).ptr(); });
    add("resnet50", [](Common c, int64_t n) { return ResNet(50, n, c.dropout).ptr(); });
    add("vgg16", [](Common c, int64_t n) { return Vgg(false, n, c.dropout).ptr(); });
    add("vgg16_bn", [](Common c, int64_t n) { return Vgg(true, n, c.dropout).ptr(); });
    add("mobilenet_v2", [](Common c, int64_t n) { return MobileNetV2(n, c.dropout).ptr(); });
    add("efficientnet_b0", [](Common c, int64_t n) { return EfficientNet(n, c.dropout).ptr(); });
    add("vit_b_16", [](Common c, int64_t n) {
      return VisionTransformer(VitConfig{16, 768, 12, 12, 3072}, c.input_size, n, c.dropout).ptr();
    });
    add("vit_tiny", [](Common c, int64_t n) {
      return VisionTransformer(VitConfig{16, 192, 12, 3, 768}, c.input_size, n, c.dropout).ptr();
    });
    add("vit_small", [](Common c, int64_t n) {
      return VisionTransformer(VitConfig{16, 384, 12, 6, 1536}, c.input_size, n, c.dropout).ptr();
    });
    add("learnet", [](Common c, int64_t n) { return LearNet(n, c.input_size, c.dropout).ptr(); });
    add("linear_probe", [](Common, int64_t n) { return LinearProbe(n).ptr(); });
    add("ststnet", [](Common c, int64_t n) { return StstNet(n, c.input_size, c.dropout).ptr(); });
    add("off_apexnet", [](Common c, int64_t n) { return OffApexNet(n, c.input_size, c.dropout).ptr(); });
    add_with_node("dual_stream", [](const YAML::Node& cfg, Common c, int64_t n) -> ClassifierPtr {
      auto backbone = [n](const YAML::Node& node) {
        auto model = std::dynamic_pointer_cast<ZooClassifierImpl>(build_model(node, n));
        if (!model) throw ConfigError("config key 'model.backbone.name': not a zoo CNN");
        return model;
      };
      return DualStream(DualStreamOptions::from_config(cfg, c.input_size, c.dropout), n, backbone).ptr();
    });
    publish_registry(&model_registry());
  });
}

ClassifierPtr build_model(const YAML::Node& model_node, int64_t num_classes) {
  register_builtin_models();
  if (model_node && model_node.IsMap() && model_node["name"] && model_node["name"].IsScalar()) {
    std::vector<std::string> keys = {"name", "input_size", "dropout", "pretrained", "channels_last"};
    if (model_registry().contains(model_node["name"].Scalar())) {
      const auto& extra = defaults_of(model_node["name"].Scalar()).extra_keys;
      keys.insert(keys.end(), extra.begin(), extra.end());
    }
    config::check_known_keys(model_node, keys, "model");
  }
  auto model = model_registry().create(model_node, "model", num_classes);
  const auto name = model_node["name"].as<std::string>();
  auto* zoo_model = dynamic_cast<zoo::ZooClassifierImpl*>(model.get());
  const auto pretrained = cfg::value_or<std::string>(model_node, "pretrained", "", "model");
  const bool default_cl = zoo_model ? defaults_of(name).channels_last : false;
  const bool channels_last = cfg::value_or<bool>(model_node, "channels_last", default_cl, "model");
  if (!zoo_model) {
    if (!pretrained.empty() || channels_last) {
      throw ConfigError("model '" + name + "' does not support model.pretrained / model.channels_last" +
                        (model_node["backbone"] ? " (set them on model.backbone)" : ""));
    }
    return model;
  }
  // "imagenet" (when build_model is called without a resolved config: default weights folder)
  // and a file named after another architecture are resolved or refused here, before loading.
  if (!pretrained.empty()) load_pretrained(*zoo_model, resolve_pretrained(name, pretrained, default_weights_dir()));
  zoo_model->set_channels_last(channels_last);
  return model;
}

const std::vector<ModelDefaults>& builtin_model_defaults() { return kDefaults; }

int64_t default_input_size(const std::string& name) { return defaults_of(name).input_size; }

int model_input_streams(const std::string& name) { return defaults_of(name).input_streams; }

int64_t count_trainable_parameters(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters())
    if (p.requires_grad()) n += p.numel();
  return n;
}

}  // namespace merlab
