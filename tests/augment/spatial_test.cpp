#include "framework/augment/spatial.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "framework/common/error.h"

using namespace merlab;

namespace {

cv::Mat test_image() {
  cv::Mat img(36, 44, CV_8UC3);
  cv::RNG r(7);
  r.fill(img, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(256));
  cv::GaussianBlur(img, img, cv::Size(5, 5), 0);  // some structure, not pure noise
  return img;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

SpatialPipeline pipeline(const std::string& yaml) { return SpatialPipeline(YAML::Load(yaml)); }

const std::vector<std::string> kOps = {
    "{name: hflip}",
    "{name: rotate, degrees: 15}",
    "{name: translate, fraction: 0.2}",
    "{name: scale, range: [0.8, 1.2]}",
    "{name: random_resized_crop, scale: [0.5, 0.9]}",
    "{name: brightness_contrast, brightness: 0.3, contrast: 0.3}",
    "{name: gaussian_noise, sigma: 8}",
    "{name: random_erasing, scale: [0.05, 0.2], value: random}",
};

}  // namespace

TEST(AugSpatial, EveryOpIsDeterministicPerSeedAndKeepsShape) {
  cv::Mat img = test_image();
  for (const auto& op : kOps) {
    auto p = pipeline("{mode: online, ops: [" + op + "]}");
    std::mt19937_64 r1(42), r2(42), r3(43);
    cv::Mat a = p.apply(img, r1), b = p.apply(img, r2), c = p.apply(img, r3);
    EXPECT_EQ(a.size(), img.size()) << op;
    EXPECT_EQ(a.type(), CV_8UC3) << op;
    EXPECT_TRUE(same(a, b)) << op;
    EXPECT_FALSE(same(a, img)) << op;
    if (op != "{name: hflip}") {
      EXPECT_FALSE(same(a, c)) << op;  // a different seed, a different draw
    }
  }
}

TEST(AugSpatial, ProbabilityZeroAndOne) {
  cv::Mat img = test_image();
  std::mt19937_64 rng(1);
  std::string all;
  for (const auto& op : kOps) all += (all.empty() ? "" : ", ") + op.substr(0, op.size() - 1) + ", p: 0}";
  auto never = pipeline("{mode: online, ops: [" + all + "]}");
  EXPECT_EQ(never.op_count(), kOps.size());
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(same(never.apply(img, rng), img));
  auto always = pipeline("{mode: online, ops: [{name: hflip, p: 1}]}");
  cv::Mat flipped;
  cv::flip(img, flipped, 1);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(same(always.apply(img, rng), flipped));
  // p = 0.5 fires sometimes, not always
  auto half = pipeline("{mode: online, ops: [{name: hflip, p: 0.5}]}");
  int fired = 0;
  for (int i = 0; i < 200; ++i) fired += same(half.apply(img, rng), flipped);
  EXPECT_GT(fired, 60);
  EXPECT_LT(fired, 140);
}

TEST(AugSpatial, OrderedListAndOfflineExpansion) {
  cv::Mat img = test_image();
  auto p = pipeline("{mode: offline, copies: 3, ops: [{name: hflip, p: 0.5}, {name: rotate, p: 0.5, degrees: 10}]}");
  EXPECT_EQ(p.mode(), SpatialMode::offline);
  std::mt19937_64 r1(5), r2(5);
  auto a = p.expand(img, r1), b = p.expand(img, r2);
  ASSERT_EQ(a.size(), 4u);  // original + 3 copies
  EXPECT_TRUE(same(a[0], img));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same(a[i], b[i]));
  auto q = pipeline("{mode: offline, copies: 2, keep_original: false, ops: [{name: hflip}]}");
  EXPECT_EQ(q.expand(img, r1).size(), 2u);
  EXPECT_EQ(SpatialPipeline(YAML::Node()).mode(), SpatialMode::none);
  EXPECT_TRUE(same(SpatialPipeline().apply(img, r1), img));
}

TEST(AugSpatial, ConfigErrorsNameTheKey) {
  auto expect_error = [](const std::string& yaml, const std::string& needle) {
    try {
      pipeline(yaml);
      FAIL() << yaml;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("{mode: online, ops: [{name: hflp}]}", "hflip");
  expect_error("{mode: online, ops: [{name: hflip, p: 1.5}]}", "aug.spatial.ops[0].p");
  expect_error("{mode: online, ops: [{name: rotate, degree: 5}]}", "degrees");
  expect_error("{mode: sometimes, ops: [{name: hflip}]}", "mode");
  expect_error("{mode: online, ops: []}", "ops");
  expect_error("{mode: online, ops: [{name: scale, range: [1.2, 0.8]}]}", "range");
}
