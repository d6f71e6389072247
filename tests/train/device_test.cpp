#include "framework/train/device.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"

namespace merlab {
namespace {

TEST(TrainDevice, CpuIsTheDefault) {
  EXPECT_TRUE(select_device(YAML::Node()).is_cpu());
  EXPECT_TRUE(select_device(YAML::Load("{threads: 2}")).is_cpu());
  EXPECT_TRUE(select_device(YAML::Load("{device: cpu}")).is_cpu());
}

TEST(TrainDevice, CudaWithoutCudaIsAConfigError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "CUDA is available here";
  for (const char* text : {"cuda", "cuda:0"}) {
    try {
      select_device(YAML::Load(std::string("{device: '") + text + "'}"));
      FAIL() << "no error for " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("runtime.device"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("not available"), std::string::npos) << e.what();
    }
  }
}

TEST(TrainDevice, UnknownDeviceIsAConfigError) {
  EXPECT_THROW(select_device(YAML::Load("{device: tpu}")), ConfigError);
  EXPECT_THROW(select_device(YAML::Load("{device: [cpu]}")), ConfigError);
}

}  // namespace
}  // namespace merlab
