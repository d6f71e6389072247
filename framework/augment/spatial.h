// Spatial augmentations of 8-bit DIs (OpenCV), deterministic under a seed.
//
//   aug:
//     spatial:
//       mode: online          # none | online (fresh transform per epoch) | offline (k copies)
//       copies: 2             # offline: augmented copies per training DI
//       keep_original: true   # offline: keep the un-augmented DI as well
//       ops:                  # applied in this order, each with probability p (default 1)
//         - {name: hflip, p: 0.5}
//         - {name: rotate, p: 0.5, degrees: 10}
//
// Only training samples are ever augmented; the engine never passes test samples here.
// Every op keeps the image size and type (CV_8UC3). The random stream is consumed in a fixed
// pattern (one draw for p per op, then the op's own draws only when it is applied), and
// uniform numbers are derived from the raw 64-bit generator output rather than from
// std::uniform_*_distribution, so a seed gives the same images with every standard library.
#pragma once

#include <opencv2/core.hpp>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "framework/registry/registry.h"

namespace merlab {

// Uniform in [0, 1) from the top 53 bits of one draw.
double uniform01(std::mt19937_64& rng);
double uniform(std::mt19937_64& rng, double lo, double hi);

class SpatialOp {
 public:
  virtual ~SpatialOp() = default;
  // Transforms `img` (CV_8UC3) in place or by replacement; size and type are preserved.
  virtual void apply(cv::Mat& img, std::mt19937_64& rng) const = 0;
};
using SpatialOpPtr = std::shared_ptr<const SpatialOp>;

// Factories receive the op's node ({name: rotate, p: 0.5, degrees: 10}) and `where`
// (e.g. "aug.spatial.ops[1]") for error messages.
Registry<SpatialOpPtr, const std::string&>& spatial_op_registry();
void register_builtin_spatial_augmentations();

enum class SpatialMode { none, online, offline };

class SpatialPipeline {
 public:
  SpatialPipeline() = default;  // mode none, no ops
  // From the `aug.spatial` node (null: mode none).
  explicit SpatialPipeline(const YAML::Node& spatial_node, const std::string& where = "aug.spatial");

  SpatialMode mode() const { return mode_; }
  int copies() const { return copies_; }
  bool keep_original() const { return keep_original_; }
  std::size_t op_count() const { return ops_.size(); }
  std::string describe() const;

  // One random draw of the whole ordered list. Returns a new image; `img8u3` is untouched.
  cv::Mat apply(const cv::Mat& img8u3, std::mt19937_64& rng) const;
  // Offline expansion of one training DI: [original if keep_original] + `copies` augmented.
  std::vector<cv::Mat> expand(const cv::Mat& img8u3, std::mt19937_64& rng) const;

 private:
  struct Step {
    std::string name;
    double p = 1.0;
    SpatialOpPtr op;
  };
  SpatialMode mode_ = SpatialMode::none;
  int copies_ = 1;
  bool keep_original_ = true;
  std::vector<Step> ops_;
};

}  // namespace merlab
