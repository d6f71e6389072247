// The built-in spatial augmentations. Parameters follow torchvision's names where one exists.
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "framework/augment/spatial.h"
#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab {
namespace {

using Keys = std::vector<std::string>;

int border_mode(const YAML::Node& node, const std::string& where) {
  auto b = cfg::choice(node, "border", "reflect", {"reflect", "constant", "replicate"}, where);
  return b == "reflect" ? cv::BORDER_REFLECT_101 : b == "constant" ? cv::BORDER_CONSTANT : cv::BORDER_REPLICATE;
}

// [lo, hi] pair from a two-element list, checked against [min, max] and lo <= hi.
std::pair<double, double> range_of(const YAML::Node& node, const std::string& key, std::pair<double, double> fallback,
                                   double min, double max, const std::string& where) {
  auto v = cfg::list_or<double>(node, key, {fallback.first, fallback.second}, where);
  std::string k = cfg::join_key(where, key);
  if (v.size() != 2) throw ConfigError("config key '" + k + "': expected a list [low, high]");
  if (!(v[0] <= v[1] && v[0] >= min && v[1] <= max))
    throw ConfigError("config key '" + k + "': expected " + std::to_string(min) + " <= low <= high <= " + std::to_string(max));
  return {v[0], v[1]};
}

double non_negative(const YAML::Node& node, const std::string& key, double fallback, const std::string& where) {
  double v = cfg::value_or<double>(node, key, fallback, where);
  if (!(v >= 0)) throw ConfigError("config key '" + cfg::join_key(where, key) + "': expected >= 0, got " + std::to_string(v));
  return v;
}

void warp(cv::Mat& img, const cv::Mat& m, int border) {
  cv::Mat out;
  cv::warpAffine(img, out, m, img.size(), cv::INTER_LINEAR, border, cv::Scalar::all(0));
  img = out;
}

struct HFlip : SpatialOp {
  void apply(cv::Mat& img, std::mt19937_64&) const override { cv::flip(img, img, 1); }
};

struct Rotate : SpatialOp {
  double degrees;
  int border;
  Rotate(double d, int b) : degrees(d), border(b) {}
  void apply(cv::Mat& img, std::mt19937_64& rng) const override {
    double angle = uniform(rng, -degrees, degrees);
    cv::Point2f c(static_cast<float>(img.cols - 1) / 2.0f, static_cast<float>(img.rows - 1) / 2.0f);
    warp(img, cv::getRotationMatrix2D(c, angle, 1.0), border);
  }
};

struct Translate : SpatialOp {
  double fraction;
  int border;
  Translate(double f, int b) : fraction(f), border(b) {}
  void apply(cv::Mat& img, std::mt19937_64& rng) const override {
    double tx = uniform(rng, -fraction, fraction) * img.cols;
    double ty = uniform(rng, -fraction, fraction) * img.rows;
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, tx, 0, 1, ty);
    warp(img, m, border);
  }
};

struct Scale : SpatialOp {
  std::pair<double, double> range;
  int border;
  Scale(std::pair<double, double> r, int b) : range(r), border(b) {}
  void apply(cv::Mat& img, std::mt19937_64& rng) const override {
    double s = uniform(rng, range.first, range.second);
    cv::Point2f c(static_cast<float>(img.cols - 1) / 2.0f, static_cast<float>(img.rows - 1) / 2.0f);
    warp(img, cv::getRotationMatrix2D(c, 0.0, s), border);
  }
};

// torchvision RandomResizedCrop: area fraction in `scale`, aspect ratio log-uniform in `ratio`,
// 10 tries, then the whole image; the crop is resized back to the input size.
struct RandomResizedCrop : SpatialOp {
  std::pair<double, double> scale, ratio;
  RandomResizedCrop(std::pair<double, double> s, std::pair<double, double> r) : scale(s), ratio(r) {}
  void apply(cv::Mat& img, std::mt19937_64& rng) const override {
    const double area = static_cast<double>(img.cols) * img.rows;
    cv::Rect box(0, 0, img.cols, img.rows);
    for (int attempt = 0; attempt < 10; ++attempt) {
      double target = area * uniform(rng, scale.first, scale.second);
      double ar = std::exp(uniform(rng, std::log(ratio.first), std::log(ratio.second)));
      int w = static_cast<int>(std::lround(std::sqrt(target * ar)));
      int h = static_cast<int>(std::lround(std::sqrt(target / ar)));
      if (w > 0 && h > 0 && w <= img.cols && h <= img.rows) {
        int x = static_cast<int>(uniform01(rng) * (img.cols - w + 1));
        int y = static_cast<int>(uniform01(rng) * (img.rows - h + 1));
        box = cv::Rect(x, y, w, h);
        break;
      }
    }
    cv::Mat out;
    cv::resize(img(box), out, img.size(), 0, 0, cv::INTER_LINEAR);
    img = out;
  }
};

// Brightness factor b in [1-brightness, 1+brightness], contrast factor c in [1-contrast,
// 1+contrast] around the mean grey level m: v' = b * ((v - m) * c + m), in one saturating pass.
struct BrightnessContrast : SpatialOp {
  double brightness, contrast;
  BrightnessContrast(double b, double c) : brightness(b), contrast(c) {}
  void apply(cv::Mat& img, std::mt19937_64& rng) const override {
    double b = uniform(rng, std::max(0.0, 1 - brightness), 1 + brightness);
    double c = uniform(rng, std::max(0.0, 1 - contrast), 1 + contrast);
    cv::Scalar mean = cv::mean(img);
    double m = (mean[0] + mean[1] + mean[2]) / 3.0;
    img.convertTo(img, CV_8U, b * c, b * m * (1 - c));
  }
};

struct GaussianNoise : SpatialOp {
  double sigma;
  explicit GaussianNoise(double s) : sigma(s) {}
  void apply(cv::Mat& img, std::mt19937_64& rng) const override {
    cv::Mat noise(img.size(), CV_32FC3);
    cv::RNG local(rng());  // seeded from our stream: independent of OpenCV's global RNG
    local.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(sigma));
    cv::Mat f;
    img.convertTo(f, CV_32F);
    f += noise;
    f.convertTo(img, CV_8U);
  }
};

// torchvision RandomErasing: a rectangle of area fraction `scale` and aspect ratio `ratio`
// (log-uniform), filled with `value` (0..255) or per-pixel random values ("random").
struct RandomErasing : SpatialOp {
  std::pair<double, double> scale, ratio;
  int value;  // -1: random
  RandomErasing(std::pair<double, double> s, std::pair<double, double> r, int v) : scale(s), ratio(r), value(v) {}
  void apply(cv::Mat& img, std::mt19937_64& rng) const override {
    const double area = static_cast<double>(img.cols) * img.rows;
    for (int attempt = 0; attempt < 10; ++attempt) {
      double target = area * uniform(rng, scale.first, scale.second);
      double ar = std::exp(uniform(rng, std::log(ratio.first), std::log(ratio.second)));
      int h = static_cast<int>(std::lround(std::sqrt(target * ar)));
      int w = static_cast<int>(std::lround(std::sqrt(target / ar)));
      if (w <= 0 || h <= 0 || w >= img.cols || h >= img.rows) continue;
      int x = static_cast<int>(uniform01(rng) * (img.cols - w + 1));
      int y = static_cast<int>(uniform01(rng) * (img.rows - h + 1));
      cv::Mat roi = img(cv::Rect(x, y, w, h));
      if (value >= 0) {
        roi.setTo(cv::Scalar::all(value));
      } else {
        cv::RNG local(rng());
        local.fill(roi, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(256));
      }
      return;
    }
  }
};

}  // namespace

void register_builtin_spatial_augmentations() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = spatial_op_registry();
    r.add("hflip", "horizontal flip", [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
      config::check_known_keys(n, Keys{"name", "p"}, w);
      return std::make_shared<HFlip>();
    });
    r.add("rotate", "rotation by U(-degrees, degrees) about the centre (degrees: 10, border: reflect|constant|replicate)",
          [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
            config::check_known_keys(n, Keys{"name", "p", "degrees", "border"}, w);
            return std::make_shared<Rotate>(non_negative(n, "degrees", 10.0, w), border_mode(n, w));
          });
    r.add("translate", "shift by U(-fraction, fraction) of width/height (fraction: 0.1, border)",
          [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
            config::check_known_keys(n, Keys{"name", "p", "fraction", "border"}, w);
            double f = non_negative(n, "fraction", 0.1, w);
            if (f > 1) throw ConfigError("config key '" + w + ".fraction': expected <= 1");
            return std::make_shared<Translate>(f, border_mode(n, w));
          });
    r.add("scale", "zoom about the centre by U(range) (range: [0.9, 1.1], border)",
          [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
            config::check_known_keys(n, Keys{"name", "p", "range", "border"}, w);
            return std::make_shared<Scale>(range_of(n, "range", {0.9, 1.1}, 1e-3, 10.0, w), border_mode(n, w));
          });
    r.add("random_resized_crop", "crop of area U(scale), aspect U(ratio), resized back (scale: [0.8, 1], ratio: [0.75, 1.333])",
          [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
            config::check_known_keys(n, Keys{"name", "p", "scale", "ratio"}, w);
            return std::make_shared<RandomResizedCrop>(range_of(n, "scale", {0.8, 1.0}, 1e-4, 1.0, w),
                                                       range_of(n, "ratio", {0.75, 4.0 / 3.0}, 1e-2, 100.0, w));
          });
    r.add("brightness_contrast", "brightness and contrast jitter (brightness: 0.2, contrast: 0.2)",
          [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
            config::check_known_keys(n, Keys{"name", "p", "brightness", "contrast"}, w);
            return std::make_shared<BrightnessContrast>(non_negative(n, "brightness", 0.2, w),
                                                        non_negative(n, "contrast", 0.2, w));
          });
    r.add("gaussian_noise", "additive Gaussian noise (sigma: 5, in 8-bit units)",
          [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
            config::check_known_keys(n, Keys{"name", "p", "sigma"}, w);
            return std::make_shared<GaussianNoise>(non_negative(n, "sigma", 5.0, w));
          });
    r.add("random_erasing", "erase a rectangle (scale: [0.02, 0.33], ratio: [0.3, 3.3], value: 0..255 | random)",
          [](const YAML::Node& n, const std::string& w) -> SpatialOpPtr {
            config::check_known_keys(n, Keys{"name", "p", "scale", "ratio", "value"}, w);
            int value = 0;
            if (n["value"] && n["value"].IsScalar() && n["value"].Scalar() == "random") {
              value = -1;
            } else {
              value = cfg::value_or<int>(n, "value", 0, w);
              if (value < 0 || value > 255) throw ConfigError("config key '" + w + ".value': expected 0..255 or 'random'");
            }
            return std::make_shared<RandomErasing>(range_of(n, "scale", {0.02, 0.33}, 1e-4, 1.0, w),
                                                   range_of(n, "ratio", {0.3, 3.3}, 1e-2, 100.0, w), value);
          });
    publish_registry(&r);
  });
}

}  // namespace merlab
