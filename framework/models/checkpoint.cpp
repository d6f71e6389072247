#include "framework/models/checkpoint.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/models/state_dict_reader.h"

namespace merlab {
namespace {

std::string shape_str(const torch::Tensor& t) { return c10::str(t.sizes()); }

std::string listing(const std::vector<std::string>& items, std::size_t limit = 20) {
  std::vector<std::string> shown(items.begin(), items.begin() + static_cast<long>(std::min(limit, items.size())));
  std::string s = join(shown, ", ");
  if (items.size() > limit) s += ", ... (" + std::to_string(items.size() - limit) + " more)";
  return s;
}

// Files saved before BatchNorm had num_batches_tracked (torchvision's 2017-2018 ImageNet files,
// e.g. vgg16_bn-6c64b313.pth) lack it; torch's _BatchNorm._load_from_state_dict then sets it to
// 0, and so do we, for each BatchNorm whose running_mean the file has.
void fill_num_batches_tracked(torch::nn::Module& module, std::map<std::string, torch::Tensor>& state) {
  static const std::string suffix = "num_batches_tracked";
  for (auto& b : module.named_buffers()) {
    const auto& k = b.key();
    if (k.size() < suffix.size() || k.compare(k.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const auto prefix = k.substr(0, k.size() - suffix.size());
    if (!state.count(k) && state.count(prefix + "running_mean")) state[k] = torch::zeros({}, torch::kLong);
  }
}

}  // namespace

LoadReport load_state_dict(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& state,
                           const std::vector<std::string>& head_keys, const std::function<void()>& reset_head,
                           const std::string& source) {
  std::map<std::string, torch::Tensor> targets;
  for (auto& p : module.named_parameters()) targets[p.key()] = p.value();
  for (auto& b : module.named_buffers()) targets[b.key()] = b.value();
  const std::set<std::string> heads(head_keys.begin(), head_keys.end());

  std::vector<std::string> missing, unexpected, misshaped, head_skipped;
  for (auto& [k, t] : targets) {
    auto it = state.find(k);
    if (it == state.end()) {
      missing.push_back(k);
    } else if (it->second.sizes() != t.sizes()) {
      (heads.count(k) ? head_skipped : misshaped)
          .push_back(k + " (file " + shape_str(it->second) + ", model " + shape_str(t) + ")");
    }
  }
  for (auto& [k, t] : state)
    if (!targets.count(k)) unexpected.push_back(k);
  if (!missing.empty() || !unexpected.empty() || !misshaped.empty()) {
    std::string msg = "cannot load '" + source + "' into the model:";
    if (!missing.empty()) msg += "\n  missing keys (" + std::to_string(missing.size()) + "): " + listing(missing);
    if (!unexpected.empty())
      msg += "\n  unexpected keys (" + std::to_string(unexpected.size()) + "): " + listing(unexpected);
    if (!misshaped.empty())
      msg += "\n  shape mismatch (" + std::to_string(misshaped.size()) + "): " + listing(misshaped);
    throw RuntimeError(msg);
  }

  LoadReport report;
  torch::NoGradGuard no_grad;
  for (auto& [k, t] : targets) {
    const auto& src = state.at(k);
    if (src.sizes() != t.sizes()) continue;  // a head key, handled below
    t.copy_(src);  // copy_ converts dtype and keeps the target's memory format
    ++report.loaded;
  }
  if (!head_skipped.empty()) {
    if (reset_head) reset_head();
    report.reinitialised = head_skipped;
    log::info("'{}': classifier head re-initialised, its shape differs: {}", source, join(head_skipped, "; "));
  }
  return report;
}

LoadReport load_pretrained(zoo::ZooClassifierImpl& model, const std::string& path) {
  if (!std::filesystem::exists(path)) throw ConfigError("model.pretrained: file '" + path + "' does not exist");
  auto sd = read_state_dict(path);
  fill_num_batches_tracked(model, sd.tensors);
  model.adapt_state_dict(sd.tensors);
  auto report = load_state_dict(model, sd.tensors, model.head_keys(), [&] { model.reset_head(); }, path);
  log::info("loaded {} pretrained tensors from '{}'", report.loaded, path);
  return report;
}

void save_checkpoint(const torch::nn::Module& module, const std::string& path) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  archive.save_to(path);
}

void load_checkpoint(torch::nn::Module& module, const std::string& path) {
  if (!std::filesystem::exists(path)) throw RuntimeError("checkpoint '" + path + "' does not exist");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
    module.load(archive);
  } catch (const c10::Error& e) {
    throw RuntimeError("cannot load checkpoint '" + path + "': " + e.what_without_backtrace());
  }
}

}  // namespace merlab
