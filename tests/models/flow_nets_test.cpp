// STSTNet and OFF-ApexNet: published layer sizes (parameter counts worked out by hand from the
// layer list in flow_nets.h), output shapes at 28 px and other sizes, which channels they read.
#include "framework/models/flow_nets.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "framework/models/model_zoo.h"

namespace merlab {
namespace {

ClassifierPtr make(const std::string& name, int64_t input_size, int64_t classes = 3) {
  YAML::Node node;
  node["name"] = name;
  node["input_size"] = input_size;
  return build_model(node, classes);
}

TEST(FlowNets, StstNetLayersAndShapes) {
  // convs 3x3x3x{3,5,8} + biases = 84 + 140 + 224; BatchNorm 2 x 16; FC 5*5*16 x 3 + 3.
  auto m = make("ststnet", 28);
  EXPECT_EQ(count_trainable_parameters(*m), 448 + 32 + 1203);
  m->eval();
  EXPECT_EQ(m->forward(torch::randn({4, 3, 28, 28})).sizes(), (std::vector<int64_t>{4, 3}));
  // Another input size: the head follows the pooled map (64 -> 66 -> 22 -> 11).
  auto big = make("ststnet", 64, 5);
  EXPECT_EQ(count_trainable_parameters(*big), 448 + 32 + 11 * 11 * 16 * 5 + 5);
  big->eval();
  EXPECT_EQ(big->forward(torch::randn({2, 3, 64, 64})).sizes(), (std::vector<int64_t>{2, 5}));
}

TEST(FlowNets, OffApexNetReadsUAndVOnly) {
  // Per stream conv 5x5x1x6 + 6 and 5x5x6x16 + 16; FC 1568 -> 1024 -> 1024 -> 3.
  auto m = make("off_apexnet", 28);
  EXPECT_EQ(count_trainable_parameters(*m), 2 * (156 + 2416) + (1568 * 1024 + 1024) + (1024 * 1024 + 1024) + 3075);
  m->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 3, 28, 28});
  auto y = m->forward(x);
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{2, 3}));
  auto x3 = x.clone();
  x3.select(1, 2).normal_();  // the third channel (|w| or strain) is not an input of OFF-ApexNet
  EXPECT_TRUE(torch::allclose(m->forward(x3), y));
  auto xu = x.clone();
  xu.select(1, 0).add_(1.0);
  EXPECT_FALSE(torch::allclose(m->forward(xu), y));
}

TEST(FlowNets, InputSizeBelowTheMinimumIsAConfigError) {
  EXPECT_THROW(make("ststnet", 8), ConfigError);
  EXPECT_THROW(make("learnet", 28), ConfigError);  // the other models keep their 32 px minimum
  EXPECT_EQ(default_input_size("ststnet"), 28);
  EXPECT_EQ(default_input_size("off_apexnet"), 28);
}

}  // namespace
}  // namespace merlab
