// Helpers shared by the DI tests: small synthetic frames and clips on disk.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
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

}  // namespace merlab::test
