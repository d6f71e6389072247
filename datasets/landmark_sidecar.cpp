#include "datasets/landmark_sidecar.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "framework/common/error.h"

namespace merlab {
namespace {

constexpr std::uintmax_t kMaxSidecarBytes = 64u << 20;  // 68 points x 100k frames fits comfortably

[[noreturn]] void bad(const std::filesystem::path& file, std::size_t line, const std::string& what) {
  throw RuntimeError("landmark sidecar " + file.string() + " line " + std::to_string(line) + ": " + what);
}

}  // namespace

std::map<long, SidecarPoints> read_landmark_sidecar(const std::filesystem::path& file) {
  std::error_code ec;
  auto bytes = std::filesystem::file_size(file, ec);
  if (ec) throw RuntimeError("landmark sidecar " + file.string() + " not found (faces.landmarks: sidecar)");
  if (bytes > kMaxSidecarBytes)
    throw RuntimeError("landmark sidecar " + file.string() + " is " + std::to_string(bytes) + " bytes (limit 64 MiB)");
  std::ifstream in(file);
  if (!in) throw RuntimeError("cannot open landmark sidecar " + file.string());
  std::map<long, SidecarPoints> out;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (n == 1) {
      if (line.rfind("frame,", 0) != 0) bad(file, n, "expected the header 'frame,x0,y0,...,x67,y67'");
      continue;
    }
    if (line.empty()) continue;
    std::vector<double> v;
    const char* p = line.c_str();
    while (true) {
      char* end = nullptr;
      errno = 0;
      double x = std::strtod(p, &end);
      if (end == p || errno != 0 || !std::isfinite(x)) bad(file, n, "expected numbers separated by commas");
      v.push_back(x);
      p = end;
      while (*p == ' ') ++p;
      if (*p == '\0') break;
      if (*p != ',') bad(file, n, "expected numbers separated by commas");
      ++p;
    }
    if (v.size() != 1 + 2 * 68)
      bad(file, n, "expected 137 values (frame number and 68 x,y pairs), got " + std::to_string(v.size()));
    if (v[0] != std::floor(v[0]) || v[0] < 0) bad(file, n, "frame number must be a non-negative integer");
    long frame = static_cast<long>(v[0]);
    SidecarPoints pts;
    for (std::size_t i = 0; i < 68; ++i) pts[i] = cv::Point2f(float(v[1 + 2 * i]), float(v[2 + 2 * i]));
    if (!out.emplace(frame, pts).second) bad(file, n, "frame " + std::to_string(frame) + " appears twice");
  }
  return out;
}

void write_landmark_sidecar(const std::filesystem::path& file, const std::map<long, SidecarPoints>& points) {
  std::ostringstream s;
  s << "frame";
  for (int i = 0; i < 68; ++i) s << ",x" << i << ",y" << i;
  s << "\n";
  s.setf(std::ios::fixed);
  s.precision(2);
  for (const auto& [frame, pts] : points) {
    s << frame;
    for (const auto& p : pts) s << "," << p.x << "," << p.y;
    s << "\n";
  }
  std::ofstream out(file);
  out << s.str();
  if (!out) throw RuntimeError("cannot write landmark sidecar " + file.string());
}

}  // namespace merlab
