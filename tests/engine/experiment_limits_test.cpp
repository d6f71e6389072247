// The `limits:` section reaches a run: ExperimentSpec validates it with the other sections and
// hands image_max_side to the dynamic-image options.
#include <gtest/gtest.h>

#include "framework/augment/builtin.h"
#include "framework/common/error.h"
#include "framework/config/config.h"
#include "framework/engine/experiment.h"
#include "framework/models/model_zoo.h"
#include "framework/train/registration.h"

using namespace merlab;

namespace {
ExperimentSpec spec_with(std::vector<std::string> overrides) {
  register_builtin_models();
  register_builtin_augmentations();
  register_builtin_train_components();
  config::ComposeOptions o;
  o.overrides = {"model=learnet"};
  o.overrides.insert(o.overrides.end(), overrides.begin(), overrides.end());
  return ExperimentSpec::from_config(config::compose(o).node);
}
}  // namespace

TEST(ExperimentLimits, SectionIsReadAndReachesTheDiOptions) {
  auto defaults = spec_with({});
  EXPECT_EQ(defaults.limits.xlsx_max_bytes, Limits{}.xlsx_max_bytes);
  EXPECT_EQ(defaults.di.limits.image_max_side, 16384u);
  auto s = spec_with({"limits.image_max_side=640", "limits.sheet_max_cells=5000"});
  EXPECT_EQ(s.limits.image_max_side, 640u);
  EXPECT_EQ(s.limits.sheet_max_cells, 5000u);
  EXPECT_EQ(s.di.limits.image_max_side, 640u);
  EXPECT_EQ(s.di.limits.source, Limits::Source::config);
  try {
    spec_with({"limits.image_max_side=0"});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("limits.image_max_side"), std::string::npos) << e.what();
  }
}
