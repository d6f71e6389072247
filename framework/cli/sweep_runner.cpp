#include "framework/cli/sweep_runner.h"

#include "framework/cli/slurm_launch.h"
#include "framework/common/strings.h"
#include "framework/engine/sweep_session.h"

namespace merlab::cli {

int execute_sweep(const config::SweepPlan& plan, const SweepRunOptions& options) {
  if (launcher_name(plan) == "slurm") return launch_slurm_sweep(plan, options);
  const std::string name = sweep_name_for(plan, options.name);
  auto setup = prepare_sweep(plan, name, options.replace, "mer sweep " + join(options.args, " "));
  LocalRunOptions local;
  local.workers = options.workers;
  local.quiet = options.quiet;
  return run_sweep_locally(setup, local) == 0 ? 0 : 1;
}

}  // namespace merlab::cli
