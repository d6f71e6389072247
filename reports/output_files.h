// The files of one report folder. Every file is rewritten whole (never appended), and a
// manifest (.report-files) lists what the last report wrote so that the next one first removes
// those files: figures of runs that have since disappeared do not linger, while files the user
// put in the folder are never touched.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace merlab::reports {

class OutputFiles {
 public:
  explicit OutputFiles(std::filesystem::path root);
  const std::filesystem::path& root() const { return root_; }
  // Removes the files listed by the previous report's manifest (relative paths inside root).
  void remove_previous();
  // Writes `content` to root/relative (directories created), replacing any previous file.
  void write(const std::string& relative, const std::string& content);
  // Records a file produced by another program (e.g. gnuplot) for the manifest.
  void record(const std::string& relative);
  const std::vector<std::string>& files() const { return files_; }
  // Writes the manifest (sorted list of recorded files).
  void write_manifest();
  static const char* manifest_name();

 private:
  std::filesystem::path root_;
  std::vector<std::string> files_;
};

}  // namespace merlab::reports
