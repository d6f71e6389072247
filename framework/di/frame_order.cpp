#include "framework/di/frame_order.h"

#include <algorithm>
#include <cctype>

#include "framework/common/error.h"

namespace merlab {

std::optional<long> frame_number_from_filename(const std::string& filename) {
  std::string stem = std::filesystem::path(filename).stem().string();
  long end = static_cast<long>(stem.size()) - 1;
  while (end >= 0 && !std::isdigit(static_cast<unsigned char>(stem[end]))) --end;
  if (end < 0) return std::nullopt;
  long begin = end;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(stem[begin - 1]))) --begin;
  std::string digits = stem.substr(begin, end - begin + 1);
  if (digits.size() > 15) return std::nullopt;
  return std::stol(digits);
}

std::vector<FrameFile> list_frames(const std::filesystem::path& dir) {
  static const std::vector<std::string> exts = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff"};
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw RuntimeError("frame folder not found: " + dir.string());
  std::vector<FrameFile> frames;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (std::find(exts.begin(), exts.end(), ext) == exts.end()) continue;
    auto n = frame_number_from_filename(entry.path().filename().string());
    if (!n) continue;
    frames.push_back({*n, entry.path()});
  }
  std::sort(frames.begin(), frames.end(), [](const FrameFile& a, const FrameFile& b) {
    return a.number != b.number ? a.number < b.number : a.path < b.path;
  });
  for (std::size_t i = 1; i < frames.size(); ++i) {
    if (frames[i].number == frames[i - 1].number) {
      throw RuntimeError("two frame files have frame number " + std::to_string(frames[i].number) + ": " +
                         frames[i - 1].path.string() + " and " + frames[i].path.string());
    }
  }
  return frames;
}

}  // namespace merlab
