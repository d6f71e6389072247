#include "framework/di/di_options.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"

using namespace merlab;

TEST(DiOptionsConfig, DefaultsAndValues) {
  auto d = DiOptions::from_config(YAML::Node());
  EXPECT_EQ(d.method, DiMethod::bilen);
  EXPECT_TRUE(d.apex_in_both_phases);
  EXPECT_EQ(d.normalisation, Uint8Normalisation::global);
  EXPECT_EQ(d.rounding, Uint8Rounding::round);
  auto o = DiOptions::from_config(YAML::Load(
      "{method: learnet_compat, apex_in_both_phases: false, apex_owner: apex_offset, short_phase: skip,"
      " missing_apex: middle, apex_outside: error, uint8: {normalisation: per_channel, rounding: truncate},"
      " cache_dir: /tmp/x, threads: 3}"));
  EXPECT_EQ(o.method, DiMethod::learnet_compat);
  EXPECT_FALSE(o.apex_in_both_phases);
  EXPECT_FALSE(o.apex_owner_is_onset_apex);
  EXPECT_EQ(o.short_phase, ShortPhasePolicy::skip);
  EXPECT_EQ(o.missing_apex, MissingApexPolicy::middle);
  EXPECT_EQ(o.apex_outside, ApexOutsidePolicy::error);
  EXPECT_EQ(o.normalisation, Uint8Normalisation::per_channel);
  EXPECT_EQ(o.rounding, Uint8Rounding::truncate);
  EXPECT_EQ(o.cache_dir, "/tmp/x");
  EXPECT_EQ(o.thread_count(), 3);
  EXPECT_NE(o.pixel_key(), d.pixel_key());
}

TEST(DiOptionsConfig, BadValuesNameTheKey) {
  try {
    DiOptions::from_config(YAML::Load("{method: bilenn}"));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("di.method"), std::string::npos) << e.what();
  }
  try {
    DiOptions::from_config(YAML::Load("{metod: bilen}"));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("method"), std::string::npos) << e.what();
  }
  EXPECT_THROW(DiOptions::from_config(YAML::Load("{uint8: {rounding: up}}")), ConfigError);
  EXPECT_THROW(DiOptions::from_config(YAML::Load("{missing_apex: guess}")), ConfigError);
  EXPECT_THROW(DiOptions::from_config(YAML::Load("{threads: -1}")), ConfigError);
}
