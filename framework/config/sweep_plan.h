// A sweep plan: every grid point resolved up front (Hydra composes lazily at job start, so an
// edit mid-sweep silently changes later jobs; we resolve and store everything at creation).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "framework/config/config.h"
#include "framework/config/sweep.h"

namespace merlab::config {

struct GridPoint {
  std::vector<std::string> overrides;  // the overrides that produce this point
  Composed composed;                   // resolved config
  std::string hash;                    // identity hash = run key (config/identity.h)
};

struct SweepPlan {
  SweepSpec spec;
  YAML::Node sweep_block;              // from the experiment, if any
  std::vector<GridPoint> points;
};

// `overrides`: plain and sweep overrides; `multirun`: values of -m (also sweep axes).
// Axes from the experiment's `sweep:` block are added unless the command line sets the same key.
// Duplicate points (same hash) are an error: they would be the same run.
SweepPlan plan_sweep(const std::vector<std::string>& overrides, const std::vector<std::string>& multirun,
                     const std::filesystem::path& root = default_config_root());

}  // namespace merlab::config
