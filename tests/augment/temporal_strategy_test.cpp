#include "framework/augment/temporal_strategy.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"

using namespace merlab;

namespace {
TemporalStrategy build(const std::string& yaml) { return TemporalStrategy::from_config(YAML::Load(yaml)); }
}  // namespace

TEST(AugTemporal, BuiltinStrategies) {
  auto s = build("{name: single_di}");
  EXPECT_EQ(s.train_phases, std::vector<Phase>{Phase::full});
  EXPECT_EQ(s.test, TestRepresentation::full);
  EXPECT_EQ(s.test_phases(), std::vector<Phase>{Phase::full});
  // The paper's augmentation: the phase DIs are added to the full DI; tested on the full DI.
  auto d = build("{name: dual_phase_di}");
  EXPECT_EQ(d.train_phases, (std::vector<Phase>{Phase::full, Phase::onset_apex, Phase::apex_offset}));
  EXPECT_EQ(d.test, TestRepresentation::full);
  EXPECT_NE(d.describe().find("full+onset_apex+apex_offset, test: full"), std::string::npos) << d.describe();
  // The phase-only reading defaults to the representation it trains on.
  auto o = build("{name: dual_phase_only}");
  EXPECT_EQ(o.train_phases, (std::vector<Phase>{Phase::onset_apex, Phase::apex_offset}));
  EXPECT_EQ(o.test, TestRepresentation::phase_mean);
  EXPECT_EQ(o.test_phases(), (std::vector<Phase>{Phase::onset_apex, Phase::apex_offset}));
  EXPECT_EQ(build("{name: dual_phase_only, test: full}").test, TestRepresentation::full);
  EXPECT_EQ(TemporalStrategy::from_config(YAML::Node()).name, "single_di");
}

TEST(AugTemporal, FormerNameSaysWhatItBecame) {
  try {
    build("{name: dual_phase_plus_full}");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("renamed to 'dual_phase_di'"), std::string::npos) << e.what();
  }
}

TEST(AugTemporal, GeneralSubset) {
  auto s = build("{name: phases, train: [apex_offset, full]}");
  EXPECT_EQ(s.train_phases, (std::vector<Phase>{Phase::apex_offset, Phase::full}));
  EXPECT_EQ(s.test, TestRepresentation::full);
  EXPECT_EQ(build("{name: phases, train: [onset_apex]}").test, TestRepresentation::phase_mean);
  EXPECT_THROW(build("{name: phases}"), ConfigError);
  EXPECT_THROW(build("{name: phases, train: [full, full]}"), ConfigError);
  EXPECT_THROW(build("{name: phases, train: [apex]}"), ConfigError);
}

TEST(AugTemporal, ErrorsSuggestNames) {
  try {
    build("{name: dual_phase}");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dual_phase_di"), std::string::npos) << e.what();
  }
  EXPECT_THROW(build("{name: single_di, test: mean}"), ConfigError);
  EXPECT_THROW(build("{name: single_di, train: [full]}"), ConfigError);  // unknown key for a fixed strategy
}
