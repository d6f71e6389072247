// Shared test utilities: scratch directories and running the real `mer` binary.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace merlab::test {

// A fresh directory under the system temp dir, removed when the object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "merlab-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs a shell command line, capturing stdout and stderr.
CommandResult run_shell(const std::string& command_line);

// Runs `mer` (the binary built with the tests) with arguments, each shell-quoted.
CommandResult run_mer(const std::vector<std::string>& args, const std::string& env_prefix = "");

std::string shell_quote(const std::string& s);
std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);

// Path of the source tree (for shipped configs) and of the reference Python interpreter.
std::filesystem::path source_dir();
std::string reference_python();  // /usr/bin/python3 (Debian's, with torch/numpy/sklearn)

}  // namespace merlab::test
