// Fold construction: leave-one-dataset-out over a composite's parts.
#include "framework/engine/folds.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"

using namespace merlab;

namespace {

Clip clip(const std::string& part, const std::string& subject) {
  Clip c;
  c.dataset = part;
  c.subject = part.empty() ? subject : part + "/" + subject;
  c.clip_id = c.subject + "/x";
  return c;
}

}  // namespace

TEST(Folds, LodoHoldsOutOneWholePartPerFold) {
  std::vector<Clip> clips = {clip("smic", "s01"),   clip("casme2", "sub01"), clip("casme2", "sub02"),
                             clip("samm", "006"),   clip("smic", "s02"),     clip("casme2", "sub01"),
                             clip("samm", "007")};
  ProtocolOptions p;
  p.name = "lodo";
  const auto folds = make_folds(clips, p);
  ASSERT_EQ(folds.size(), 3u);
  EXPECT_EQ(folds[0].held_out_part, "casme2");
  EXPECT_EQ(folds[0].test_subjects, (std::vector<std::string>{"casme2/sub01", "casme2/sub02"}));
  EXPECT_EQ(folds[1].held_out_part, "samm");
  EXPECT_EQ(folds[2].held_out_part, "smic");
  EXPECT_EQ(folds[2].test_subjects, (std::vector<std::string>{"smic/s01", "smic/s02"}));
  for (std::size_t i = 0; i < folds.size(); ++i) EXPECT_EQ(folds[i].index, static_cast<int>(i));

  // LOSO over the same clips: one fold per subject, part-qualified.
  EXPECT_EQ(make_folds(clips, ProtocolOptions{}).size(), 6u);
}

TEST(Folds, LodoNeedsAComposite) {
  ProtocolOptions p;
  p.name = "lodo";
  EXPECT_THROW(make_folds({clip("", "sub01"), clip("", "sub02")}, p), RuntimeError);
  EXPECT_THROW(make_folds({clip("casme2", "sub01"), clip("casme2", "sub02")}, p), RuntimeError);
  EXPECT_EQ(ProtocolOptions::from_config(YAML::Load("{name: lodo}")).name, "lodo");
  EXPECT_THROW(ProtocolOptions::from_config(YAML::Load("{name: lodso}")), ConfigError);
}
