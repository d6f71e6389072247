#include "fuzz/fuzz_support.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace merlab::fuzz {
namespace fs = std::filesystem;

namespace {

fs::path scratch_base() {
  std::error_code ec;
  if (const char* t = std::getenv("TMPDIR"); t && *t && fs::is_directory(t, ec)) return t;
  if (fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return "/tmp";
}

struct Scratch {
  fs::path dir;
  Scratch() : dir(scratch_base() / ("merlab-fuzz-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

const fs::path& scratch_dir() {
  static Scratch s;
  return s.dir;
}

fs::path write_scratch(const std::string& name, const std::string& bytes) {
  fs::path p = scratch_dir() / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("fuzz harness: cannot write " + p.string());
  return p;
}

std::vector<std::string> split_sections(const std::string& text, const std::string& marker) {
  std::vector<std::string> out(1);
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (line == marker) out.emplace_back();
    else out.back() += line + (nl == std::string::npos ? "" : "\n");
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

fs::path fixture_copy(const std::string& source_relative, const std::string& name) {
  fs::path dst = scratch_dir() / name;
  if (!fs::exists(dst)) fs::copy(fs::path(MERLAB_SOURCE_DIR) / source_relative, dst, fs::copy_options::recursive);
  return dst;
}

}  // namespace merlab::fuzz
