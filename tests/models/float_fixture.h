// Reading the raw float32 tensors that the Python fixture scripts under tests/models/ write
// (numpy's tofile: little-endian, C order, no header).
#pragma once

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace merlab::test {

inline torch::Tensor read_floats(const std::filesystem::path& p, std::vector<int64_t> shape) {
  std::ifstream in(p, std::ios::binary);
  auto t = torch::empty(shape, torch::kFloat);
  in.read(reinterpret_cast<char*>(t.data_ptr<float>()), static_cast<std::streamsize>(t.numel() * sizeof(float)));
  EXPECT_TRUE(in.good()) << "short read of " << p;
  return t;
}

}  // namespace merlab::test
