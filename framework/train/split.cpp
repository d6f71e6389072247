#include "framework/train/split.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "framework/common/error.h"

namespace merlab {

uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
  // Rejection sampling: accept only draws below the largest multiple of n.
  const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t x;
  do {
    x = rng();
  } while (x >= limit);
  return x % n;
}

void seeded_shuffle(std::vector<int64_t>& values, std::mt19937_64& rng) {
  for (std::size_t i = values.size(); i > 1; --i) {
    std::swap(values[i - 1], values[uniform_below(rng, i)]);
  }
}

GroupSplit split_by_group(const std::vector<std::string>& groups, double val_fraction, uint64_t seed) {
  std::set<std::string> distinct(groups.begin(), groups.end());
  const auto g = static_cast<int64_t>(distinct.size());
  if (g < 2) {
    throw ConfigError("train.early_stopping needs at least two training subjects to hold some out for "
                      "validation, got " + std::to_string(g));
  }
  int64_t n_val = std::llround(val_fraction * static_cast<double>(g));
  n_val = std::clamp<int64_t>(n_val, 1, g - 1);

  std::vector<std::string> names(distinct.begin(), distinct.end());
  std::vector<int64_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  std::mt19937_64 rng(seed);
  seeded_shuffle(order, rng);

  GroupSplit out;
  std::set<std::string> held;
  for (int64_t i = 0; i < n_val; ++i) held.insert(names[order[i]]);
  out.validation_groups.assign(held.begin(), held.end());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    (held.count(groups[i]) ? out.validation : out.train).push_back(static_cast<int64_t>(i));
  }
  return out;
}

}  // namespace merlab
