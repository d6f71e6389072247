#include "framework/train/options.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

std::string error_of(const std::string& yaml) {
  try {
    TrainOptions::from_config(YAML::Load(yaml));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TrainOptions, ReadsEveryKey) {
  auto o = TrainOptions::from_config(YAML::Load(R"(
epochs: 7
batch_size: 5
eval_batch_size: 9
seed: 42
optimizer: {name: sgd, lr: 0.05, momentum: 0.9}
scheduler: {name: step, step_size: 3}
label_smoothing: 0.1
class_weights: [1, 2, 3]
grad_clip: 2.5
early_stopping: {enabled: true, val_fraction: 0.25, patience: 2, metric: acc, min_delta: 0.01}
)"));
  EXPECT_EQ(o.epochs, 7);
  EXPECT_EQ(o.batch_size, 5);
  EXPECT_EQ(o.eval_batch_size, 9);
  EXPECT_EQ(o.seed, 42u);
  EXPECT_EQ(o.optimizer["name"].as<std::string>(), "sgd");
  EXPECT_EQ(o.scheduler["step_size"].as<int>(), 3);
  EXPECT_DOUBLE_EQ(o.label_smoothing, 0.1);
  EXPECT_EQ(o.class_weights.mode, ClassWeightSpec::Mode::explicit_list);
  EXPECT_EQ(o.class_weights.values, (std::vector<double>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(o.grad_clip, 2.5);
  EXPECT_TRUE(o.early_stopping.enabled);
  EXPECT_DOUBLE_EQ(o.early_stopping.val_fraction, 0.25);
  EXPECT_EQ(o.early_stopping.patience, 2);
  EXPECT_EQ(o.early_stopping.metric, "acc");
  EXPECT_DOUBLE_EQ(o.early_stopping.min_delta, 0.01);
  EXPECT_TRUE(o.device.is_cpu());
}

TEST(TrainOptions, ErrorsNameTheKey) {
  EXPECT_NE(error_of("{epoch: 3}").find("did you mean 'epochs'"), std::string::npos);
  EXPECT_NE(error_of("{epochs: 0}").find("train.epochs"), std::string::npos);
  EXPECT_NE(error_of("{batch_size: many}").find("train.batch_size"), std::string::npos);
  EXPECT_NE(error_of("{label_smoothing: 1.0}").find("train.label_smoothing"), std::string::npos);
  EXPECT_NE(error_of("{class_weights: balancd}").find("did you mean 'balanced'"), std::string::npos);
  EXPECT_NE(error_of("{class_weights: [1, -2]}").find("train.class_weights[1]"), std::string::npos);
  EXPECT_NE(error_of("{grad_clip: -1}").find("train.grad_clip"), std::string::npos);
  EXPECT_NE(error_of("{early_stopping: {metric: f1}}").find("train.early_stopping.metric"), std::string::npos);
  EXPECT_NE(error_of("{early_stopping: {val_fraction: 1.0}}").find("train.early_stopping.val_fraction"),
            std::string::npos);
  EXPECT_NE(error_of("{early_stopping: {patiense: 3}}").find("did you mean 'patience'"), std::string::npos);
  // Optimizer and scheduler problems surface here, before any training.
  EXPECT_NE(error_of("{optimizer: {name: adagrad}}").find("unknown optimizer 'adagrad'"), std::string::npos);
  EXPECT_NE(error_of("{scheduler: {name: cosine, warmup_epochs: 3}, epochs: 3}").find("train.scheduler.warmup_epochs"),
            std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("'train'"), std::string::npos);
}

TEST(TrainOptions, ShippedConfigsParse) {
  for (const char* name : {"default", "fast"}) {
    auto path = test::source_dir() / "experiments" / "conf" / "train" / (std::string(name) + ".yaml");
    auto o = TrainOptions::from_config(YAML::LoadFile(path.string()));
    EXPECT_GE(o.epochs, 1) << name;
    EXPECT_FALSE(o.early_stopping.enabled) << name;  // no epoch selection by default
    EXPECT_EQ(o.class_weights.mode, ClassWeightSpec::Mode::balanced) << name;
  }
  auto d = TrainOptions::from_config(
      YAML::LoadFile((test::source_dir() / "experiments/conf/train/default.yaml").string()));
  EXPECT_EQ(d.epochs, 10);
  EXPECT_EQ(d.batch_size, 16);
  EXPECT_EQ(d.scheduler["name"].as<std::string>(), "cosine");
}

}  // namespace
}  // namespace merlab
