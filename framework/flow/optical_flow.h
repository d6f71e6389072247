// Dense optical flow and optical strain between two frames, and the 8-bit image a model reads.
//
//   cv::Mat w = tvl1_flow(grey_a, grey_b, FlowOptions{});     // CV_32FC2, (u, v) in pixels
//   cv::Mat e = optical_strain(w, StrainFormula::ststnet);     // CV_32F
//   cv::Mat img = flow_image_uint8(w, ReprKind::flow_strain, {112, 112}, DiFit::pad);
//
// TV-L1 is OpenCV contrib's cv::optflow::DualTVL1OpticalFlow (Zach et al. 2007, as in IPOL
// 2013/26) with every parameter of FlowOptions passed through, so results equal Python's
// cv2.optflow.DualTVL1OpticalFlow_create on the same frames.
#pragma once

#include <opencv2/core.hpp>

#include <filesystem>

#include "framework/common/limits.h"
#include "framework/di/di_options.h"
#include "framework/flow/repr_options.h"

namespace merlab {

// Flow from `a` to `b` (CV_8U or CV_32F single-channel, same size): b(x + w(x)) ~ a(x).
cv::Mat tvl1_flow(const cv::Mat& a, const cv::Mat& b, const FlowOptions& options);

// Strain magnitude of a CV_32FC2 flow (formulas in repr_options.h).
cv::Mat optical_strain(const cv::Mat& flow, StrainFormula formula);

// (u, v, |w|) for ReprKind::flow, (u, v, strain) otherwise; CV_32FC3 at the flow's size.
cv::Mat flow_channels(const cv::Mat& flow, ReprKind kind, StrainFormula formula);

// The model's image: channels brought to `size` with `fit` (as DIs), then min-max normalised
// per channel to 0..255 (a constant channel, within 1e-5 relative, becomes 0). CV_8UC3.
cv::Mat flow_image_uint8(const cv::Mat& channels, cv::Size size, DiFit fit);

// The same from frames in memory (8-bit, grey or colour; converted to grey).
cv::Mat flow_image_from_frames(const cv::Mat& first, const cv::Mat& last, const ReprOptions& repr, cv::Size size,
                               DiFit fit);

// Both frames read as grey (bounded by `limits`), resized to options.size, the flow between them
// and its 8-bit image. Throws RuntimeError naming an unreadable frame.
cv::Mat flow_image_from_files(const std::filesystem::path& first, const std::filesystem::path& last,
                              const ReprOptions& repr, cv::Size size, DiFit fit, const Limits& limits);

}  // namespace merlab
