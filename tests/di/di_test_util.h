// Helpers shared by the DI tests: small synthetic frames and clips on disk.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "datasets/clip.h"

namespace merlab::test {

// Frame t (1-based) of a deterministic clip: a per-pixel pattern that changes with t.
inline cv::Mat pattern_frame(int t, int w = 12, int h = 8) {
  cv::Mat f(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      f.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>((x * 7 + y * 3 + t * 11) % 251),
                                        static_cast<uchar>((x * y + t * t) % 253),
                                        static_cast<uchar>((200 - 9 * t + x) & 0xff));
  return f;
}

// Writes frames first..last as <prefix><n><ext> (lossless PNG by default) and returns a Clip.
inline Clip write_clip(const std::filesystem::path& dir, long first, long last, const std::string& prefix = "img",
                       const std::string& ext = ".png") {
  std::filesystem::create_directories(dir);
  Clip c;
  c.clip_id = dir.filename().string();
  c.folder = dir;
  for (long n = first; n <= last; ++n) {
    auto p = dir / (prefix + std::to_string(n) + ext);
    cv::imwrite(p.string(), pattern_frame(static_cast<int>(n)));
  }
  c.frames = list_frames(dir);
  c.onset = first;
  c.offset = last;
  return c;
}

// A PNG that is only a signature, an IHDR chunk declaring w x h (8-bit RGB, valid CRC) and an
// IEND: what a decoder sees first of a real w x h image, at 45 bytes.
inline void write_png_header(const std::filesystem::path& path, std::uint32_t w, std::uint32_t h) {
  auto crc32 = [](const std::string& data) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : data) {
      c ^= b;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
  };
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
  };
  auto chunk = [&](const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
  };
  const std::string ihdr = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  std::ofstream out(path, std::ios::binary);
  out << std::string("\x89PNG\r\n\x1a\n", 8) << chunk("IHDR", ihdr) << chunk("IEND", "");
}

}  // namespace merlab::test
