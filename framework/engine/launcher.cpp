#include "framework/engine/launcher.h"

#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/config.h"

namespace merlab {
namespace {

class LocalLauncher : public Launcher {
 public:
  std::string name() const override { return "local"; }
  LaunchOutcome launch(const config::SweepPlan& plan, const LaunchRequest& request) override {
    LaunchOutcome out;
    out.setup = prepare_sweep(plan, sweep_name_for(plan, request.name), request.replace, request.command);
    LocalRunOptions local;
    local.workers = request.workers;
    local.quiet = request.quiet;
    local.threads_per_worker = request.threads;
    local.worker_command = request.worker_command;
    out.unfinished = run_sweep_locally(out.setup, local);
    return out;
  }
};

}  // namespace

std::string launcher_name(const config::SweepPlan& plan) {
  if (plan.points.empty()) return "local";
  const YAML::Node first = plan.points.front().composed.node["launcher"];
  const std::string first_text = config::canonical_yaml(first);
  for (const auto& p : plan.points) {
    if (config::canonical_yaml(p.composed.node["launcher"]) != first_text) {
      throw ConfigError("launcher.*: the launcher settings must be the same for every grid point (not a sweep axis)");
    }
  }
  return cfg::value_or<std::string>(first, "name", "local", "launcher");
}

std::unique_ptr<Launcher> make_local_launcher() { return std::make_unique<LocalLauncher>(); }

std::unique_ptr<Launcher> make_launcher(const config::SweepPlan& plan) {
  const std::string name = launcher_name(plan);
  if (name == "local") return make_local_launcher();
  if (name == "slurm") return make_slurm_launcher(plan.points.front().composed.node["launcher"]);
  throw ConfigError("config key 'launcher.name': unknown launcher '" + name + "' (expected local or slurm)");
}

}  // namespace merlab
