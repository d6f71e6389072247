#include "framework/train/loss.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"

namespace merlab {
namespace {

TEST(TrainLoss, BalancedWeightsAreNOverCTimesCount) {
  auto labels = torch::tensor(std::vector<int64_t>{0, 0, 0, 1, 1, 3}, torch::kLong);
  auto w = class_weights({ClassWeightSpec::Mode::balanced, {}}, labels, 4);
  ASSERT_EQ(w.numel(), 4);
  EXPECT_FLOAT_EQ(w[0].item<float>(), 6.0f / (4 * 3));
  EXPECT_FLOAT_EQ(w[1].item<float>(), 6.0f / (4 * 2));
  EXPECT_FLOAT_EQ(w[2].item<float>(), 0.0f);  // no training sample
  EXPECT_FLOAT_EQ(w[3].item<float>(), 6.0f / (4 * 1));
}

TEST(TrainLoss, ExplicitAndNoneWeights) {
  auto labels = torch::tensor(std::vector<int64_t>{0, 1}, torch::kLong);
  EXPECT_FALSE(class_weights({}, labels, 2).defined());
  auto w = class_weights({ClassWeightSpec::Mode::explicit_list, {1.0, 2.5}}, labels, 2);
  EXPECT_FLOAT_EQ(w[1].item<float>(), 2.5f);
  EXPECT_THROW(class_weights({ClassWeightSpec::Mode::explicit_list, {1.0, 2.5}}, labels, 3), ConfigError);
}

// torch.nn.functional.cross_entropy with weight w and label smoothing eps (PyTorch docs):
// l_n = (1 - eps) * w_{y_n} * (-log p_{n,y_n}) + eps / C * sum_c w_c * (-log p_{n,c}),
// loss = sum_n l_n / sum_n w_{y_n}.
double reference_loss(const torch::Tensor& logits, const torch::Tensor& y, const torch::Tensor& w, double eps) {
  auto logp = torch::log_softmax(logits.to(torch::kFloat64), 1);
  const int64_t n = logits.size(0), c = logits.size(1);
  auto weight = w.defined() ? w.to(torch::kFloat64) : torch::ones({c}, torch::kFloat64);
  double total = 0.0, norm = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t t = y[i].item<int64_t>();
    double smooth = 0.0;
    for (int64_t k = 0; k < c; ++k) smooth += weight[k].item<double>() * -logp[i][k].item<double>();
    total += (1 - eps) * weight[t].item<double>() * -logp[i][t].item<double>() + eps / c * smooth;
    norm += weight[t].item<double>();
  }
  return total / norm;
}

TEST(TrainLoss, LabelSmoothingAndWeightsMatchTorchFormula) {
  torch::manual_seed(3);
  auto logits = torch::randn({7, 4}) * 3;
  auto y = torch::tensor(std::vector<int64_t>{0, 1, 2, 3, 0, 0, 2}, torch::kLong);
  auto w = torch::tensor(std::vector<float>{0.5f, 2.0f, 1.0f, 3.0f});
  for (double eps : {0.0, 0.1, 0.3}) {
    EXPECT_NEAR(classification_loss(logits, y, {}, eps).item<double>(), reference_loss(logits, y, {}, eps), 1e-5);
    EXPECT_NEAR(classification_loss(logits, y, w, eps).item<double>(), reference_loss(logits, y, w, eps), 1e-5);
  }
  // Smoothing changes the value (the check above is not vacuous).
  EXPECT_GT(std::abs(classification_loss(logits, y, {}, 0.3).item<double>() -
                     classification_loss(logits, y, {}, 0.0).item<double>()), 1e-3);
}

TEST(TrainLoss, GradientClippingBoundsTheGlobalNorm) {
  auto a = torch::zeros({3}, torch::requires_grad());
  auto b = torch::zeros({2, 2}, torch::requires_grad());
  a.mutable_grad() = torch::full({3}, 10.0);
  b.mutable_grad() = torch::full({2, 2}, -10.0);
  const double before = std::sqrt(7 * 100.0);
  EXPECT_NEAR(clip_gradients({a, b}, 1.0), before, 1e-4);
  const double after = std::sqrt(a.grad().pow(2).sum().item<double>() + b.grad().pow(2).sum().item<double>());
  EXPECT_LE(after, 1.0 + 1e-5);
  EXPECT_GT(after, 0.99);
  // Direction is kept.
  EXPECT_NEAR(a.grad()[0].item<double>(), 10.0 / before, 1e-5);
  // 0 = off.
  clip_gradients({a, b}, 0.0);
  EXPECT_NEAR(a.grad()[0].item<double>(), 10.0 / before, 1e-5);
}

}  // namespace
}  // namespace merlab
