// ImageNet weights by name: `model.pretrained: imagenet` resolves, per model, to the file
// torchvision 0.14 downloads for that architecture (IMAGENET1K_V1), looked up in `weights.dir`
// (default: torchvision's own download folder, $TORCH_HOME/hub/checkpoints, else
// $XDG_CACHE_HOME/torch/hub/checkpoints, else ~/.cache/torch/hub/checkpoints). Files are checked
// as torch.hub checks them: the hex digits after the last '-' of the name must prefix the
// file's SHA-256.
//
// A path given to `model.pretrained` is checked against the model too: a file carrying another
// zoo model's torchvision name (resnet18-f37072fd.pth for vgg16) is a ConfigError naming both,
// so a path set once for a multi-model sweep never reaches the wrong architecture.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace merlab {

// The value of model.pretrained that selects each model's own torchvision file.
inline constexpr const char* kImagenetWeights = "imagenet";

struct TorchvisionWeights {
  std::string model;  // zoo name
  std::string file;   // torchvision's file name, e.g. resnet18-f37072fd.pth
  std::string url;    // where torchvision downloads it from
};

// Zoo models that have a torchvision ImageNet file (learnet, linear_probe, vit_tiny, vit_small do not).
const std::vector<TorchvisionWeights>& torchvision_weights();
std::optional<TorchvisionWeights> torchvision_weights_for(const std::string& model);

// torchvision's default folder (see above); `weights_dir` of the config when non-empty.
std::string default_weights_dir();
// root["weights"]["dir"] when set and not null, else default_weights_dir().
std::string weights_dir_from_config(const YAML::Node& root);

// Lower-case hex SHA-256 of a file (OpenSSL). Throws RuntimeError when unreadable.
std::string sha256_file(const std::string& path);
// torch.hub's rule: the hex digits between the last '-' and the next '.' of the file name
// ("" when the name has none).
std::string name_hash_prefix(const std::string& filename);
// True when the name carries no hash prefix or the file's SHA-256 starts with it. Cached per
// path, size and modification time: a sweep validates the same file once per grid point.
bool hash_matches_name(const std::string& path);

// True when the file starts like a zip archive (torch.save's format since PyTorch 1.6).
bool is_zip_file(const std::string& path);

// The command that downloads every file into `dir` on a machine with internet.
std::string fetch_weights_command(const std::string& dir);

// Resolves model.pretrained for `model`: "" stays "", "imagenet" becomes <weights_dir>/<file>,
// a path stays the path. Raises ConfigError for a model without ImageNet weights, a file named
// after another zoo model, and (when check_files) a missing file or a hash mismatch; the
// missing-file message names the file, the folder and fetch_weights_command. A torchvision file
// in the legacy format resolves to its zip copy NAME.converted.pth (ConfigError when absent).
std::string resolve_pretrained(const std::string& model, const std::string& pretrained,
                               const std::string& weights_dir, bool check_files = true);

// The resolved config's model node with `pretrained` resolved as above (a copy; `root` is not
// changed, so config hashes do not depend on where the weights live).
YAML::Node model_node_with_weights(const YAML::Node& root, bool check_files = true);

}  // namespace merlab

namespace merlab {

// A sweep's resolved configs, checked together: each point's model.pretrained as above (files
// only when check_files), and one file path shared by points of different models is refused (a
// state dict fits one architecture), with the fix (imagenet, or zip model and pretrained).
void check_sweep_weights(const std::vector<YAML::Node>& roots, bool check_files);

}  // namespace merlab
