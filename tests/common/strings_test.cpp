#include "framework/common/strings.h"

#include <gtest/gtest.h>

#include "framework/common/hash.h"

using namespace merlab;

TEST(Strings, EditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(Strings, ClosestMatchesPrefersNearest) {
  auto m = closest_matches("resnet81", {"resnet18", "resnet50", "vgg16", "learnet"});
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0], "resnet18");
}

TEST(Strings, ClosestMatchesUsesLastDottedComponent) {
  auto m = closest_matches("train.lr", {"train.optimizer.lr", "dataset.root"});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], "train.optimizer.lr");
}

TEST(Strings, SplitJoinTrim) {
  EXPECT_EQ(split("a.b..c", '.'), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(join({"x", "y"}, ", "), "x, y");
  EXPECT_EQ(trim("  hi \n"), "hi");
}

TEST(Hash, StableAndLengthPrefixed) {
  EXPECT_EQ(hash_hex("abc"), hash_hex("abc"));
  EXPECT_NE(hash_hex("abc"), hash_hex("abd"));
  EXPECT_EQ(hash_hex("abc").size(), 32u);
  Hasher a, b;
  a.add("ab").add("c");
  b.add("a").add("bc");
  EXPECT_NE(a.hex(), b.hex());
}
