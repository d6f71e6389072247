// TV-L1 flow, optical strain and the flow images: known motions recovered, strain of known
// fields, and parity with Python's cv2 on the same frames.
#include "framework/flow/optical_flow.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <fstream>
#include <functional>

#include "framework/common/error.h"
#include "tests/support/test_support.h"

using namespace merlab;

namespace {

// Smooth random texture (blurred noise) with gradients everywhere, as a face crop has.
cv::Mat texture(int side, int seed) {
  cv::RNG rng(static_cast<uint64_t>(seed));
  cv::Mat noise(side, side, CV_32F);
  rng.fill(noise, cv::RNG::UNIFORM, 0.0, 255.0);
  cv::Mat smooth;
  cv::GaussianBlur(noise, smooth, cv::Size(0, 0), 2.0);
  cv::normalize(smooth, smooth, 20, 235, cv::NORM_MINMAX);
  return smooth;
}

cv::Mat shifted(const cv::Mat& img, double dx, double dy) {
  cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, dx, 0, 1, dy), out;
  cv::warpAffine(img, out, m, img.size(), cv::INTER_CUBIC, cv::BORDER_REFLECT);
  return out;
}

cv::Mat field(int side, const std::function<cv::Vec2f(int, int)>& f) {
  cv::Mat w(side, side, CV_32FC2);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) w.at<cv::Vec2f>(y, x) = f(x, y);
  return w;
}

double interior_mean(const cv::Mat& m, int border) {
  return cv::mean(m(cv::Rect(border, border, m.cols - 2 * border, m.rows - 2 * border)))[0];
}

}  // namespace

TEST(OpticalFlow, RecoversATranslationWithinATenthOfAPixel) {
  const cv::Mat a = texture(96, 1);
  const double dx = 1.3, dy = -0.6;
  const cv::Mat b = shifted(a, dx, dy);  // content moves by (+dx, +dy)
  cv::Mat a8, b8;
  a.convertTo(a8, CV_8U);
  b.convertTo(b8, CV_8U);
  const cv::Mat w = tvl1_flow(a8, b8, FlowOptions{});
  ASSERT_EQ(w.type(), CV_32FC2);
  cv::Mat uv[2];
  cv::split(w, uv);
  const int border = 12;
  EXPECT_NEAR(interior_mean(uv[0], border), dx, 0.1);
  EXPECT_NEAR(interior_mean(uv[1], border), dy, 0.1);
  cv::Mat err = cv::abs(uv[0] - dx) + cv::abs(uv[1] - dy);
  EXPECT_LT(interior_mean(err, border), 0.2);  // every interior pixel, not only on average
  EXPECT_THROW(tvl1_flow(a8, cv::Mat(), FlowOptions{}), RuntimeError);
}

TEST(OpticalStrain, ZeroForATranslationAndTheStretchForALinearField) {
  const int n = 32;
  const cv::Mat translation = field(n, [](int, int) { return cv::Vec2f(1.7f, -0.4f); });
  double lo, hi;
  cv::minMaxLoc(optical_strain(translation, StrainFormula::ststnet), &lo, &hi);
  EXPECT_LT(hi, 1e-6);
  // u = k x: ux = k everywhere (border included: one-sided differences are exact on a line).
  const float k = 0.05f;
  const cv::Mat stretch = field(n, [k](int x, int) { return cv::Vec2f(k * x, 0.f); });
  for (auto f : {StrainFormula::ststnet, StrainFormula::meb}) {
    cv::minMaxLoc(optical_strain(stretch, f), &lo, &hi);
    EXPECT_NEAR(lo, k, 1e-6);
    EXPECT_NEAR(hi, k, 1e-6);
  }
  // u = k y, v = k x: the formulas differ in the shear term, sqrt(2) k against k.
  const cv::Mat shear = field(n, [k](int x, int y) { return cv::Vec2f(k * y, k * x); });
  EXPECT_NEAR(interior_mean(optical_strain(shear, StrainFormula::ststnet), 2), std::sqrt(2.0) * k, 1e-6);
  EXPECT_NEAR(interior_mean(optical_strain(shear, StrainFormula::meb), 2), k, 1e-6);
}

TEST(FlowImage, ChannelsAreMinMaxNormalisedAndSized) {
  const cv::Mat w = field(40, [](int x, int y) { return cv::Vec2f(0.1f * x, -0.05f * y); });
  const cv::Mat img = flow_image_uint8(flow_channels(w, ReprKind::flow_strain, StrainFormula::ststnet), {64, 64},
                                       DiFit::stretch);
  ASSERT_EQ(img.type(), CV_8UC3);
  EXPECT_EQ(img.size(), cv::Size(64, 64));
  std::vector<cv::Mat> ch;
  cv::split(img, ch);
  double lo, hi;
  for (int c = 0; c < 2; ++c) {
    cv::minMaxLoc(ch[static_cast<std::size_t>(c)], &lo, &hi);
    EXPECT_EQ(lo, 0) << c;
    EXPECT_EQ(hi, 255) << c;
  }
  // A linear field has constant strain: a constant channel becomes 0.
  cv::minMaxLoc(ch[2], &lo, &hi);
  EXPECT_LE(hi, 1);
}

TEST(OpticalFlow, MatchesPythonCv2OnTheSameFrames) {
  test::TempDir dir;
  const cv::Mat a = texture(64, 3);
  cv::Mat a8, b8;
  a.convertTo(a8, CV_8U);
  shifted(a, 0.8, 0.5).convertTo(b8, CV_8U);
  cv::imwrite((dir / "a.png").string(), a8);
  cv::imwrite((dir / "b.png").string(), b8);
  const std::string script =
      "import cv2, sys\n"
      "a = cv2.imread(sys.argv[1], cv2.IMREAD_GRAYSCALE); b = cv2.imread(sys.argv[2], cv2.IMREAD_GRAYSCALE)\n"
      "t = cv2.optflow.DualTVL1OpticalFlow_create(0.25, 0.15, 0.3, 5, 5, 0.01, 30, 10, 0.8, 0.0, 5)\n"
      "t.calc(a, b, None).astype('float32').tofile(sys.argv[3])\n";
  std::ofstream(dir / "flow.py") << script;
  auto r = test::run_shell(std::string(MERLAB_TEST_PYTHON) + " " + (dir / "flow.py").string() + " " +
                             (dir / "a.png").string() + " " + (dir / "b.png").string() + " " +
                             (dir / "ref.bin").string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ifstream in(dir / "ref.bin", std::ios::binary);
  cv::Mat ref(64, 64, CV_32FC2);
  in.read(reinterpret_cast<char*>(ref.data), static_cast<std::streamsize>(ref.total() * ref.elemSize()));
  ASSERT_TRUE(in.good());
  const cv::Mat w = tvl1_flow(cv::imread((dir / "a.png").string(), cv::IMREAD_GRAYSCALE),
                              cv::imread((dir / "b.png").string(), cv::IMREAD_GRAYSCALE), FlowOptions{});
  EXPECT_LT(cv::norm(w, ref, cv::NORM_INF), 1e-4);
}

TEST(ReprOptions, ConfigValidation) {
  EXPECT_EQ(ReprOptions::from_config(YAML::Node()).kind, ReprKind::di);
  auto r = ReprOptions::from_config(YAML::Load("{name: flow_strain, flow: {size: 64, strain: meb}}"));
  EXPECT_EQ(r.kind, ReprKind::flow_strain);
  EXPECT_EQ(r.flow.size, 64);
  EXPECT_EQ(r.flow.strain, StrainFormula::meb);
  EXPECT_NE(r.pixel_key(), ReprOptions::from_config(YAML::Load("{name: flow_strain}")).pixel_key());
  // phase_flow reads the same images as flow_strain: one cache entry for both.
  EXPECT_EQ(ReprOptions::from_config(YAML::Load("{name: phase_flow}")).pixel_key(),
            ReprOptions::from_config(YAML::Load("{name: flow_strain}")).pixel_key());
  EXPECT_THROW(ReprOptions::from_config(YAML::Load("{name: flw}")), ConfigError);
  EXPECT_THROW(ReprOptions::from_config(YAML::Load("{name: flow, flow: {tau: 0.5}}")), ConfigError);
  EXPECT_THROW(ReprOptions::from_config(YAML::Load("{name: flow, flow: {median_filtering: 4}}")), ConfigError);
  EXPECT_THROW(ReprOptions::from_config(YAML::Load("{name: flow, flow: {sizes: 4}}")), ConfigError);
}
