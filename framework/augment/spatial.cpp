#include "framework/augment/spatial.h"

#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab {

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double uniform(std::mt19937_64& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

Registry<SpatialOpPtr, const std::string&>& spatial_op_registry() {
  static Registry<SpatialOpPtr, const std::string&> registry("spatial_augmentation");
  return registry;
}

SpatialPipeline::SpatialPipeline(const YAML::Node& node, const std::string& where) {
  register_builtin_spatial_augmentations();
  if (!node || node.IsNull()) return;
  config::check_known_keys(node, {"mode", "copies", "keep_original", "ops"}, where);
  auto mode = cfg::choice(node, "mode", "online", {"none", "online", "offline"}, where);
  mode_ = mode == "none" ? SpatialMode::none : mode == "online" ? SpatialMode::online : SpatialMode::offline;
  copies_ = cfg::value_or<int>(node, "copies", 1, where);
  if (copies_ < 1) throw ConfigError("config key '" + where + ".copies': expected >= 1, got " + std::to_string(copies_));
  keep_original_ = cfg::value_or<bool>(node, "keep_original", true, where);
  auto ops = node["ops"];
  if (ops && !ops.IsNull() && !ops.IsSequence()) throw ConfigError("config key '" + where + ".ops': expected a list");
  for (std::size_t i = 0; ops && i < ops.size(); ++i) {
    std::string w = where + ".ops[" + std::to_string(i) + "]";
    Step s;
    s.p = cfg::value_or<double>(ops[i], "p", 1.0, w);
    if (!(s.p >= 0.0 && s.p <= 1.0)) throw ConfigError("config key '" + w + ".p': expected a probability in [0, 1], got " + std::to_string(s.p));
    s.op = spatial_op_registry().create(ops[i], w, w);
    s.name = ops[i]["name"].as<std::string>();
    ops_.push_back(std::move(s));
  }
  if (mode_ != SpatialMode::none && ops_.empty())
    throw ConfigError("config key '" + where + ".ops': mode '" + mode + "' needs at least one op");
}

std::string SpatialPipeline::describe() const {
  std::string out = mode_ == SpatialMode::none ? "none" : mode_ == SpatialMode::online ? "online" : "offline";
  if (mode_ == SpatialMode::offline) out += " x" + std::to_string(copies_) + (keep_original_ ? " +original" : "");
  out += " [";
  for (std::size_t i = 0; i < ops_.size(); ++i) out += (i ? ", " : "") + ops_[i].name + "@" + std::to_string(ops_[i].p).substr(0, 4);
  return out + "]";
}

cv::Mat SpatialPipeline::apply(const cv::Mat& img8u3, std::mt19937_64& rng) const {
  if (img8u3.type() != CV_8UC3) throw RuntimeError("spatial augmentation expects an 8-bit 3-channel image");
  cv::Mat img = img8u3.clone();
  for (const auto& s : ops_) {
    // One draw decides each op; the op draws its own parameters only when it fires.
    if (uniform01(rng) < s.p) s.op->apply(img, rng);
  }
  return img;
}

std::vector<cv::Mat> SpatialPipeline::expand(const cv::Mat& img8u3, std::mt19937_64& rng) const {
  std::vector<cv::Mat> out;
  if (keep_original_) out.push_back(img8u3.clone());
  for (int k = 0; k < copies_; ++k) out.push_back(apply(img8u3, rng));
  return out;
}

}  // namespace merlab
