// Image sides from a file's header, read without decoding, so that a frame whose header claims
// 100000 x 100000 pixels (30 GB decoded) is refused before OpenCV allocates for it.
//
// PNG (IHDR), JPEG (the first SOFn segment) and BMP (BITMAPINFOHEADER) are understood: the
// formats of micro-expression frames and of the DI cache. Other formats are left to OpenCV,
// whose decoders refuse images above OPENCV_IO_MAX_IMAGE_PIXELS (2^30 pixels by default;
// the variable is read when the library loads).
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "framework/common/limits.h"

namespace merlab {

struct ImageHeader {
  std::string format;  // "PNG", "JPEG", "BMP"
  std::uint64_t width = 0, height = 0;
};

// The declared sides, or nullopt when the file is not a PNG, JPEG or BMP, or its header is
// truncated or cannot be read (decoding then reports the problem).
std::optional<ImageHeader> read_image_header(const std::filesystem::path& path);

// RuntimeError naming the file, its declared sides and the limit when a side is above
// limits.image_max_side.
void check_image_sides(const std::filesystem::path& path, const Limits& limits);

// check_image_sides, then cv::imread. An empty Mat when the file cannot be decoded (OpenCV's
// own exceptions included); RuntimeError when the header is beyond the limit.
cv::Mat imread_bounded(const std::filesystem::path& path, int flags, const Limits& limits);

}  // namespace merlab
