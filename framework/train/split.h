// Seeded index permutations and the inner validation split by subject.
//
// Shuffling uses its own std::mt19937_64 and an explicit unbiased Fisher-Yates (not std::shuffle,
// whose output is implementation-defined), so an order depends only on the seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace merlab {

// Uniform integer in [0, n) without modulo bias.
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n);

// Fisher-Yates shuffle in place.
void seeded_shuffle(std::vector<int64_t>& values, std::mt19937_64& rng);

struct GroupSplit {
  std::vector<int64_t> train;              // sample indices, ascending
  std::vector<int64_t> validation;         // sample indices, ascending
  std::vector<std::string> validation_groups;  // sorted
};

// Holds out whole groups (subjects): round(val_fraction * G) of the G distinct groups, at least 1
// and at most G - 1, drawn with `seed` from the sorted group names (so the input order of samples
// does not matter). Throws ConfigError when there are fewer than two groups.
GroupSplit split_by_group(const std::vector<std::string>& groups, double val_fraction, uint64_t seed);

}  // namespace merlab
