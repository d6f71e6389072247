// Creating, resuming and executing a sweep on this machine.
//
// Creation resolves every grid point, validates it (before any training), loads each distinct
// dataset once to learn its classes, and stores sweep + runs (PENDING) in
// <runs-root>/<name>/results.sqlite with each run's resolved config in <name>/<run-id>/config.yaml.
// Running the same sweep again resumes it: DONE folds are skipped, FAILED and interrupted ones
// redone. A different grid under the same name is an error unless `replace` (--new) is given, in
// which case the old sweep folder is kept as <name>.old-<k>.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework/config/sweep_plan.h"
#include "framework/engine/loaded_run.h"
#include "framework/storage/records.h"

namespace merlab {

struct DatasetLoad;

struct SweepSetup {
  std::string name;
  std::filesystem::path dir;
  std::filesystem::path db_path;
  std::vector<std::string> run_ids;  // in grid order
  // What creating the sweep parsed and loaded, handed to the executor so that a run is parsed
  // and its dataset loaded once: the runs (as registered, in grid order) and each distinct
  // dataset by ExperimentSpec::data_key.
  std::vector<LoadedRun> runs;
  std::map<std::string, std::shared_ptr<const DatasetLoad>> datasets;
};

// Run id = first 16 hex digits of the resolved config's hash.
std::string run_id_for_hash(const std::string& config_hash);

// Sweep name: `explicit_name` if set, else the experiment's name, else output.sweep_name.
std::string sweep_name_for(const config::SweepPlan& plan, const std::string& explicit_name);
// output.stale_after_s of a stored run: how long a RUNNING fold on another host may stay silent
// before it is presumed dead.
double stale_after_of(const storage::RunRecord& run);

// ConfigError unless `name` is letters, digits and . _ - + =, starting with a letter, digit or
// '_', at most 100 characters (it becomes a folder, a database key and a Slurm job name).
void check_sweep_name(const std::string& name);

SweepSetup prepare_sweep(const config::SweepPlan& plan, const std::string& name, bool replace,
                         const std::string& command);

struct LocalRunOptions {
  int workers = 1;
  bool quiet = false;
  int threads_per_worker = 0;  // 0: each run's runtime.threads
  // With workers > 1: the program and leading arguments that start one worker process, which
  // then runs sweep_worker(). The CLI supplies it (its own binary and command name); the
  // engine appends --db, --dir, --sweep and --threads.
  std::vector<std::string> worker_command;
};

// Executes every run of the sweep here (in-process, or in `workers` child processes that claim
// folds from the database). Returns the number of runs not DONE at the end.
int run_sweep_locally(const SweepSetup& setup, const LocalRunOptions& options);

// Worker loop of one child process started by run_sweep_locally. threads > 0 overrides every
// run's runtime.threads.
int sweep_worker(const std::filesystem::path& db_path, const std::filesystem::path& dir, const std::string& sweep,
                 int threads);

}  // namespace merlab
