#include "framework/train/schedulers.h"

#include <gtest/gtest.h>

#include <cmath>

namespace merlab {
namespace {

std::unique_ptr<LrScheduler> make(const std::string& yaml, double base, int64_t epochs, int64_t steps) {
  register_builtin_schedulers();
  return scheduler_registry().create(YAML::Load(yaml), "train.scheduler", base, epochs, steps);
}

TEST(TrainSchedulers, NoneIsConstant) {
  auto s = make("{name: none}", 0.01, 5, 3);
  for (int64_t e = 0; e < 5; ++e)
    for (int64_t k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(s->lr_at(e, k), 0.01);
}

TEST(TrainSchedulers, StepDecaysAtEpochBoundaries) {
  auto s = make("{name: step, step_size: 2, gamma: 0.5}", 0.1, 6, 4);
  EXPECT_DOUBLE_EQ(s->lr_at(0, 0), 0.1);
  EXPECT_DOUBLE_EQ(s->lr_at(1, 3), 0.1);
  EXPECT_DOUBLE_EQ(s->lr_at(2, 0), 0.05);
  EXPECT_DOUBLE_EQ(s->lr_at(3, 2), 0.05);
  EXPECT_DOUBLE_EQ(s->lr_at(4, 0), 0.025);
}

TEST(TrainSchedulers, MultiStepDecaysAtMilestones) {
  auto s = make("{name: multistep, milestones: [2, 5], gamma: 0.1}", 1.0, 8, 1);
  EXPECT_DOUBLE_EQ(s->lr_at(1, 0), 1.0);
  EXPECT_NEAR(s->lr_at(2, 0), 0.1, 1e-15);
  EXPECT_NEAR(s->lr_at(4, 0), 0.1, 1e-15);
  EXPECT_NEAR(s->lr_at(5, 0), 0.01, 1e-15);
}

TEST(TrainSchedulers, CosineKnownValues) {
  auto s = make("{name: cosine}", 0.1, 10, 1);
  EXPECT_DOUBLE_EQ(s->lr_at(0, 0), 0.1);
  EXPECT_NEAR(s->lr_at(5, 0), 0.05, 1e-15);  // half way: (1 + cos(pi/2)) / 2 = 1/2
  EXPECT_NEAR(s->lr_at(9, 0), 0.1 * 0.5 * (1 + std::cos(M_PI * 0.9)), 1e-15);

  auto floor = make("{name: cosine, min_lr: 0.01}", 0.1, 10, 1);
  EXPECT_NEAR(floor->lr_at(5, 0), 0.055, 1e-15);

  // Per step: step 2 of 4 in epoch 2 is fractional epoch 2.5.
  auto per_step = make("{name: cosine}", 1.0, 10, 4);
  EXPECT_NEAR(per_step->lr_at(2, 2), 0.5 * (1 + std::cos(M_PI * 0.25)), 1e-15);
  EXPECT_LT(per_step->lr_at(2, 3), per_step->lr_at(2, 2));
}

TEST(TrainSchedulers, LinearWarmupThenCosine) {
  // 2 warmup epochs of 4 steps: W = 8 steps, lr = base * (g + 1) / 8; then cosine over 8 epochs.
  auto s = make("{name: cosine, warmup_epochs: 2}", 0.8, 10, 4);
  EXPECT_DOUBLE_EQ(s->lr_at(0, 0), 0.1);
  EXPECT_DOUBLE_EQ(s->lr_at(0, 3), 0.4);
  EXPECT_DOUBLE_EQ(s->lr_at(1, 3), 0.8);
  EXPECT_DOUBLE_EQ(s->lr_at(2, 0), 0.8);
  EXPECT_NEAR(s->lr_at(6, 0), 0.4, 1e-15);  // 4 of 8 cosine epochs
}

TEST(TrainSchedulers, WarmupAloneThenConstant) {
  auto s = make("{name: warmup, warmup_epochs: 1}", 0.3, 4, 3);
  EXPECT_DOUBLE_EQ(s->lr_at(0, 0), 0.1);
  EXPECT_DOUBLE_EQ(s->lr_at(0, 1), 0.2);
  EXPECT_DOUBLE_EQ(s->lr_at(0, 2), 0.3);
  EXPECT_DOUBLE_EQ(s->lr_at(3, 2), 0.3);
  auto stepped = make("{name: step, step_size: 1, gamma: 0.5, warmup_epochs: 1}", 1.0, 4, 2);
  EXPECT_DOUBLE_EQ(stepped->lr_at(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(stepped->lr_at(1, 0), 1.0);  // the step clock starts after warmup
  EXPECT_DOUBLE_EQ(stepped->lr_at(2, 0), 0.5);
}

TEST(TrainSchedulers, BadConfigsAreConfigErrors) {
  EXPECT_THROW(make("{name: step}", 0.1, 5, 1), ConfigError);  // step_size required
  EXPECT_THROW(make("{name: step, step_size: 0}", 0.1, 5, 1), ConfigError);
  EXPECT_THROW(make("{name: cosine, warmup_epochs: 5}", 0.1, 5, 1), ConfigError);
  EXPECT_THROW(make("{name: cosine, min_lr: 1.0}", 0.1, 5, 1), ConfigError);
  EXPECT_THROW(make("{name: cosine, step_size: 2}", 0.1, 5, 1), ConfigError);
  EXPECT_THROW(make("{name: multistep, milestones: [3, 2]}", 0.1, 5, 1), ConfigError);
  try {
    make("{name: cosin}", 0.1, 5, 1);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("cosine"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace merlab
