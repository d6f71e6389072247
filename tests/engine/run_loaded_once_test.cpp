// `mer run`'s path in-process (plan, local launcher): the run's experiment spec is parsed once
// and its dataset loaded once, counted by the engine's debug log lines.
#include <gtest/gtest.h>

#include "datasets/dataset.h"
#include "framework/augment/builtin.h"
#include "framework/common/log.h"
#include "framework/config/sweep_plan.h"
#include "framework/engine/launcher.h"
#include "framework/models/model_zoo.h"
#include "framework/train/registration.h"
#include "tests/engine/engine_support.h"

using namespace merlab;

namespace {
std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST(EngineRun, ParsesTheSpecOnceAndLoadsTheDatasetOnce) {
  register_builtin_models();
  register_builtin_augmentations();
  register_builtin_train_components();
  register_builtin_datasets();
  test::TempDir dir("merlab-once");
  auto plan = config::plan_sweep(test::tiny_overrides(dir), {});
  ASSERT_EQ(plan.points.size(), 1u);
  LaunchRequest request;
  request.name = "once";
  request.quiet = true;
  const auto before = log::level();
  log::set_level(log::Level::debug);
  testing::internal::CaptureStderr();
  LaunchOutcome outcome;
  try {
    outcome = make_launcher(plan)->launch(plan, request);
  } catch (...) {
    log::set_level(before);
    std::cerr << testing::internal::GetCapturedStderr();
    throw;
  }
  const std::string err = testing::internal::GetCapturedStderr();
  log::set_level(before);
  EXPECT_EQ(outcome.unfinished, 0) << err;
  EXPECT_FALSE(outcome.submitted);
  EXPECT_EQ(count_of(err, "parsing an experiment spec"), 1u) << err;
  EXPECT_EQ(count_of(err, "loaded dataset 'synthetic'"), 1u) << err;
}
