// Frame files are ordered by the frame number in their name, never by directory order.
// The number is the last group of digits in the file stem: img46.jpg -> 46,
// 006_05562.jpg -> 5562, frame-0012.png -> 12.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace merlab {

struct FrameFile {
  long number = 0;
  std::filesystem::path path;
};

// Last digit group of the file stem, or nullopt when the stem has no digits.
std::optional<long> frame_number_from_filename(const std::string& filename);

// Image files (jpg, jpeg, png, bmp, tif, tiff; case-insensitive) in `dir`, sorted by frame
// number. Files without a number are skipped; two files with the same number are an error
// (RuntimeError naming both).
std::vector<FrameFile> list_frames(const std::filesystem::path& dir);

}  // namespace merlab
