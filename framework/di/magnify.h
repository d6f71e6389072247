// Eulerian motion magnification (Wu et al. 2012), optional preprocessing of a clip's frames
// before its DI or flow: `di.magnify`.
//
//   di:
//     magnify: {enabled: false, alpha: 10, r1: 0.4, r2: 0.05, levels: 6, lambda_c: 16}
//
// Each frame is decomposed into a Laplacian pyramid of `levels` levels (cv::pyrDown/pyrUp, the
// 5-tap binomial kernel). Per level and pixel a temporal IIR band-pass runs over the frames:
// lp1 = r1 x + (1 - r1) lp1, lp2 = r2 x + (1 - r2) lp2, band = lp1 - lp2, both started at the
// first frame (r1, r2 are smoothing coefficients, not frequencies). The band is amplified by
// min(alpha, 2 (lambda / delta / 8 - 1)) with delta = lambda_c / 8 / (1 + alpha), lambda the
// spatial wavelength bound, starting at sqrt(H^2 + W^2) / 3 for the coarsest level and halved
// per finer level; the finest and the coarsest level get no gain. Output = frame + collapsed
// amplified bands, clipped to 0..255 (CV_8UC3, all three channels alike). A static clip comes
// back unchanged. REFERENCE: alpha 10 is what meb runs.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace merlab {

struct MagnifyOptions {
  bool enabled = false;
  double alpha = 10, r1 = 0.4, r2 = 0.05, lambda_c = 16;
  int levels = 6;
  std::string key() const;  // "" when disabled: enters cache keys only when on
};

// Frames of one clip (CV_8UC3, one size), in time order; returns as many frames.
std::vector<cv::Mat> magnify_clip(const std::vector<cv::Mat>& frames, const MagnifyOptions& options);

}  // namespace merlab
