// One entry point for this module's registries (temporal strategies, spatial augmentations).
#pragma once

#include "framework/augment/spatial.h"
#include "framework/augment/temporal_strategy.h"

namespace merlab {

inline void register_builtin_augmentations() {
  register_builtin_temporal_strategies();
  register_builtin_spatial_augmentations();
}

}  // namespace merlab
