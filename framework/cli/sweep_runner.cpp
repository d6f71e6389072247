#include "framework/cli/sweep_runner.h"

#include "framework/common/error.h"

namespace merlab::cli {

int execute_sweep(const config::SweepPlan& plan, const SweepRunOptions& options) {
  throw RuntimeError("mer sweep: running sweeps needs the experiment engine, which this build does not include yet; "
                     "use --dry-run to list the grid (" + std::to_string(plan.points.size()) + " points)");
}

}  // namespace merlab::cli
