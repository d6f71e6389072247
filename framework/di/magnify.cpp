#include "framework/di/magnify.h"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "framework/common/error.h"

namespace merlab {

std::string MagnifyOptions::key() const {
  if (!enabled) return "";
  return fmt::format("magnify:alpha={};r1={};r2={};levels={};lambda_c={}", alpha, r1, r2, levels, lambda_c);
}

namespace {

// Laplacian pyramid, finest first; the last level is the low-pass residual.
std::vector<cv::Mat> laplacian_pyramid(const cv::Mat& img, int levels) {
  std::vector<cv::Mat> pyr;
  cv::Mat cur = img;
  for (int l = 0; l + 1 < levels && cur.cols > 1 && cur.rows > 1; ++l) {
    cv::Mat down, up;
    cv::pyrDown(cur, down);
    cv::pyrUp(down, up, cur.size());
    pyr.push_back(cur - up);
    cur = down;
  }
  pyr.push_back(cur);
  return pyr;
}

cv::Mat collapse(const std::vector<cv::Mat>& pyr) {
  cv::Mat cur = pyr.back();
  for (int l = static_cast<int>(pyr.size()) - 2; l >= 0; --l) {
    cv::Mat up;
    cv::pyrUp(cur, up, pyr[static_cast<std::size_t>(l)].size());
    cur = up + pyr[static_cast<std::size_t>(l)];
  }
  return cur;
}

}  // namespace

std::vector<cv::Mat> magnify_clip(const std::vector<cv::Mat>& frames, const MagnifyOptions& o) {
  if (!o.enabled || frames.empty()) return frames;
  if (o.levels < 2) throw RuntimeError("magnification needs at least 2 pyramid levels");
  const cv::Size size = frames.front().size();
  std::vector<cv::Mat> lp1, lp2, out;
  out.reserve(frames.size());
  // Gains per level, finest first: lambda is halved from the coarsest level down.
  std::vector<double> gain;
  {
    std::vector<cv::Mat> probe = laplacian_pyramid(cv::Mat::zeros(size, CV_32FC3), o.levels);
    const std::size_t n = probe.size();
    gain.assign(n, 0.0);
    const double delta = o.lambda_c / 8.0 / (1.0 + o.alpha);
    double lambda = std::sqrt(double(size.width) * size.width + double(size.height) * size.height) / 3.0;
    for (std::size_t k = n; k-- > 0;) {  // coarsest (k = n - 1) to finest (k = 0)
      const double bound = 2.0 * (lambda / delta / 8.0 - 1.0);
      gain[k] = (k == n - 1 || k == 0) ? 0.0 : std::min(o.alpha, bound);
      lambda /= 2.0;
    }
  }
  for (std::size_t t = 0; t < frames.size(); ++t) {
    if (frames[t].size() != size || frames[t].type() != CV_8UC3)
      throw RuntimeError("magnification: frames of one clip must share one size and be 8-bit colour");
    cv::Mat f;
    frames[t].convertTo(f, CV_32FC3);
    auto pyr = laplacian_pyramid(f, o.levels);
    if (t == 0) {
      for (auto& p : pyr) lp1.push_back(p.clone()), lp2.push_back(p.clone());
    } else {
      for (std::size_t l = 0; l < pyr.size(); ++l) {
        cv::addWeighted(pyr[l], o.r1, lp1[l], 1.0 - o.r1, 0.0, lp1[l]);
        cv::addWeighted(pyr[l], o.r2, lp2[l], 1.0 - o.r2, 0.0, lp2[l]);
      }
    }
    std::vector<cv::Mat> band(pyr.size());
    for (std::size_t l = 0; l < pyr.size(); ++l) band[l] = (lp1[l] - lp2[l]) * gain[l];
    cv::Mat result = f + collapse(band), u8;
    result.convertTo(u8, CV_8UC3);  // rounds and saturates to 0..255
    out.push_back(u8);
  }
  return out;
}

}  // namespace merlab
