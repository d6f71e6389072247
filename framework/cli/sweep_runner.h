// Executes a resolved sweep plan (local workers or a cluster launcher), see framework/engine.
#pragma once
#include <string>
#include <vector>

#include "framework/config/sweep_plan.h"

namespace merlab::cli {

struct SweepRunOptions {
  int workers = 1;
  bool quiet = false;
  bool replace = false;            // --new
  std::string name;                // --name
  std::vector<std::string> args;   // the command line, stored with the sweep
};

int execute_sweep(const config::SweepPlan& plan, const SweepRunOptions& options);

}  // namespace merlab::cli
