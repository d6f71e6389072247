#include "framework/di/phases.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "tests/di/di_test_util.h"
#include "tests/support/test_support.h"

using namespace merlab;

namespace {

// Frames 10..20 exist; the annotation is set per test.
struct DiPhases : ::testing::Test {
  test::TempDir tmp;
  Clip clip = test::write_clip(tmp / "clip", 10, 20);
  DiOptions o;

  std::pair<long, long> bounds(Phase p) {
    auto r = resolve_phase(clip, p, o);
    EXPECT_FALSE(r.skip);
    EXPECT_EQ(r.frames.size(), static_cast<std::size_t>(r.last - r.first + 1));
    if (!r.frames.empty()) {
      EXPECT_EQ(r.frames.front().number, r.first);
      EXPECT_EQ(r.frames.back().number, r.last);
    }
    return {r.first, r.last};
  }
};

using Range = std::pair<long, long>;

}  // namespace

TEST(DiPhaseNames, RoundTripAndErrors) {
  for (Phase p : all_phases()) EXPECT_EQ(phase_from_name(phase_name(p)), p);
  EXPECT_EQ(phase_name(Phase::onset_apex), "onset_apex");
  EXPECT_THROW(phase_from_name("onset-apex"), ConfigError);
}

TEST_F(DiPhases, DiPhaseBoundariesApexInBoth) {
  clip.onset = 11, clip.apex = 15, clip.offset = 19;
  EXPECT_EQ(bounds(Phase::full), Range(11, 19));
  EXPECT_EQ(bounds(Phase::onset_apex), Range(11, 15));
  EXPECT_EQ(bounds(Phase::apex_offset), Range(15, 19));
}

TEST_F(DiPhases, DiPhaseBoundariesApexInOnePhase) {
  clip.onset = 11, clip.apex = 15, clip.offset = 19;
  o.apex_in_both_phases = false;
  EXPECT_EQ(bounds(Phase::onset_apex), Range(11, 15));
  EXPECT_EQ(bounds(Phase::apex_offset), Range(16, 19));
  o.apex_owner_is_onset_apex = false;
  EXPECT_EQ(bounds(Phase::onset_apex), Range(11, 14));
  EXPECT_EQ(bounds(Phase::apex_offset), Range(15, 19));
}

TEST_F(DiPhases, DiShortPhasePolicies) {
  clip.onset = 12, clip.apex = 12, clip.offset = 18;  // onset_apex has one frame
  o.short_phase = ShortPhasePolicy::use_full;
  auto r = resolve_phase(clip, Phase::onset_apex, o);
  EXPECT_EQ(Range(r.first, r.last), Range(12, 18));
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "short_phase=use_full");
  o.short_phase = ShortPhasePolicy::single_frame;
  EXPECT_EQ(bounds(Phase::onset_apex), Range(12, 12));
  o.short_phase = ShortPhasePolicy::skip;
  EXPECT_TRUE(resolve_phase(clip, Phase::onset_apex, o).skip);
  EXPECT_FALSE(resolve_phase(clip, Phase::apex_offset, o).skip);  // the other phase is fine
  o.short_phase = ShortPhasePolicy::error;
  EXPECT_THROW(resolve_phase(clip, Phase::onset_apex, o), RuntimeError);
  // apex == offset with the apex kept by onset_apex: apex_offset is empty
  clip.apex = 18;
  o.apex_in_both_phases = false;
  o.short_phase = ShortPhasePolicy::single_frame;
  EXPECT_EQ(bounds(Phase::apex_offset), Range(18, 18));
}

TEST_F(DiPhases, DiMissingApexPolicies) {
  clip.onset = 10, clip.apex.reset(), clip.offset = 19;
  o.missing_apex = MissingApexPolicy::use_full;
  EXPECT_EQ(bounds(Phase::onset_apex), Range(10, 19));
  EXPECT_EQ(bounds(Phase::apex_offset), Range(10, 19));
  o.missing_apex = MissingApexPolicy::middle;
  EXPECT_EQ(bounds(Phase::onset_apex), Range(10, 14));
  EXPECT_EQ(bounds(Phase::apex_offset), Range(14, 19));
  o.missing_apex = MissingApexPolicy::skip_clip;
  EXPECT_TRUE(resolve_phase(clip, Phase::onset_apex, o).skip);
  EXPECT_TRUE(resolve_phase(clip, Phase::full, o).skip);  // the whole clip goes
  o.missing_apex = MissingApexPolicy::error;
  try {
    resolve_phase(clip, Phase::apex_offset, o);
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("clip"), std::string::npos);
  }
  EXPECT_EQ(bounds(Phase::full), Range(10, 19));  // the full DI needs no apex
}

TEST_F(DiPhases, DiApexOutsidePolicies) {
  clip.onset = 11, clip.apex = 25, clip.offset = 17;
  o.apex_outside = ApexOutsidePolicy::clamp;
  EXPECT_EQ(bounds(Phase::onset_apex), Range(11, 17));
  o.short_phase = ShortPhasePolicy::single_frame;
  EXPECT_EQ(bounds(Phase::apex_offset), Range(17, 17));
  o.apex_outside = ApexOutsidePolicy::treat_as_missing;
  o.missing_apex = MissingApexPolicy::middle;
  EXPECT_EQ(bounds(Phase::onset_apex), Range(11, 14));
  o.apex_outside = ApexOutsidePolicy::skip_clip;
  EXPECT_TRUE(resolve_phase(clip, Phase::apex_offset, o).skip);
  EXPECT_TRUE(resolve_phase(clip, Phase::full, o).skip);
  o.apex_outside = ApexOutsidePolicy::error;
  try {
    resolve_phase(clip, Phase::onset_apex, o);
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("apex 25"), std::string::npos) << e.what();
  }
}

TEST_F(DiPhases, DiPhaseBadAnnotationsAndMissingFrames) {
  clip.onset = 15, clip.apex = 16, clip.offset = 12;
  EXPECT_THROW(resolve_phase(clip, Phase::full, o), RuntimeError);
  clip.onset = 10, clip.apex = 12, clip.offset = 24;  // frames 21..24 do not exist
  try {
    resolve_phase(clip, Phase::apex_offset, o);
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("frame 21"), std::string::npos) << e.what();
  }
  std::filesystem::remove(tmp / "clip" / "img13.png");
  clip.frames = list_frames(clip.folder);
  clip.offset = 20;
  clip.apex = 14;
  EXPECT_THROW(resolve_phase(clip, Phase::onset_apex, o), RuntimeError);  // needs 13
  EXPECT_NO_THROW(resolve_phase(clip, Phase::apex_offset, o));  // 14..20 are all there
}
