// LEARNet: shapes, parameter and statistics counts of the published layout, and that it trains.
#include <gtest/gtest.h>

#include "framework/models/learnet.h"
#include "framework/models/model_zoo.h"

namespace merlab {
namespace {

TEST(LearNet, ParameterAndRunningStatisticCounts) {
  zoo::LearNet net(5, 112, 0.5);
  EXPECT_EQ(count_trainable_parameters(*net), 1866053);
  int64_t stats = 0;
  for (const auto& b : net->named_buffers()) {
    if (b.key().find("running_") != std::string::npos) stats += b.value().numel();
  }
  EXPECT_EQ(stats, 704);  // BN over 16+32 channels in both pairs, and over the 256-channel concat
  auto sd = net->named_parameters();
  EXPECT_EQ(sd["fc1.weight"].sizes(), (std::vector<int64_t>{256, 4096}));  // 4x4x256 after the last conv
  EXPECT_EQ(sd["branch2_bn1.weight"].numel(), 16);
  EXPECT_EQ(sd["branch4_bn2.weight"].numel(), 32);
  EXPECT_FALSE(sd.contains("branch1_bn1.weight"));
  EXPECT_FALSE(sd.contains("branch3_bn1.weight"));
  for (const auto& b : net->modules(false)) {
    if (auto* bn = b->as<torch::nn::BatchNorm2dImpl>()) {
      EXPECT_DOUBLE_EQ(bn->options.eps(), 1e-3);  // Keras defaults
      EXPECT_DOUBLE_EQ(*bn->options.momentum(), 0.01);
    }
  }
}

TEST(LearNet, SamePaddingMatchesTensorFlow) {
  // 'same' with stride 2: output ceil(n/2); the odd padding pixel goes at the end.
  zoo::SameConv2d conv(1, 1, 3, 2);
  torch::NoGradGuard no_grad;
  conv->weight.fill_(1.0);
  conv->bias.zero_();
  auto x = torch::ones({1, 1, 4, 4});
  auto y = conv->forward(x);
  ASSERT_EQ(y.sizes(), (std::vector<int64_t>{1, 1, 2, 2}));
  // pad total 1 -> (0 before, 1 after): first window fully inside (9), last one clipped (4).
  EXPECT_FLOAT_EQ(y[0][0][0][0].item<float>(), 9.0f);
  EXPECT_FLOAT_EQ(y[0][0][1][1].item<float>(), 4.0f);
  EXPECT_EQ(conv->forward(torch::ones({1, 1, 7, 7})).sizes(), (std::vector<int64_t>{1, 1, 4, 4}));
}

TEST(LearNet, OutputShapesForOtherInputSizes) {
  torch::NoGradGuard no_grad;
  for (int64_t s : {64, 112, 100}) {
    zoo::LearNet net(3, s, 0.5);
    net->eval();
    EXPECT_EQ(net->forward(torch::randn({2, 3, s, s})).sizes(), (std::vector<int64_t>{2, 3})) << s;
  }
}

TEST(LearNet, TrainingStepsLowerTheLossOnAFixedBatch) {
  torch::manual_seed(11);
  zoo::LearNet net(5, 64, 0.0);
  net->train();
  auto x = torch::randn({8, 3, 64, 64});
  auto y = torch::tensor({0, 1, 2, 3, 4, 0, 1, 2}, torch::kLong);
  torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
  auto loss_of = [&] { return torch::nn::functional::cross_entropy(net->forward(x), y); };
  const double first = loss_of().item<double>();
  double last = first;
  for (int step = 0; step < 8; ++step) {
    opt.zero_grad();
    auto loss = loss_of();
    loss.backward();
    opt.step();
    last = loss.item<double>();
  }
  EXPECT_LT(last, 0.7 * first) << "first " << first << " last " << last;
  for (const auto& b : net->named_buffers()) {
    if (b.key().find("running_mean") != std::string::npos) {
      EXPECT_GT(b.value().abs().sum().item<double>(), 0.0) << b.key() << " never updated";
    }
  }
}

}  // namespace
}  // namespace merlab
