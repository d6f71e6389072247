// Fixtures made by the Python scripts under tests/models/ with Debian's torchvision: the folder
// they are written to, running a script, and reading the raw float32 tensors they write
// (numpy's tofile: little-endian, C order, no header).
#pragma once

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace merlab::test {

// A fresh folder for one test suite's fixtures, in RAM (/dev/shm) when there is one: the
// torchvision state dicts (up to 530 MB each) make disk speed matter.
inline std::filesystem::path python_fixture_dir(const std::string& prefix) {
  namespace fs = std::filesystem;
  auto dir = (fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path()) /
             (prefix + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// Runs tests/models/<script> with the reference Python and `args` (already shell-quoted where needed).
inline CommandResult run_fixture_script(const std::string& script, const std::string& args) {
  return run_shell(shell_quote(reference_python()) + " " +
                   shell_quote((source_dir() / "tests/models" / script).string()) + " " + args);
}

inline torch::Tensor read_floats(const std::filesystem::path& p, std::vector<int64_t> shape) {
  std::ifstream in(p, std::ios::binary);
  auto t = torch::empty(shape, torch::kFloat);
  in.read(reinterpret_cast<char*>(t.data_ptr<float>()), static_cast<std::streamsize>(t.numel() * sizeof(float)));
  EXPECT_TRUE(in.good()) << "short read of " << p;
  return t;
}

}  // namespace merlab::test
