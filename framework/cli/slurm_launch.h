// `mer sweep launcher=slurm ...`: resolves and stores the sweep, merges the task databases of
// earlier submissions, writes the task list and sbatch scripts of what is still missing, submits
// a job array plus a dependent merge job, records their ids and returns without waiting.
// See docs/cluster.md.
#pragma once

#include "framework/cli/sweep_runner.h"
#include "framework/config/sweep_plan.h"

namespace merlab::cli {

// The launcher group's `name` (local when unset).
std::string launcher_name(const config::SweepPlan& plan);

int launch_slurm_sweep(const config::SweepPlan& plan, const SweepRunOptions& options);

}  // namespace merlab::cli
