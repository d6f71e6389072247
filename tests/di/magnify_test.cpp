// Eulerian magnification: a static clip is returned unchanged, small motion comes back larger,
// options enter cache keys only when enabled, bad options name their key.
#include "framework/di/magnify.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "framework/common/error.h"
#include "framework/di/di_options.h"
#include "framework/di/dynamic_image.h"

using namespace merlab;

namespace {

cv::Mat face_like(int seed) {
  cv::RNG rng(static_cast<uint64_t>(seed));
  cv::Mat img(96, 96, CV_8UC3);
  rng.fill(img, cv::RNG::UNIFORM, cv::Scalar::all(30), cv::Scalar::all(220));
  cv::GaussianBlur(img, img, cv::Size(0, 0), 3.0);
  return img;
}

// A clip whose content drifts by up to `amplitude` px and back (onset -> apex -> offset).
std::vector<cv::Mat> moving_clip(const cv::Mat& base, double amplitude, int frames) {
  std::vector<cv::Mat> out;
  for (int t = 0; t < frames; ++t) {
    const double s = amplitude * std::sin(3.14159265 * t / (frames - 1));
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, s, 0, 1, 0), f;
    cv::warpAffine(base, f, m, base.size(), cv::INTER_CUBIC, cv::BORDER_REFLECT);
    out.push_back(f);
  }
  return out;
}

double mean_abs_diff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat d;
  cv::absdiff(a, b, d);
  return cv::mean(d)[0];
}

}  // namespace

TEST(Magnify, StaticClipIsTheClip) {
  MagnifyOptions o;
  o.enabled = true;
  const cv::Mat f = face_like(1);
  std::vector<cv::Mat> clip(12, f);
  const auto out = magnify_clip(clip, o);
  ASSERT_EQ(out.size(), clip.size());
  for (const auto& m : out) EXPECT_EQ(cv::norm(m, f, cv::NORM_INF), 0.0);
}

TEST(Magnify, SmallMotionComesBackLarger) {
  MagnifyOptions o;
  o.enabled = true;
  const auto clip = moving_clip(face_like(2), 0.5, 16);
  const auto out = magnify_clip(clip, o);
  const int apex = 8;
  const double before = mean_abs_diff(clip[apex], clip[0]), after = mean_abs_diff(out[apex], out[0]);
  EXPECT_GT(after, 2.0 * before) << before << " -> " << after;
  // Disabled: the frames themselves.
  o.enabled = false;
  const auto same = magnify_clip(clip, o);
  EXPECT_EQ(cv::norm(same[apex], clip[apex], cv::NORM_INF), 0.0);
}

TEST(Magnify, OptionsEnterKeysOnlyWhenEnabled) {
  const DiOptions off = DiOptions::from_config(YAML::Load("{magnify: {enabled: false, alpha: 20}}"));
  EXPECT_EQ(off.pixel_key(), DiOptions{}.pixel_key());  // earlier cache entries stay valid
  const DiOptions on = DiOptions::from_config(YAML::Load("{magnify: {enabled: true, alpha: 20}}"));
  EXPECT_NE(on.pixel_key(), DiOptions{}.pixel_key());
  EXPECT_NE(on.pixel_key().find("alpha=20"), std::string::npos);
  EXPECT_THROW(DiOptions::from_config(YAML::Load("{magnify: {r2: 0.5}}")), ConfigError);
  EXPECT_THROW(DiOptions::from_config(YAML::Load("{magnify: {levels: 1}}")), ConfigError);
  EXPECT_THROW(DiOptions::from_config(YAML::Load("{magnify: {alpa: 1}}")), ConfigError);
}

TEST(Magnify, MagnifiedDynamicImageHasMoreMotionEnergy) {
  const auto clip = moving_clip(face_like(3), 0.4, 14);
  DiOptions plain, magnified;
  magnified.magnify.enabled = true;
  const cv::Mat a = compute_dynamic_image(clip, plain);
  const cv::Mat b = compute_dynamic_image(magnify_clip(clip, magnified.magnify), plain);
  EXPECT_GT(cv::norm(b), 1.5 * cv::norm(a));
}
