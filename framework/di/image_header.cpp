#include "framework/di/image_header.h"

#include <opencv2/imgcodecs.hpp>

#include <array>
#include <fstream>

#include "framework/common/error.h"

namespace merlab {
namespace {

std::uint64_t be16(const unsigned char* p) { return (std::uint64_t(p[0]) << 8) | p[1]; }
std::uint64_t be32(const unsigned char* p) { return (be16(p) << 16) | be16(p + 2); }
std::int64_t le32s(const unsigned char* p) {
  return static_cast<std::int32_t>(std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
                                   (std::uint32_t(p[3]) << 24));
}

bool read_exact(std::istream& in, unsigned char* out, std::size_t n) {
  in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
  return static_cast<std::size_t>(in.gcount()) == n;
}

// Segments from after SOI up to the first frame header. Markers without a length (RSTn, TEM)
// are skipped, as are fill bytes (0xFF repeated); scanning stops at the start of scan.
std::optional<ImageHeader> jpeg_header(std::istream& in) {
  for (int segments = 0; segments < 1024; ++segments) {
    int c = in.get();
    if (c != 0xFF) return std::nullopt;
    while (c == 0xFF) c = in.get();
    if (c == EOF) return std::nullopt;
    const int marker = c;
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // end of image, start of scan
    unsigned char len[2];
    if (!read_exact(in, len, 2) || be16(len) < 2) return std::nullopt;
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      unsigned char f[5];  // precision, height, width
      if (!read_exact(in, f, 5)) return std::nullopt;
      return ImageHeader{"JPEG", be16(f + 3), be16(f + 1)};
    }
    in.seekg(static_cast<std::streamoff>(be16(len) - 2), std::ios::cur);
    if (!in) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageHeader> read_image_header(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::array<unsigned char, 26> h{};
  in.read(reinterpret_cast<char*>(h.data()), h.size());
  const auto got = static_cast<std::size_t>(in.gcount());
  static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (got >= 24 && std::equal(png, png + 8, h.begin()) && std::equal(h.begin() + 12, h.begin() + 16, "IHDR"))
    return ImageHeader{"PNG", be32(&h[16]), be32(&h[20])};
  if (got >= 26 && h[0] == 'B' && h[1] == 'M') {
    const std::int64_t w = le32s(&h[18]), hh = le32s(&h[22]);  // height < 0: a top-down bitmap
    return ImageHeader{"BMP", static_cast<std::uint64_t>(w < 0 ? -w : w), static_cast<std::uint64_t>(hh < 0 ? -hh : hh)};
  }
  if (got >= 2 && h[0] == 0xFF && h[1] == 0xD8) {
    in.clear();
    in.seekg(2);
    return jpeg_header(in);
  }
  return std::nullopt;
}

void check_image_sides(const std::filesystem::path& path, const Limits& limits) {
  const auto h = read_image_header(path);
  if (!h) return;
  if (h->width > limits.image_max_side || h->height > limits.image_max_side)
    throw RuntimeError("image file " + path.string() + ": its " + h->format + " header declares " +
                       std::to_string(h->width) + "x" + std::to_string(h->height) + " pixels, a side above " +
                       std::to_string(limits.image_max_side) + "; " + limits.describe("image_max_side"));
}

cv::Mat imread_bounded(const std::filesystem::path& path, int flags, const Limits& limits) {
  check_image_sides(path, limits);
  try {
    return cv::imread(path.string(), flags);
  } catch (const cv::Exception&) {
    return cv::Mat();  // e.g. OpenCV's own pixel limit for a format read_image_header does not know
  }
}

}  // namespace merlab
