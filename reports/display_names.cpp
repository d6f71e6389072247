#include "reports/display_names.h"

#include <yaml-cpp/yaml.h>

#include "framework/common/error.h"

namespace merlab::reports {

std::string DisplayNames::get(const std::map<std::string, std::string>& m, const std::string& label) {
  auto it = m.find(label);
  return it == m.end() ? label : it->second;
}

DisplayNames DisplayNames::defaults() {
  DisplayNames n;
  n.models = {{"resnet18", "ResNet-18"},         {"resnet50", "ResNet-50"},
              {"vgg11", "VGG-11"},               {"vgg16", "VGG-16"},
              {"vgg16_bn", "VGG-16-BN"},         {"mobilenet_v2", "MobileNetV2"},
              {"efficientnet_b0", "EfficientNet-B0"}, {"vit_b_16", "ViT-B/16"},
              {"vit_b16", "ViT-B/16"},           {"vit_tiny", "ViT-Tiny"},
              {"vit_small", "ViT-Small"},        {"learnet", "LEARNet"},
              {"linear_probe", "Linear probe"}};
  n.strategies = {{"single_di", "Single DI"},
                  {"dual_phase_di", "Dual-phase DI"},
                  {"dual_phase_only", "Phase-only DI"},
                  {"single_di_spatial", "Single DI + spatial"},
                  {"dual_phase_di_spatial", "Dual-phase DI + spatial"},
                  // Labels of databases written before the strategies had one name each.
                  {"single_di+spatial", "Single DI + spatial"},
                  {"dual_phase_di+spatial", "Dual-phase DI + spatial"}};
  n.datasets = {{"casme2", "CASME II"}, {"samm", "SAMM"}, {"synthetic", "Synthetic"}};
  n.metrics = {{"acc", "Acc"}, {"uf1", "UF1"}, {"uar", "UAR"}};
  return n;
}

DisplayNames load_display_names(const std::filesystem::path& path) {
  DisplayNames n = DisplayNames::defaults();
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const std::exception& e) {
    throw UsageError("--names " + path.string() + ": " + e.what());
  }
  if (root.IsNull()) return n;
  if (!root.IsMap()) throw UsageError("--names " + path.string() + ": expected a map of models/strategies/datasets/metrics");
  const std::map<std::string, std::map<std::string, std::string>*> sections = {
      {"models", &n.models}, {"strategies", &n.strategies}, {"datasets", &n.datasets}, {"metrics", &n.metrics}};
  for (const auto& kv : root) {
    const auto section = kv.first.as<std::string>();
    auto it = sections.find(section);
    if (it == sections.end())
      throw UsageError("--names " + path.string() + ": unknown section '" + section +
                       "'; valid: models, strategies, datasets, metrics");
    if (kv.second.IsNull()) continue;
    if (!kv.second.IsMap()) throw UsageError("--names " + path.string() + ": '" + section + "' must be a map");
    for (const auto& entry : kv.second) {
      if (!entry.second.IsScalar())
        throw UsageError("--names " + path.string() + ": " + section + "." + entry.first.as<std::string>() +
                         " must be a string");
      (*it->second)[entry.first.as<std::string>()] = entry.second.as<std::string>();
    }
  }
  return n;
}

std::string default_test_input(const std::string& strategy) {
  // Only dual_phase_only trains without the full DI; its test input defaults to phase_mean.
  return strategy == "dual_phase_only" ? "phase_mean" : "full";
}

}  // namespace merlab::reports
