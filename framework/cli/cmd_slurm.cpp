// `mer merge <sweep>`: folds the per-task databases of a Slurm sweep into its results.sqlite.
// `mer sweep-task` (internal): one Slurm array task; computes its run (or folds) into its own
// shard database. See docs/cluster.md and framework/slurm/shards.h.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <set>

#include "framework/cli/commands.h"
#include "framework/cli/launch_request.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/engine/interrupt.h"
#include "framework/engine/run_executor.h"
#include "framework/slurm/environment.h"
#include "framework/slurm/layout.h"
#include "framework/slurm/shards.h"
#include "framework/slurm/task_list.h"
#include "framework/storage/results_db.h"

namespace merlab::cli {
namespace fs = std::filesystem;
namespace {

fs::path sweep_dir_arg(const std::string& command, const std::vector<std::string>& positional) {
  if (positional.empty()) throw UsageError("mer " + command + ": missing the sweep folder (see 'mer " + command + " --help')");
  fs::path dir(positional[0]);
  if (dir.filename() == "results.sqlite") dir = dir.parent_path();
  if (!fs::exists(dir / "results.sqlite")) throw RuntimeError(dir.string() + ": no results.sqlite (not a sweep folder)");
  return dir;
}

int run_merge(const std::vector<std::string>& args) {
  po::options_description opts("options");
  auto parsed = parse_args("merge", "mer merge <sweep-dir>", args, opts, 1);
  if (parsed.help) {
    std::cout << "Merges <sweep-dir>/shards/*.sqlite into <sweep-dir>/results.sqlite: DONE and FAILED folds\n"
                 "are copied, unfinished ones skipped; merging twice changes nothing. A fold DONE in two\n"
                 "shards with different predictions keeps the first and is reported (exit status 1).\n";
    return 0;
  }
  const fs::path dir = sweep_dir_arg("merge", parsed.positional);
  auto summary = slurm::merge_shards(dir);
  int done = 0, failed = 0, dup = 0, incomplete = 0;
  for (const auto& s : summary.shards) {
    if (!s.error.empty()) {
      log::error("{}: not merged: {}", s.shard.string(), s.error);
      continue;
    }
    done += s.done_copied;
    failed += s.failed_copied;
    dup += s.duplicates;
    incomplete += s.incomplete;
    for (const auto& c : s.conflicts) {
      log::error("{}: {} is DONE with different predictions than already merged; kept the first merged", s.shard.string(), c);
    }
  }
  std::cout << fmt::format("{}: merged {} shard(s): {} DONE folds new, {} FAILED recorded, {} already merged, "
                           "{} unfinished skipped, {} conflicts\n",
                           (dir / "results.sqlite").string(), summary.shards.size() - summary.errors(), done, failed, dup,
                           incomplete, summary.conflicts());
  storage::OpenOptions ro;
  ro.read_only = true;
  auto db = storage::ResultsDb::open(dir / "results.sqlite", ro);
  int n_done = 0, n_runs = 0;
  for (const auto& r : db.runs()) {
    ++n_runs;
    n_done += r.status == storage::RunStatus::done;
  }
  std::cout << fmt::format("runs: {} of {} DONE ({} finished by this merge, {} FAILED by it); see 'mer status {}'\n",
                           n_done, n_runs, summary.runs_finished.size(), summary.runs_failed.size(), dir.string());
  return summary.conflicts() > 0 || summary.errors() > 0 ? 1 : 0;
}

int run_sweep_task(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()
      ("submission", po::value<int>()->default_value(0), "submission number k (slurm/tasks-<k>.tsv)")
      ("task", po::value<int>()->required(), "array task id ($SLURM_ARRAY_TASK_ID)");
  auto parsed = parse_args("sweep-task", "mer sweep-task <sweep-dir> --submission K --task ID", args, opts, 1);
  if (parsed.help) return 0;
  const fs::path dir = sweep_dir_arg("sweep-task", parsed.positional);
  const int k = parsed.vm["submission"].as<int>();
  const int id = parsed.vm["task"].as<int>();
  const auto list_path = slurm::tasks_path(dir, k);
  const auto task = slurm::find_task(slurm::read_tasks(list_path), id, list_path.string());
  const auto shard = slurm::shard_path(dir, k, id);

  install_interrupt_handlers();
  slurm::prepare_shard(dir / "results.sqlite", shard, task.run_id);
  // The task's identity and thread count come from Slurm's environment (and the MERLAB_THREADS
  // the array script exports); the executor gets them as options.
  const auto identity = slurm::task_identity_from_environment();
  ExecutorOptions executor_options;
  executor_options.threads = threads_from_environment();
  executor_options.slurm_job_id = identity.job_id;
  executor_options.slurm_task_id = identity.task_id;
  RunExecutor executor(shard, dir, executor_options);
  std::set<int> wanted(task.folds.begin(), task.folds.end());
  if (!wanted.empty()) executor.set_fold_filter(wanted);
  log::info("task {} of submission {}: run {}, folds {}; database {}", id, k, task.run_id,
            wanted.empty() ? std::string("all") : fmt::format("{}", fmt::join(wanted, ",")), shard.string());
  try {
    executor.execute(task.run_id, nullptr);
  } catch (const Interrupted&) {
    log::error("task {}: interrupted; the shard keeps every completed fold", id);
    return 130;
  }
  // Success means every fold this task was given is DONE in its shard.
  auto db = storage::ResultsDb::open(shard);
  auto done_list = db.completed_folds(task.run_id);
  std::set<int> done(done_list.begin(), done_list.end());
  if (wanted.empty()) {
    for (int f = 0; f < db.get_run(task.run_id).n_folds; ++f) wanted.insert(f);
  }
  int missing = 0;
  for (int f : wanted) missing += !done.count(f);
  if (missing > 0) {
    log::error("task {}: {} of {} folds not DONE (see 'mer status {}')", id, missing, wanted.size(), dir.string());
    return 1;
  }
  return 0;
}

}  // namespace

void add_slurm_commands(CommandTable& table) {
  table.add({"merge", "fold the per-task databases of a Slurm sweep into its results.sqlite", run_merge});
  table.add({"sweep-task", "(internal) one Slurm array task of 'mer sweep launcher=slurm'", run_sweep_task});
}

}  // namespace merlab::cli
