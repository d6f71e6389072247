// `mer models list` and `mer models summary`, run as the real binary.
#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace merlab {
namespace {

TEST(ModelsCli, ListShowsEveryModelWithCountAndInputSize) {
  auto r = test::run_mer({"models", "list", "--num-classes", "5", "--input-size", "224"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* expected : {"resnet18 ", "11,179,077", "resnet50 ", "23,518,277", "vgg16 ", "134,281,029",
                               "vgg16_bn ", "134,289,477", "mobilenet_v2 ", "2,230,277", "efficientnet_b0 ",
                               "4,013,953", "vit_b_16 ", "85,802,501", "vit_tiny ", "vit_small ", "learnet ",
                               "linear_probe ", "5,125", "dual_stream ", "22,630,789" /* two resnet18 trunks, 7x7 tokens */, "input 224x224"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 14);  // one line per model, linear_probe, flow nets and dual_stream included
}

TEST(ModelsCli, ListAtDefaultSizes) {
  auto r = test::run_mer({"models", "list", "--num-classes", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1,866,053"), std::string::npos) << r.out;  // learnet at 112
  EXPECT_NE(r.out.find("input 112x112"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2,485 params  input 28x28"), std::string::npos) << r.out;      // ststnet, 5 classes
  EXPECT_NE(r.out.find("2,666,525 params  input 28x28"), std::string::npos) << r.out;  // off_apexnet
}

TEST(ModelsCli, SummaryAndErrors) {
  auto r = test::run_mer({"models", "summary", "learnet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stem"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[16, 56, 56]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1,866,053 trainable parameters"), std::string::npos) << r.out;
  auto bad = test::run_mer({"models", "summary", "resnet81"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("resnet18"), std::string::npos) << bad.err;
  auto help = test::run_mer({"models", "summary", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--input-size"), std::string::npos);
}

}  // namespace
}  // namespace merlab
