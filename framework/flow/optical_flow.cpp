#include "framework/flow/optical_flow.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/optflow.hpp>

#include <cmath>

#include "framework/common/error.h"
#include "framework/di/dynamic_image.h"
#include "framework/di/image_header.h"

namespace merlab {
namespace {

// Central differences inside, one-sided at the border (numpy.gradient's convention).
void gradients(const cv::Mat& f, cv::Mat& dx, cv::Mat& dy) {
  dx.create(f.size(), CV_32F);
  dy.create(f.size(), CV_32F);
  const int H = f.rows, W = f.cols;
  for (int y = 0; y < H; ++y) {
    const float* r = f.ptr<float>(y);
    float* ox = dx.ptr<float>(y);
    for (int x = 0; x < W; ++x) {
      if (W == 1) ox[x] = 0;
      else if (x == 0) ox[x] = r[1] - r[0];
      else if (x == W - 1) ox[x] = r[W - 1] - r[W - 2];
      else ox[x] = 0.5f * (r[x + 1] - r[x - 1]);
    }
  }
  for (int y = 0; y < H; ++y) {
    float* oy = dy.ptr<float>(y);
    const float* up = f.ptr<float>(std::max(0, y - 1));
    const float* down = f.ptr<float>(std::min(H - 1, y + 1));
    const float scale = (y == 0 || y == H - 1) ? 1.0f : 0.5f;
    for (int x = 0; x < W; ++x) oy[x] = H == 1 ? 0.0f : scale * (down[x] - up[x]);
  }
}

cv::Mat read_grey(const std::filesystem::path& p, const Limits& limits) {
  cv::Mat img = imread_bounded(p, cv::IMREAD_GRAYSCALE, limits);
  if (img.empty()) throw RuntimeError("cannot read frame " + p.string());
  return img;
}

}  // namespace

cv::Mat tvl1_flow(const cv::Mat& a, const cv::Mat& b, const FlowOptions& o) {
  if (a.empty() || b.empty() || a.size() != b.size() || a.channels() != 1 || b.channels() != 1)
    throw RuntimeError("optical flow: expected two single-channel frames of one size");
  auto tvl1 = cv::optflow::DualTVL1OpticalFlow::create(o.tau, o.lambda, o.theta, o.nscales, o.warps, o.epsilon,
                                                         o.inner_iterations, o.outer_iterations, o.scale_step, o.gamma,
                                                         o.median_filtering);
  cv::Mat flow;
  tvl1->calc(a, b, flow);
  return flow;
}

cv::Mat optical_strain(const cv::Mat& flow, StrainFormula formula) {
  CV_Assert(flow.type() == CV_32FC2);
  cv::Mat uv[2];
  cv::split(flow, uv);
  cv::Mat ux, uy, vx, vy;
  gradients(uv[0], ux, uy);
  gradients(uv[1], vx, vy);
  cv::Mat out(flow.size(), CV_32F);
  for (int y = 0; y < flow.rows; ++y) {
    const float *a = ux.ptr<float>(y), *b = vy.ptr<float>(y), *c = uy.ptr<float>(y), *d = vx.ptr<float>(y);
    float* o = out.ptr<float>(y);
    for (int x = 0; x < flow.cols; ++x) {
      const float shear = formula == StrainFormula::ststnet ? 0.5f * (c[x] + d[x]) * (c[x] + d[x])
                                                            : 0.5f * (c[x] * c[x] + d[x] * d[x]);
      o[x] = std::sqrt(a[x] * a[x] + b[x] * b[x] + shear);
    }
  }
  return out;
}

cv::Mat flow_channels(const cv::Mat& flow, ReprKind kind, StrainFormula formula) {
  cv::Mat uv[2];
  cv::split(flow, uv);
  cv::Mat third;
  if (kind == ReprKind::flow) cv::magnitude(uv[0], uv[1], third);
  else third = optical_strain(flow, formula);
  cv::Mat out;
  cv::merge(std::vector<cv::Mat>{uv[0], uv[1], third}, out);
  return out;
}

cv::Mat flow_image_uint8(const cv::Mat& channels, cv::Size size, DiFit fit) {
  cv::Mat fitted = size.empty() ? channels : fit_di(channels, size, fit);
  std::vector<cv::Mat> ch;
  cv::split(fitted, ch);
  for (auto& c : ch) {
    double lo = 0, hi = 0;
    cv::minMaxLoc(c, &lo, &hi);
    cv::Mat u8;
    // A constant channel (up to float rounding of the resize) carries nothing: 0, not noise
    // stretched to 0..255.
    if (hi - lo > 1e-5 * std::max(1.0, std::max(std::fabs(hi), std::fabs(lo)))) c.convertTo(u8, CV_8U, 255.0 / (hi - lo), -lo * 255.0 / (hi - lo));
    else u8 = cv::Mat::zeros(c.size(), CV_8U);
    c = u8;
  }
  cv::Mat out;
  cv::merge(ch, out);
  return out;
}

cv::Mat flow_image_from_frames(const cv::Mat& first, const cv::Mat& last, const ReprOptions& repr, cv::Size size,
                               DiFit fit) {
  cv::Mat a = first, b = last;
  if (a.channels() == 3) cv::cvtColor(a, a, cv::COLOR_BGR2GRAY);
  if (b.channels() == 3) cv::cvtColor(b, b, cv::COLOR_BGR2GRAY);
  if (a.size() != b.size()) throw RuntimeError("optical flow: the two frames differ in size");
  if (repr.flow.size > 0) {  // the longer side to size, the aspect ratio kept
    const double k = double(repr.flow.size) / std::max(a.cols, a.rows);
    const cv::Size s(std::max(1, int(std::lround(a.cols * k))), std::max(1, int(std::lround(a.rows * k))));
    const int interp = k < 1 ? cv::INTER_AREA : cv::INTER_LINEAR;
    cv::resize(a, a, s, 0, 0, interp);
    cv::resize(b, b, s, 0, 0, interp);
  }
  const cv::Mat flow = tvl1_flow(a, b, repr.flow);
  return flow_image_uint8(flow_channels(flow, repr.kind, repr.flow.strain), size, fit);
}

cv::Mat flow_image_from_files(const std::filesystem::path& first, const std::filesystem::path& last,
                              const ReprOptions& repr, cv::Size size, DiFit fit, const Limits& limits) {
  cv::Mat a = read_grey(first, limits), b = read_grey(last, limits);
  if (a.size() != b.size())
    throw RuntimeError("frames " + first.string() + " and " + last.string() + " differ in size");
  return flow_image_from_frames(a, b, repr, size, fit);
}

}  // namespace merlab
