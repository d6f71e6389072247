// Sweep targets expand the grid only when it is small: a product of many short axes is a
// legitimately huge grid (2^40 points from 40 'k=a,b' lines), which is the user's request, not
// a parser fault, and would only make the fuzzer run out of memory.
#pragma once

#include <cstddef>

#include "framework/config/sweep.h"

namespace merlab::fuzz {

inline bool grid_size_within(const merlab::config::SweepSpec& spec, std::size_t limit = 4096) {
  std::size_t points = 1;
  for (const auto& axis : spec.axes) {
    if (axis.values.empty()) return true;  // an empty axis gives an empty grid: cheap
    if (axis.values.size() > limit / points) return false;
    points *= axis.values.size();
  }
  return true;
}

}  // namespace merlab::fuzz
