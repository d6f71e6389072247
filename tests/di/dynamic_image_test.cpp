#include "framework/di/dynamic_image.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <numeric>

#include "framework/common/error.h"
#include "tests/di/di_test_util.h"
#include "tests/support/test_support.h"

using namespace merlab;

namespace {

void expect_coeffs(int T, const std::vector<double>& expected) {
  auto a = rank_pooling_coefficients(T, DiMethod::bilen);
  ASSERT_EQ(a.size(), expected.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], expected[i], 1e-12) << "T=" << T << " t=" << i + 1;
}

double max_abs_diff(const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF); }

}  // namespace

TEST(DiCoefficients, ExactValuesFromReference) {
  expect_coeffs(2, {-1.0 / 2, 1.0 / 2});
  expect_coeffs(3, {-4.0 / 3, 2.0 / 3, 2.0 / 3});
  expect_coeffs(4, {-29.0 / 12, 7.0 / 12, 13.0 / 12, 3.0 / 4});
  expect_coeffs(5, {-37.0 / 10, 3.0 / 10, 13.0 / 10, 13.0 / 10, 4.0 / 5});
  auto a10 = rank_pooling_coefficients(10, DiMethod::bilen);
  EXPECT_NEAR(a10[0], -30791.0 / 2520, 1e-12);
  EXPECT_NEAR(a10[1], -8111.0 / 2520, 1e-12);
  EXPECT_NEAR(a10[9], 9.0 / 10, 1e-12);
}

TEST(DiCoefficients, LearnetVariantValuesAndSums) {
  auto a2 = rank_pooling_coefficients(2, DiMethod::learnet_compat);
  EXPECT_NEAR(a2[0], 1.0, 1e-12);
  EXPECT_NEAR(a2[1], 1.0, 1e-12);
  auto a3 = rank_pooling_coefficients(3, DiMethod::learnet_compat);
  EXPECT_NEAR(a3[0], 0.5, 1e-12);
  EXPECT_NEAR(a3[1], 1.5, 1e-12);
  EXPECT_NEAR(a3[2], 1.0, 1e-12);
  for (int T = 2; T <= 40; ++T) {
    auto b = rank_pooling_coefficients(T, DiMethod::bilen);
    auto l = rank_pooling_coefficients(T, DiMethod::learnet_compat);
    EXPECT_NEAR(std::accumulate(b.begin(), b.end(), 0.0), 0.0, 1e-9) << "T=" << T;
    EXPECT_NEAR(std::accumulate(l.begin(), l.end(), 0.0), static_cast<double>(T), 1e-9) << "T=" << T;
    // alpha'_t = sum_{j=t..T} (2j - T)/j, evaluated directly
    for (int t = 1; t <= T; ++t) {
      double direct = 0;
      for (int j = t; j <= T; ++j) direct += (2.0 * j - T) / j;
      EXPECT_NEAR(l[t - 1], direct, 1e-9);
    }
  }
  EXPECT_THROW(rank_pooling_coefficients(0, DiMethod::bilen), RuntimeError);
}

TEST(DiCompute, ConstantClipGivesZero) {
  std::vector<cv::Mat> frames(7, cv::Mat(9, 13, CV_8UC3, cv::Scalar(17, 99, 240)));
  cv::Mat di = compute_dynamic_image(frames, DiOptions{});
  EXPECT_EQ(di.type(), CV_32FC3);
  EXPECT_LT(cv::norm(di, cv::NORM_INF), 1e-3);
  // ...and the 8-bit image of a flat DI is all zeros
  cv::Mat flat(4, 4, CV_32FC3, cv::Scalar::all(0.25));
  EXPECT_EQ(cv::countNonZero(di_to_uint8(flat).reshape(1)), 0);
}

TEST(DiCompute, LinearRampMatchesClosedForm) {
  // x_t(p) = base(p) + k(p) * t  =>  DI(p) = k(p) * sum_t alpha_t t = k(p) * (T^3 - T) / 12
  const int T = 10;
  cv::Mat k(6, 5, CV_8UC3), base(6, 5, CV_8UC3);
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 5; ++x) {
      k.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(x % 4), static_cast<uchar>(y % 3), 2);
      base.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(10 + x), static_cast<uchar>(50 + y), 7);
    }
  std::vector<cv::Mat> frames;
  for (int t = 1; t <= T; ++t) frames.push_back(base + k * t);
  cv::Mat di = compute_dynamic_image(frames, DiOptions{});
  cv::Mat expected;
  k.convertTo(expected, CV_32F, (T * T * T - T) / 12.0);
  EXPECT_LT(max_abs_diff(di, expected), 1e-3);
}

TEST(DiCompute, SingleFrameIsTheFrameItself) {
  cv::Mat f = test::pattern_frame(3);
  cv::Mat di = compute_dynamic_image({f}, DiOptions{});
  cv::Mat expected;
  f.convertTo(expected, CV_32F);
  EXPECT_EQ(max_abs_diff(di, expected), 0.0);
}

TEST(DiCompute, MatchesDirectWeightedSumAndIsThreadIndependent) {
  std::vector<cv::Mat> frames;
  for (int t = 1; t <= 9; ++t) frames.push_back(test::pattern_frame(t, 200, 120));
  for (DiMethod m : {DiMethod::bilen, DiMethod::learnet_compat}) {
    DiOptions one, two;
    one.method = two.method = m;
    one.threads = 1;
    two.threads = 2;
    cv::Mat a = compute_dynamic_image(frames, one), b = compute_dynamic_image(frames, two);
    EXPECT_EQ(max_abs_diff(a, b), 0.0);  // bit-identical whatever the thread count
    auto alpha = rank_pooling_coefficients(9, m);
    cv::Mat ref = cv::Mat::zeros(frames[0].size(), CV_64FC3);
    for (int t = 0; t < 9; ++t) {
      cv::Mat f;
      frames[t].convertTo(f, CV_64F);
      ref += f * alpha[t];
    }
    ref.convertTo(ref, CV_32F);
    EXPECT_LT(max_abs_diff(a, ref), 1e-2);
  }
}

TEST(DiCompute, FloatFramesAndMismatchedSizes) {
  std::vector<cv::Mat> f8 = {test::pattern_frame(1), test::pattern_frame(2), test::pattern_frame(3)};
  std::vector<cv::Mat> f32;
  for (auto& f : f8) {
    cv::Mat g;
    f.convertTo(g, CV_32F);
    f32.push_back(g);
  }
  EXPECT_EQ(max_abs_diff(compute_dynamic_image(f8, {}), compute_dynamic_image(f32, {})), 0.0);
  f8.push_back(test::pattern_frame(4, 5, 5));
  EXPECT_THROW(compute_dynamic_image(f8, {}), RuntimeError);
  EXPECT_THROW(compute_dynamic_image({}, {}), RuntimeError);
}

TEST(DiCompute, FromFilesEqualsInMemoryBitForBit) {
  test::TempDir tmp;
  std::vector<std::filesystem::path> files;
  std::vector<cv::Mat> frames;
  for (int t = 1; t <= 13; ++t) {
    auto p = tmp / ("f" + std::to_string(t) + ".png");
    cv::Mat f = test::pattern_frame(t, 40, 30);
    cv::imwrite(p.string(), f);
    files.push_back(p);
    frames.push_back(f);
  }
  for (int threads : {1, 2, 3}) {
    DiOptions o;
    o.threads = threads;
    EXPECT_EQ(max_abs_diff(compute_dynamic_image_from_files(files, o), compute_dynamic_image(frames, o)), 0.0);
  }
}

TEST(DiCompute, FromFilesNamesUnreadableAndMismatchedFiles) {
  test::TempDir tmp;
  std::vector<std::filesystem::path> files;
  for (int t = 1; t <= 4; ++t) {
    files.push_back(tmp / ("f" + std::to_string(t) + ".png"));
    cv::imwrite(files.back().string(), test::pattern_frame(t));
  }
  test::write_file(files[2], "not an image");
  try {
    compute_dynamic_image_from_files(files, {});
    FAIL() << "expected an error";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find(files[2].string()), std::string::npos) << e.what();
  }
  cv::imwrite(files[2].string(), test::pattern_frame(3, 20, 20));
  try {
    compute_dynamic_image_from_files(files, {});
    FAIL() << "expected an error";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find(files[2].string()), std::string::npos) << e.what();
  }
}

// Found by fuzz/frame_fuzz: a frame whose header claims more pixels than OpenCV accepts made
// cv::imread throw cv::Exception, which escaped instead of the documented RuntimeError.
TEST(DiCompute, FromFilesOversizedHeaderIsARuntimeErrorNamingTheFile) {
  test::TempDir tmp;
  // A valid PNG signature and IHDR chunk (CRC included) for a 100000 x 100000 RGB image.
  const std::string huge_png(
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x01\x86\xa0\x00\x01"
      "\x86\xa0\x08\x02\x00\x00\x00\x27\x30\x9c\x9f\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
      45);
  auto big = tmp / "big.png";
  test::write_file(big, huge_png);
  auto small = tmp / "small.png";
  cv::imwrite(small.string(), test::pattern_frame(1));
  for (const auto& files : {std::vector<std::filesystem::path>{big}, std::vector<std::filesystem::path>{small, big}}) {
    try {
      compute_dynamic_image_from_files(files, {});
      FAIL() << "expected an error";
    } catch (const RuntimeError& e) {
      EXPECT_NE(std::string(e.what()).find(big.string()), std::string::npos) << e.what();
    }
  }
}

TEST(DiUint8, GlobalMinMaxWithRoundingAndTruncation) {
  // values 0..10 in steps: y = x / 10 * 255 -> 0, 25.5, 51, ..., 255
  cv::Mat di(1, 4, CV_32FC3);
  float v = 0;
  for (int i = 0; i < 4; ++i)
    for (int c = 0; c < 3; ++c) {
      di.at<cv::Vec3f>(0, i)[c] = v;
      v = std::min(10.0f, v + 1.0f);
    }
  // add a negative offset: min-max must not care
  di -= cv::Scalar::all(3.0);
  cv::Mat r = di_to_uint8(di, Uint8Normalisation::global, Uint8Rounding::round);
  cv::Mat t = di_to_uint8(di, Uint8Normalisation::global, Uint8Rounding::truncate);
  ASSERT_EQ(r.type(), CV_8UC3);
  std::vector<int> expect_round = {0, 26, 51, 77, 102, 128, 153, 179, 204, 230, 255, 255};
  std::vector<int> expect_trunc = {0, 25, 51, 76, 102, 127, 153, 178, 204, 229, 255, 255};
  for (int k = 0; k < 12; ++k) {
    EXPECT_EQ(r.ptr<uchar>()[k], expect_round[k]) << k;
    EXPECT_EQ(t.ptr<uchar>()[k], expect_trunc[k]) << k;
  }
}

TEST(DiUint8, PerChannelAndFlatChannels) {
  cv::Mat di(2, 9, CV_32FC3);  // wide enough for the vector path and a scalar tail
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 9; ++x) di.at<cv::Vec3f>(y, x) = cv::Vec3f(static_cast<float>(x), 101.0f + 10 * x, 5.0f);
  cv::Mat pc = di_to_uint8(di, Uint8Normalisation::per_channel);
  cv::Mat g = di_to_uint8(di, Uint8Normalisation::global);
  for (int x = 0; x < 9; ++x) {
    auto p = pc.at<cv::Vec3b>(1, x);
    EXPECT_EQ(p[0], static_cast<int>(std::floor(x / 8.0 * 255 + 0.5)));
    EXPECT_EQ(p[1], p[0]);  // same ramp shape, other range
    EXPECT_EQ(p[2], 0);     // flat channel
    auto q = g.at<cv::Vec3b>(1, x);
    EXPECT_EQ(q[1], static_cast<int>(std::floor((101.0 + 10 * x) / 181.0 * 255 + 0.5)));
    EXPECT_EQ(q[2], static_cast<int>(std::floor(5.0 / 181.0 * 255 + 0.5)));
  }
}

TEST(DiModelInput, ImageNetNormalisationInRgbOrder) {
  cv::Mat img(2, 2, CV_8UC3, cv::Scalar(255, 0, 51));  // B=255 G=0 R=51
  cv::Mat f = di_to_model_input(img);
  ASSERT_EQ(f.type(), CV_32FC3);
  auto px = f.at<cv::Vec3f>(1, 1);
  EXPECT_NEAR(px[0], (0.2f - 0.485f) / 0.229f, 1e-5);  // R
  EXPECT_NEAR(px[1], (0.0f - 0.456f) / 0.224f, 1e-5);  // G
  EXPECT_NEAR(px[2], (1.0f - 0.406f) / 0.225f, 1e-5);  // B
}

TEST(DiResize, ShrinkAndKeep) {
  cv::Mat di(40, 60, CV_32FC3, cv::Scalar(1, 2, 3));
  EXPECT_EQ(resize_di(di, cv::Size(30, 20)).size(), cv::Size(30, 20));
  EXPECT_EQ(resize_di(di, cv::Size()).size(), di.size());
  EXPECT_EQ(resize_di(di, cv::Size(120, 80)).size(), cv::Size(120, 80));
}

// A wide DI into a square input: pad keeps the whole DI and fills with zero (no motion), crop
// keeps the centre, stretch squashes; none of them changes a DI of the input's aspect ratio.
TEST(DiResize, FitKeepsTheAspectRatio) {
  cv::Mat di(20, 40, CV_32FC3, cv::Scalar(1, 1, 1));
  di.colRange(0, 10).setTo(cv::Scalar(5, 5, 5));  // a marked left quarter
  cv::Mat pad = fit_di(di, cv::Size(20, 20), DiFit::pad);
  ASSERT_EQ(pad.size(), cv::Size(20, 20));
  EXPECT_EQ(cv::norm(pad.rowRange(0, 5), cv::NORM_INF), 0.0);    // border rows are zero
  EXPECT_EQ(cv::norm(pad.rowRange(15, 20), cv::NORM_INF), 0.0);
  EXPECT_NEAR(pad.at<cv::Vec3f>(10, 2)[0], 5.0f, 1e-5);           // the marked quarter is still there
  EXPECT_NEAR(pad.at<cv::Vec3f>(10, 15)[0], 1.0f, 1e-5);
  cv::Mat crop = fit_di(di, cv::Size(20, 20), DiFit::crop);
  ASSERT_EQ(crop.size(), cv::Size(20, 20));
  EXPECT_EQ(cv::norm(crop - cv::Scalar(1, 1, 1), cv::NORM_INF), 0.0);  // the centre: columns 10..29
  cv::Mat stretch = fit_di(di, cv::Size(20, 20), DiFit::stretch);
  EXPECT_EQ(cv::norm(stretch, resize_di(di, cv::Size(20, 20)), cv::NORM_INF), 0.0);
  cv::Mat same(30, 60, CV_32FC3, cv::Scalar(2, 2, 2));
  EXPECT_EQ(cv::norm(fit_di(same, cv::Size(40, 20), DiFit::pad), resize_di(same, cv::Size(40, 20)), cv::NORM_INF), 0.0);
}

TEST(DiCompute, MatchesNumpyReference) {
  test::TempDir tmp;
  const int T = 6, H = 7, W = 11;
  std::vector<cv::Mat> frames;
  std::string raw;
  for (int t = 1; t <= T; ++t) {
    frames.push_back(test::pattern_frame(t, W, H));
    raw.append(reinterpret_cast<const char*>(frames.back().data), frames.back().total() * 3);
  }
  test::write_file(tmp / "frames.u8", raw);
  std::string script =
      "import numpy as np, sys\n"
      "T,H,W=6,7,11\n"
      "x=np.fromfile(sys.argv[1],dtype=np.uint8).reshape(T,H,W,3).astype(np.float64)\n"
      "Hk=np.concatenate([[0.0],np.cumsum(1.0/np.arange(1,T+1))])\n"
      "t=np.arange(1,T+1)\n"
      "a=2*(T-t+1)-(T+1)*(Hk[T]-Hk[t-1])\n"
      "np.tensordot(a,x,axes=1).astype(np.float32).tofile(sys.argv[2])\n";
  test::write_file(tmp / "ref.py", script);
  auto r = test::run_shell(test::reference_python() + " " + (tmp / "ref.py").string() + " " +
                           (tmp / "frames.u8").string() + " " + (tmp / "di.f32").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string out = test::read_file(tmp / "di.f32");
  ASSERT_EQ(out.size(), static_cast<std::size_t>(H * W * 3 * 4));
  cv::Mat ref(H, W, CV_32FC3, out.data());
  EXPECT_LT(max_abs_diff(compute_dynamic_image(frames, {}), ref), 1e-3);
}
