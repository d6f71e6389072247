// The Slurm launcher (`launcher=slurm`): resolves and stores the sweep, merges the task
// databases of earlier submissions, writes the task list and sbatch scripts of what is still
// missing, submits a job array plus a dependent merge job, records their ids and returns
// without waiting. See docs/cluster.md.
#include <fstream>
#include <map>
#include <set>

#include "datasets/dataset.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/config/config.h"
#include "framework/engine/folds.h"
#include "framework/engine/launcher.h"
#include "framework/engine/loaded_run.h"
#include "framework/engine/sweep_session.h"
#include "framework/slurm/jobs.h"
#include "framework/slurm/layout.h"
#include "framework/slurm/process.h"
#include "framework/slurm/script.h"
#include "framework/slurm/shards.h"
#include "framework/slurm/task_list.h"
#include "framework/storage/results_db.h"

namespace merlab {
namespace fs = std::filesystem;
namespace {

// Refuses to submit while jobs of an earlier submission are still queued or running: their
// folds would be computed twice.
void check_queue(const slurm::SlurmOptions& options, const std::vector<slurm::SlurmJob>& jobs) {
  if (jobs.empty()) return;
  std::vector<std::string> ids;
  for (const auto& j : jobs) ids.push_back(j.job_id);
  auto r = slurm::run_program(options.squeue, {"-h", "-o", "%i", "--states=PENDING,RUNNING,CONFIGURING,COMPLETING,SUSPENDED",
                                               "--jobs=" + join(ids, ",")});
  if (r.exit_code == 127) {
    log::warn("cannot run '{}' to check for queued jobs of this sweep ({}); submitting anyway", options.squeue,
              r.err.empty() ? "not found" : r.err);
    return;
  }
  // squeue fails with "Invalid job id" once every listed job has left the queue.
  std::string listed = r.exit_code == 0 ? r.out : "";
  while (!listed.empty() && (listed.back() == '\n' || listed.back() == ' ')) listed.pop_back();
  if (!listed.empty()) {
    auto queued = split(listed, '\n');
    throw RuntimeError("jobs of this sweep are still queued or running (" + join(queued, ", ") +
                       "); wait for them ('mer status'), or cancel them with 'scancel " + join(ids, " ") +
                       "', then run the same command again");
  }
}

// Folds of a run whose count is not stored yet, from the run and dataset prepare_sweep parsed
// and loaded.
int fold_count(const SweepSetup& setup, const std::string& run_id) {
  for (const auto& run : setup.runs) {
    if (run.record.run_id != run_id) continue;
    const auto d = setup.datasets.find(run.spec.data_key());
    if (d == setup.datasets.end()) break;
    return static_cast<int>(make_folds(d->second->clips, run.spec.protocol).size());
  }
  throw RuntimeError("run " + run_id + ": not part of the prepared sweep");
}

// Array tasks for what is not DONE: whole runs (or one task per missing fold with
// granularity=fold); a run partly DONE gets a task limited to its missing folds.
std::vector<slurm::SlurmTask> plan_tasks(const SweepSetup& setup, const slurm::SlurmOptions& options) {
  auto db = storage::ResultsDb::open(setup.db_path);
  // Runs with a fold a live task is computing right now (fresh heartbeat in its shard).
  std::set<std::string> live;
  const double now = storage::unix_now();
  std::map<std::string, double> stale_after;
  for (const auto& sf : slurm::shard_folds(setup.dir)) {
    const auto& f = sf.fold;
    if (f.status != storage::FoldStatus::running || !f.heartbeat) continue;
    if (!stale_after.count(f.run_id)) stale_after[f.run_id] = stale_after_of(db.get_run(f.run_id));
    if (now - *f.heartbeat < stale_after[f.run_id]) live.insert(f.run_id);
  }
  std::vector<slurm::SlurmTask> tasks;
  auto add = [&](const std::string& run_id, std::vector<int> folds) {
    slurm::SlurmTask t;
    t.id = static_cast<int>(tasks.size());
    t.run_id = run_id;
    t.folds = std::move(folds);
    tasks.push_back(std::move(t));
  };
  for (const auto& id : setup.run_ids) {
    auto run = db.get_run(id);
    if (run.status == storage::RunStatus::done) continue;
    if (live.count(id)) {
      log::info("run {}: a task is still computing it; not resubmitted", id);
      continue;
    }
    auto done_list = db.completed_folds(id);
    std::set<int> done(done_list.begin(), done_list.end());
    if (options.granularity == slurm::Granularity::run && done.empty()) {
      add(id, {});
      continue;
    }
    const int n = run.n_folds > 0 ? run.n_folds : fold_count(setup, id);
    std::vector<int> missing;
    for (int f = 0; f < n; ++f)
      if (!done.count(f)) missing.push_back(f);
    if (missing.empty()) continue;
    if (options.granularity == slurm::Granularity::run) {
      add(id, missing);
    } else {
      for (int f : missing) add(id, {f});
    }
  }
  return tasks;
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream f(p);
  f << text;
  if (!f) throw RuntimeError(p.string() + ": cannot write");
}

// --- the launcher ------------------------------------------------------------------------------

class SlurmLauncher : public Launcher {
 public:
  explicit SlurmLauncher(slurm::SlurmOptions options) : options_(std::move(options)) {}
  std::string name() const override { return "slurm"; }
  LaunchOutcome launch(const config::SweepPlan& plan, const LaunchRequest& request) override;

 private:
  slurm::SlurmOptions options_;
};

LaunchOutcome SlurmLauncher::launch(const config::SweepPlan& plan, const LaunchRequest& request) {
  if (plan.points.empty()) throw ConfigError("sweep: the grid is empty");
  const auto& slurm_options = options_;
  const std::string name = sweep_name_for(plan, request.name);
  LaunchOutcome out;
  out.setup = prepare_sweep(plan, name, request.replace, request.command);
  const SweepSetup& setup = out.setup;
  const fs::path dir = fs::absolute(setup.dir).lexically_normal();

  check_queue(slurm_options, slurm::list_jobs(setup.db_path));
  // Whatever earlier submissions computed is merged before deciding what is missing.
  auto merged = slurm::merge_shards(dir);
  for (const auto& s : merged.shards) {
    if (!s.error.empty()) log::warn("{}: not merged: {}", s.shard.string(), s.error);
    for (const auto& c : s.conflicts) log::warn("{}: {} differs from the merged result (first merged kept)", s.shard.string(), c);
  }
  if (!merged.shards.empty()) {
    int copied = 0;
    for (const auto& s : merged.shards) copied += s.done_copied;
    log::info("merged {} task database(s) of earlier submissions: {} new DONE folds", merged.shards.size(), copied);
  }

  auto tasks = plan_tasks(setup, slurm_options);
  if (tasks.empty()) {
    out.summary = "sweep '" + name + "': nothing to submit (every run is DONE or still being computed); results in " +
                  setup.db_path.string();
    return out;
  }

  slurm::ScriptContext ctx;
  ctx.sweep_name = name;
  ctx.sweep_dir = dir;
  ctx.workdir = fs::current_path();
  // A bare name is looked up on the nodes' PATH; a path is made absolute (jobs run elsewhere).
  if (slurm_options.mer.empty()) ctx.mer = fs::read_symlink("/proc/self/exe");
  else if (slurm_options.mer.find('/') == std::string::npos) ctx.mer = slurm_options.mer;
  else ctx.mer = fs::absolute(slurm_options.mer);
  ctx.submission = slurm::next_submission(dir);
  ctx.n_tasks = static_cast<int>(tasks.size());
  fs::create_directories(slurm::logs_dir(dir));
  fs::create_directories(slurm::shards_dir(dir));
  slurm::write_tasks(slurm::tasks_path(dir, ctx.submission), tasks);
  const auto array_path = slurm::array_script_path(dir, ctx.submission);
  const auto merge_path = slurm::merge_script_path(dir, ctx.submission);
  write_text(array_path, slurm::array_script(slurm_options, ctx));
  write_text(merge_path, slurm::merge_script(slurm_options, ctx));

  std::string array_id;
  try {
    array_id = slurm::submit(slurm_options.sbatch, slurm::array_submit_args(slurm_options, ctx.n_tasks, array_path));
  } catch (...) {
    // Nothing was submitted: free the submission number for the next attempt.
    for (const auto& p : {slurm::tasks_path(dir, ctx.submission), array_path, merge_path}) fs::remove(p);
    throw;
  }
  slurm::record_job(setup.db_path, {ctx.submission, "array", array_id, ctx.n_tasks, array_path.string(), 0});
  std::string merge_id;
  try {
    merge_id = slurm::submit(slurm_options.sbatch, slurm::merge_submit_args(array_id, merge_path));
  } catch (const std::exception& e) {
    throw RuntimeError(std::string(e.what()) + "\nthe array job " + array_id +
                       " was submitted; merge its results later with 'mer merge " + dir.string() + "'");
  }
  slurm::record_job(setup.db_path, {ctx.submission, "merge", merge_id, 0, merge_path.string(), 0});

  out.submitted = true;
  out.summary = "sweep '" + name + "': submitted " + std::to_string(tasks.size()) + " array task" +
                (tasks.size() == 1 ? "" : "s") + " (" + std::to_string(setup.run_ids.size()) + " runs, granularity " +
                slurm::to_string(slurm_options.granularity) + ") as job " + array_id + ", merge job " + merge_id +
                " after it\n" + "  follow:  squeue -j " + array_id + "," + merge_id + "   |   mer status " + dir.string() +
                "\n" + "  logs:    " + slurm::logs_dir(dir).string() + "\n" +
                "  resume:  run the same command again (merges what finished, submits only what is missing)";
  return out;
}

}  // namespace

std::unique_ptr<Launcher> make_slurm_launcher(const YAML::Node& launcher_node) {
  return std::make_unique<SlurmLauncher>(slurm::SlurmOptions::from_config(launcher_node));
}

}  // namespace merlab
