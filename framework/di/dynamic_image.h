// Dynamic images by approximate rank pooling (Bilen et al., CVPR 2016):
//   DI = sum_t alpha_t * x_t,  alpha_t = 2(T - t + 1) - (T + 1)(H_T - H_{t-1}),  H_k = sum_{i<=k} 1/i.
// `learnet_compat` uses the circulating variant alpha'_t = sum_{j=t..T} (2j - T)/j
// (= alpha_t + H_T - H_{t-1}; its weights sum to T, so it mixes appearance into the DI).
// T = 1 returns the frame itself (the reference code's convention) for both methods.
//
// Accumulation is in float, per pixel and channel, always in frame order t = 1..T with one
// multiply and one add per term, so every code path (in memory, from files, any thread count)
// gives bit-identical results.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <filesystem>
#include <vector>

#include "framework/di/di_options.h"

namespace merlab {

// alpha_1..alpha_T (index 0 is the first frame). T >= 1.
std::vector<double> rank_pooling_coefficients(int T, DiMethod method);

// Frames of equal size and channel count, CV_8U or CV_32F. Result: CV_32FC(cn) (CV_32FC3
// for colour frames). Multi-threaded over row bands (options.thread_count()).
cv::Mat compute_dynamic_image(const std::vector<cv::Mat>& frames, const DiOptions& options);

// Same DI straight from image files (decoded as 3-channel BGR, like cv::imread). Frames are
// decoded by parallel threads and accumulated in frame order as they arrive, so decoding and
// accumulation overlap and at most a few decoded frames are held in memory.
// RuntimeError naming the file when one cannot be read or has a different size.
cv::Mat compute_dynamic_image_from_files(const std::vector<std::filesystem::path>& files, const DiOptions& options);

// 8-bit DI: min-max scaling to [0, 255] over all pixels and channels (global, the reference
// viewers' rule) or per channel; `round` gives floor(y + 0.5) (MATLAB's round for y >= 0),
// `truncate` gives floor(y) (Python's cv2.normalize + astype(uint8)), where
// y = (x - min) / (max - min) * 255. A flat DI (or flat channel, per channel) becomes zeros.
cv::Mat di_to_uint8(const cv::Mat& di, Uint8Normalisation normalisation = Uint8Normalisation::global,
                    Uint8Rounding rounding = Uint8Rounding::round);

// Resizes a float DI to `size` (INTER_AREA when shrinking, INTER_LINEAR otherwise) before the
// 8-bit conversion; an empty size keeps the DI as is. Resizing is linear, so this equals the
// DI of resized frames up to float rounding, at a fraction of the cost.
cv::Mat resize_di(const cv::Mat& di, cv::Size size);

// resize_di keeping the aspect ratio (DiFit: pad with zeros, crop the centre, or stretch).
// Same aspect ratio (to the pixel): a plain resize_di.
cv::Mat fit_di(const cv::Mat& di, cv::Size size, DiFit fit);

// The float path for models. Input: an 8-bit BGR image (CV_8UC3, e.g. a cached DI after
// spatial augmentation). Output: CV_32FC3, channels in RGB order, each value
//     (v / 255 - mean[c]) / std[c]
// with the ImageNet statistics below by default (what torchvision's pretrained weights
// expect). The engine turns this HWC float image into a CHW tensor without further scaling.
struct ModelInputNorm {
  std::array<float, 3> mean{0.485f, 0.456f, 0.406f};  // RGB
  std::array<float, 3> std{0.229f, 0.224f, 0.225f};   // RGB
};
cv::Mat di_to_model_input(const cv::Mat& img8u3, const ModelInputNorm& norm = ModelInputNorm{});

}  // namespace merlab
