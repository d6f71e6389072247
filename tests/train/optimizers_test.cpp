#include "framework/train/optimizers.h"

#include <gtest/gtest.h>

#include "framework/train/registration.h"

namespace merlab {
namespace {

std::unique_ptr<torch::optim::Optimizer> make(const std::string& yaml, torch::Tensor p) {
  register_builtin_optimizers();
  return optimizer_registry().create(YAML::Load(yaml), "train.optimizer", {p});
}

// Minimises sum((p - 3)^2) for a few steps.
double descend(torch::optim::Optimizer& opt, torch::Tensor p, int steps) {
  for (int i = 0; i < steps; ++i) {
    opt.zero_grad();
    auto loss = (p - 3.0).pow(2).sum();
    loss.backward();
    opt.step();
  }
  return (p - 3.0).pow(2).sum().item<double>();
}

TEST(TrainOptimizers, EachOptimizerStepsTowardsTheMinimum) {
  for (const std::string yaml : {"{name: sgd, lr: 0.1}", "{name: sgd, lr: 0.05, momentum: 0.9, nesterov: true}",
                                 "{name: adam, lr: 0.1}", "{name: adamw, lr: 0.1, weight_decay: 0.0}"}) {
    auto p = torch::zeros({4}, torch::requires_grad());
    auto opt = make(yaml, p);
    const double before = (p - 3.0).pow(2).sum().item<double>();
    const double after = descend(*opt, p, 20);
    EXPECT_LT(after, 0.5 * before) << yaml;
  }
}

TEST(TrainOptimizers, ConfigValuesReachTheOptimizer) {
  auto p = torch::zeros({1}, torch::requires_grad());
  auto opt = make("{name: sgd, lr: 0.02, momentum: 0.8, nesterov: true, weight_decay: 0.001}", p);
  auto& o = static_cast<torch::optim::SGDOptions&>(opt->param_groups()[0].options());
  EXPECT_DOUBLE_EQ(o.lr(), 0.02);
  EXPECT_DOUBLE_EQ(o.momentum(), 0.8);
  EXPECT_TRUE(o.nesterov());
  EXPECT_DOUBLE_EQ(o.weight_decay(), 0.001);
  auto adam = make("{name: adam, lr: 0.003, betas: [0.8, 0.99], eps: 1.0e-6}", p);
  auto& a = static_cast<torch::optim::AdamOptions&>(adam->param_groups()[0].options());
  EXPECT_DOUBLE_EQ(std::get<0>(a.betas()), 0.8);
  EXPECT_DOUBLE_EQ(std::get<1>(a.betas()), 0.99);
  EXPECT_DOUBLE_EQ(a.eps(), 1e-6);
}

// AdamW decays the weight directly (p -= lr * wd * p); Adam adds wd * p to the gradient, which
// Adam's normalisation then turns into a step of about lr.
TEST(TrainOptimizers, AdamWDecouplesWeightDecayFromAdam) {
  auto step_with_zero_grad = [](const std::string& yaml) {
    auto p = torch::ones({1}, torch::requires_grad());
    auto opt = make(yaml, p);
    p.mutable_grad() = torch::zeros({1});
    opt->step();
    return p.item<double>();
  };
  EXPECT_NEAR(step_with_zero_grad("{name: adamw, lr: 0.1, weight_decay: 0.1}"), 0.99, 1e-7);
  EXPECT_NEAR(step_with_zero_grad("{name: adam, lr: 0.1, weight_decay: 0.1}"), 0.9, 1e-6);
}

TEST(TrainOptimizers, SetLearningRateWritesEveryGroup) {
  auto p = torch::zeros({1}, torch::requires_grad());
  auto opt = make("{name: adam, lr: 0.1}", p);
  opt->add_param_group(torch::optim::OptimizerParamGroup({torch::zeros({1}, torch::requires_grad())},
                                                         std::make_unique<torch::optim::AdamOptions>(0.5)));
  set_learning_rate(*opt, 0.25);
  for (auto& g : opt->param_groups()) EXPECT_DOUBLE_EQ(g.options().get_lr(), 0.25);
  EXPECT_DOUBLE_EQ(learning_rate(*opt), 0.25);
}

TEST(TrainOptimizers, BadConfigsAreConfigErrorsNamingTheKey) {
  auto p = torch::zeros({1}, torch::requires_grad());
  auto message = [&](const std::string& yaml) {
    try {
      make(yaml, p);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("{name: adamm}").find("did you mean 'adam"), std::string::npos) << message("{name: adamm}");
  EXPECT_NE(message("{name: adam, weight_decy: 0.1}").find("train.optimizer.weight_decy"), std::string::npos);
  EXPECT_NE(message("{name: adam, weight_decy: 0.1}").find("weight_decay"), std::string::npos);
  EXPECT_NE(message("{name: sgd, nesterov: true}").find("momentum > 0"), std::string::npos);
  EXPECT_NE(message("{name: adam, lr: -1}").find("train.optimizer.lr"), std::string::npos);
  EXPECT_NE(message("{name: adam, betas: [0.9]}").find("train.optimizer.betas"), std::string::npos);
  EXPECT_NE(message("{name: sgd, lr: fast}").find("expected a number"), std::string::npos);
}

}  // namespace
}  // namespace merlab

namespace merlab {
namespace {

TEST(TrainRegistration, BothRegistriesArePublishedForMerList) {
  register_builtin_train_components();
  register_builtin_train_components();  // idempotent
  auto* optimizers = find_registry("optimizer");
  auto* schedulers = find_registry("scheduler");
  ASSERT_NE(optimizers, nullptr);
  ASSERT_NE(schedulers, nullptr);
  EXPECT_EQ(optimizers->names(), (std::vector<std::string>{"adam", "adamw", "sgd"}));
  EXPECT_EQ(schedulers->names(), (std::vector<std::string>{"cosine", "multistep", "none", "step", "warmup"}));
}

}  // namespace
}  // namespace merlab
