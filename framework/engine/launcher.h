// How a resolved plan is executed: the `launcher` config group. `mer run` and `mer sweep` both
// go through make_launcher(plan)->launch(...), so every launcher serves both commands.
//   local: this machine, in-process or in worker processes (sweep_session.h)
//   slurm: a Slurm job array plus a dependent merge job (slurm_launcher.cpp, docs/cluster.md)
// The launcher is not part of a run's identity (config/identity.h): a grid point has the same
// run id under every launcher, so a sweep started here can be resumed on a cluster.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "framework/config/sweep_plan.h"
#include "framework/engine/sweep_session.h"

namespace merlab {

struct LaunchRequest {
  std::string name;                  // sweep folder name; empty: sweep_name_for(plan, "")
  bool replace = false;              // --new
  std::string command;               // the command line, stored with the sweep
  // local only
  int workers = 1;
  bool quiet = false;
  int threads = 0;                   // > 0: overrides every run's runtime.threads
  std::vector<std::string> worker_command;  // LocalRunOptions::worker_command
};

struct LaunchOutcome {
  SweepSetup setup;
  bool submitted = false;            // handed to a scheduler: results come later
  int unfinished = 0;                // runs not DONE when launch() returned (local)
  std::string summary;               // what was submitted and how to follow it (slurm)
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  virtual std::string name() const = 0;
  // Creates (or resumes) the sweep and executes or submits what is not DONE.
  virtual LaunchOutcome launch(const config::SweepPlan& plan, const LaunchRequest& request) = 0;
};

// launcher.name of the plan (local when unset). ConfigError when the grid points disagree on
// the launcher settings: how a sweep runs is not a sweep axis.
std::string launcher_name(const config::SweepPlan& plan);

// The launcher the plan names. ConfigError for an unknown launcher.name.
std::unique_ptr<Launcher> make_launcher(const config::SweepPlan& plan);

std::unique_ptr<Launcher> make_local_launcher();
// Reads and validates the launcher: section (slurm::SlurmOptions::from_config) before anything is written.
std::unique_ptr<Launcher> make_slurm_launcher(const YAML::Node& launcher_node);

}  // namespace merlab
