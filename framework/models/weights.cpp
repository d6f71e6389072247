#include "framework/models/weights.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/config.h"
#include "framework/models/state_dict_reader.h"

namespace merlab {
namespace fs = std::filesystem;

const std::vector<TorchvisionWeights>& torchvision_weights() {
  // IMAGENET1K_V1 of each builder in torchvision 0.14 (torchvision/models/*.py); file names
  // are torchvision's, so a folder filled by torchvision itself works as is.
  static const std::vector<TorchvisionWeights> table = [] {
    std::vector<TorchvisionWeights> t = {
        {"resnet18", "resnet18-f37072fd.pth", ""},
        {"resnet50", "resnet50-0676ba61.pth", ""},
        {"vgg16", "vgg16-397923af.pth", ""},
        {"vgg16_bn", "vgg16_bn-6c64b313.pth", ""},
        {"mobilenet_v2", "mobilenet_v2-b0353104.pth", ""},
        {"efficientnet_b0", "efficientnet_b0_rwightman-3dd342df.pth", ""},
        {"vit_b_16", "vit_b_16-c867db91.pth", ""},
    };
    for (auto& w : t) w.url = "https://download.pytorch.org/models/" + w.file;
    return t;
  }();
  return table;
}

std::optional<TorchvisionWeights> torchvision_weights_for(const std::string& model) {
  for (const auto& w : torchvision_weights())
    if (w.model == model) return w;
  return std::nullopt;
}

std::string default_weights_dir() {
  // torch.hub._get_torch_home, then hub/checkpoints (load_state_dict_from_url's folder).
  fs::path home;
  if (const char* t = std::getenv("TORCH_HOME"); t && *t) {
    home = t;
  } else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) {
    home = fs::path(x) / "torch";
  } else {
    const char* h = std::getenv("HOME");
    home = fs::path(h && *h ? h : ".") / ".cache" / "torch";
  }
  return (home / "hub" / "checkpoints").string();
}

std::string weights_dir_from_config(const YAML::Node& root) {
  const YAML::Node w = root ? root["weights"] : YAML::Node();
  if (w && w.IsMap() && w["dir"] && !w["dir"].IsNull()) {
    auto dir = cfg::require<std::string>(w, "dir", "weights");
    if (!dir.empty()) return dir;
  }
  return default_weights_dir();
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RuntimeError("cannot read '" + path + "'");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw RuntimeError("SHA-256 unavailable");
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

std::string name_hash_prefix(const std::string& filename) {
  const auto name = fs::path(filename).filename().string();
  const auto dash = name.rfind('-');
  if (dash == std::string::npos) return "";
  const auto dot = name.find('.', dash);
  if (dot == std::string::npos) return "";
  auto h = name.substr(dash + 1, dot - dash - 1);
  for (char c : h)
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c))) return "";
  return h;
}

bool hash_matches_name(const std::string& path) {
  const auto prefix = name_hash_prefix(path);
  if (prefix.empty()) return true;
  static std::mutex mutex;
  static std::map<std::string, bool> cache;
  const auto key = path + "|" + std::to_string(fs::file_size(path)) + "|" +
                   std::to_string(fs::last_write_time(path).time_since_epoch().count());
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  const bool ok = sha256_file(path).rfind(prefix, 0) == 0;
  std::lock_guard<std::mutex> lock(mutex);
  cache[key] = ok;
  return ok;
}

bool is_zip_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {0, 0};
  in.read(magic, 2);
  return in.good() && magic[0] == 'P' && magic[1] == 'K';
}

std::string fetch_weights_command(const std::string& dir) {
  return "/usr/bin/python3 tools/fetch-weights.py --out " + dir;
}

namespace {

// The zoo model whose torchvision file name `filename` carries: the part before the last '-'
// equals the stem of its torchvision file (so vgg16_bn-... is not taken for vgg16).
std::optional<TorchvisionWeights> owner_of(const std::string& filename) {
  const auto name = fs::path(filename).filename().string();
  const auto dash = name.rfind('-');
  if (dash == std::string::npos || name_hash_prefix(name).empty()) return std::nullopt;
  const auto stem = name.substr(0, dash);
  for (const auto& w : torchvision_weights())
    if (w.file.substr(0, w.file.rfind('-')) == stem) return w;
  return std::nullopt;
}

constexpr const char* kConvertedSuffix = ".converted.pth";

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// torchvision's 2017-2018 files (VGG, MobileNetV2) use torch.save's legacy format, which the
// reader does not parse; tools/fetch-weights.py (or tools/convert_checkpoint.py) writes a zip
// copy next to them as NAME.converted.pth. The original keeps its name, so its hash stays
// checkable; the copy is what gets loaded.
std::string loadable_copy(const std::string& path) {
  if (is_zip_file(path)) return path;
  const auto converted = path + kConvertedSuffix;
  if (fs::exists(converted)) return converted;
  throw ConfigError("model.pretrained: '" + path + "' is in torch.save's legacy format (PyTorch < 1.6), which mer "
                    "does not read. Write the zip copy mer loads with\n  " + conversion_command(path) +
                    "\n(tools/fetch-weights.py does this when it downloads)");
}

std::string models_with_weights() {
  std::string s;
  for (const auto& w : torchvision_weights()) s += (s.empty() ? "" : ", ") + w.model;
  return s;
}

}  // namespace

std::string resolve_pretrained(const std::string& model, const std::string& pretrained,
                               const std::string& weights_dir, bool check_files) {
  if (pretrained.empty()) return "";
  std::string path = pretrained;
  if (pretrained == kImagenetWeights) {
    auto w = torchvision_weights_for(model);
    if (!w) {
      throw ConfigError("model.pretrained=imagenet: model '" + model +
                        "' has no torchvision ImageNet weights (models that have them: " + models_with_weights() +
                        "); give a file path or null");
    }
    const fs::path dir = weights_dir.empty() ? fs::path(default_weights_dir()) : fs::path(weights_dir);
    path = (dir / w->file).string();
    if (check_files && !fs::exists(path)) {
      throw ConfigError("model.pretrained=imagenet: " + w->file + " (torchvision's ImageNet weights for " + model +
                        ") is not in the weights folder " + dir.string() +
                        " (config key weights.dir). On a machine with internet, fetch every model's file with\n  " +
                        fetch_weights_command(dir.string()) + "\nand copy the folder here.");
    }
  } else if (auto owner = owner_of(pretrained); owner && owner->model != model) {
    throw ConfigError("model.pretrained: '" + pretrained + "' is torchvision's file for " + owner->model +
                      ", but model.name is " + model +
                      "; in a sweep over models use model.pretrained=imagenet, which picks each model's own file");
  } else if (check_files && !fs::exists(pretrained)) {
    throw ConfigError("model.pretrained: file '" + pretrained + "' does not exist");
  }
  // Hashes are checked for torchvision's names only: a user's "run-3a.pth" is not a hash claim,
  // and a converted copy (NAME.converted.pth) cannot match the hash its name carries.
  const bool torchvision_name = (pretrained == kImagenetWeights || owner_of(pretrained).has_value()) &&
                                !ends_with(path, kConvertedSuffix);
  if (check_files && torchvision_name && !hash_matches_name(path)) {
    throw ConfigError("model.pretrained: '" + path + "' is corrupt or incomplete: its SHA-256 does not start with " +
                      name_hash_prefix(path) + " as its name says; download it again (" +
                      fetch_weights_command(fs::path(path).parent_path().string()) + ")");
  }
  if (check_files && torchvision_name) return loadable_copy(path);
  return path;
}

YAML::Node model_node_with_weights(const YAML::Node& root, bool check_files) {
  YAML::Node model = config::clone(root["model"]);
  if (!model || !model.IsMap()) return model;
  const auto name = cfg::value_or<std::string>(model, "name", "", "model");
  const auto pretrained = cfg::value_or<std::string>(model, "pretrained", "", "model");
  if (!pretrained.empty()) {
    model["pretrained"] = resolve_pretrained(name, pretrained, weights_dir_from_config(root), check_files);
  }
  // A two-stream model's backbone node carries its own weights (model.backbone.pretrained).
  YAML::Node backbone = model["backbone"];
  if (backbone && backbone.IsMap()) {
    const auto bname = cfg::value_or<std::string>(backbone, "name", "", "model.backbone");
    const auto bpre = cfg::value_or<std::string>(backbone, "pretrained", "", "model.backbone");
    if (!bpre.empty()) backbone["pretrained"] = resolve_pretrained(bname, bpre, weights_dir_from_config(root), check_files);
  }
  return model;
}

}  // namespace merlab

namespace merlab {

void check_sweep_weights(const std::vector<YAML::Node>& roots, bool check_files) {
  std::map<std::string, std::vector<std::string>> models_of_path;
  for (const auto& root : roots) {
    const YAML::Node model = root["model"];
    if (!model || !model.IsMap()) continue;
    const auto name = cfg::value_or<std::string>(model, "name", "", "model");
    const auto pretrained = cfg::value_or<std::string>(model, "pretrained", "", "model");
    model_node_with_weights(root, check_files);
    if (pretrained.empty() || pretrained == kImagenetWeights) continue;
    auto& names = models_of_path[pretrained];
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  for (const auto& [path, names] : models_of_path) {
    if (names.size() < 2) continue;
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw ConfigError("model.pretrained='" + path + "' is set for " + std::to_string(names.size()) +
                      " models in one sweep (" + list +
                      "), but a state dict fits one architecture. Use model.pretrained=imagenet for each "
                      "model's torchvision file, or pair models and files with -m 'zip(model=a,b;model.pretrained=A,B)'");
  }
}

}  // namespace merlab
