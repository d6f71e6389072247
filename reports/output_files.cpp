#include "reports/output_files.h"

#include <algorithm>
#include <fstream>

#include "framework/common/error.h"

namespace merlab::reports {

namespace fs = std::filesystem;

OutputFiles::OutputFiles(fs::path root) : root_(std::move(root)) {}

const char* OutputFiles::manifest_name() { return ".report-files"; }

void OutputFiles::remove_previous() {
  std::ifstream in(root_ / manifest_name());
  std::string line;
  while (std::getline(in, line)) {
    // Only plain relative paths inside the folder: a damaged manifest cannot delete elsewhere.
    if (line.empty() || line[0] == '/' || line.find("..") != std::string::npos) continue;
    std::error_code ec;
    fs::remove(root_ / line, ec);
  }
}

void OutputFiles::write(const std::string& relative, const std::string& content) {
  const fs::path p = root_ / relative;
  fs::create_directories(p.parent_path());
  {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    if (!out) throw RuntimeError("cannot write " + p.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw RuntimeError("error writing " + p.string());
  }
  record(relative);
}

void OutputFiles::record(const std::string& relative) {
  if (std::find(files_.begin(), files_.end(), relative) == files_.end()) files_.push_back(relative);
}

void OutputFiles::write_manifest() {
  auto sorted = files_;
  std::sort(sorted.begin(), sorted.end());
  std::string text;
  for (const auto& f : sorted) text += f + "\n";
  std::ofstream out(root_ / manifest_name(), std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw RuntimeError("cannot write " + (root_ / manifest_name()).string());
}

}  // namespace merlab::reports
