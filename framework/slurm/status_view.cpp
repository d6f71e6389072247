#include "framework/slurm/status_view.h"

#include <fmt/format.h>

#include <map>
#include <tuple>

#include "framework/common/strings.h"
#include "framework/slurm/jobs.h"
#include "framework/slurm/layout.h"
#include "framework/slurm/shards.h"
#include "framework/slurm/task_list.h"
#include "framework/storage/results_db.h"

namespace merlab::slurm {
namespace fs = std::filesystem;
namespace {

std::string job_text(const storage::FoldRecord& f) {
  if (f.slurm_job_id.empty()) return "-";
  return f.slurm_task_id ? f.slurm_job_id + "_" + std::to_string(*f.slurm_task_id) : f.slurm_job_id;
}

double last_seen(const storage::FoldRecord& f) {
  return f.ended ? *f.ended : f.heartbeat ? *f.heartbeat : f.started ? *f.started : 0.0;
}

}  // namespace

std::string status_text(const fs::path& sweep_db, double stale_after_s) {
  const fs::path dir = sweep_db.parent_path();
  const auto jobs = list_jobs(sweep_db);
  const auto shard_list = list_shards(dir);
  if (jobs.empty() && shard_list.empty()) return "";

  std::string out = "\nslurm:\n";
  for (const auto& j : jobs) {
    out += fmt::format("  submission {}: {} job {}{}  ({})\n", j.submission, j.kind, j.job_id,
                       j.kind == "array" ? fmt::format(" ({} tasks)", j.n_tasks) : std::string(), j.script);
  }
  out += fmt::format("  {} task database(s) under {}; 'mer merge {}' folds them in\n", shard_list.size(),
                     shards_dir(dir).string(), dir.string());
  // Tasks without a database: still queued, or ended before computing anything (see their log).
  for (const auto& j : jobs) {
    if (j.kind != "array") continue;
    std::vector<SlurmTask> tasks;
    try {
      tasks = read_tasks(tasks_path(dir, j.submission));
    } catch (const std::exception&) {
      continue;
    }
    for (const auto& t : tasks) {
      if (fs::exists(shard_path(dir, j.submission, t.id))) continue;
      out += fmt::format("  task {}_{} (run {}{}): not started, or ended before computing anything; log {}\n", j.job_id,
                         t.id, t.run_id, t.folds.empty() ? "" : fmt::format(" folds {}", fmt::join(t.folds, ",")),
                         (logs_dir(dir) / (j.job_id + "_" + std::to_string(t.id) + ".out")).string());
    }
  }

  storage::OpenOptions ro;
  ro.read_only = true;
  ro.create = false;
  auto db = storage::ResultsDb::open(sweep_db, ro);
  // (run, fold) -> what is known: the merged record wins when DONE; otherwise the latest shard.
  struct Entry {
    storage::FoldRecord fold;
    bool merged = false;
  };
  // Keyed by (grid position, run id, fold) so that the table follows the grid.
  std::map<std::string, int> position;
  std::map<std::tuple<int, std::string, int>, Entry> folds;
  for (const auto& run : db.runs()) {
    position[run.run_id] = run.point_index;
    for (auto& f : db.folds(run.run_id)) folds[{run.point_index, f.run_id, f.fold}] = {f, true};
  }
  for (auto& sf : shard_folds(dir)) {
    auto pos = position.find(sf.fold.run_id);
    auto key = std::make_tuple(pos == position.end() ? -1 : pos->second, sf.fold.run_id, sf.fold.fold);
    auto it = folds.find(key);
    if (it == folds.end() ||
        (it->second.fold.status != storage::FoldStatus::done &&
         (sf.fold.status == storage::FoldStatus::done || last_seen(sf.fold) > last_seen(it->second.fold)))) {
      folds[key] = {sf.fold, false};
    }
  }
  if (folds.empty()) {
    out += "  no fold has started yet (tasks pending in the queue?)\n";
    return out;
  }
  const double now = storage::unix_now();
  out += fmt::format("\n{:<18} {:>4}  {:<8} {:<12} {:<12} {:>7}  {}\n", "run", "fold", "status", "slurm job", "host",
                     "attempt", "source");
  for (const auto& [key, e] : folds) {
    const auto& f = e.fold;
    std::string status = storage::to_string(f.status);
    if (f.status == storage::FoldStatus::running && f.heartbeat && now - *f.heartbeat > stale_after_s) status = "STALE";
    std::string note = e.merged ? "merged" : "shard (not merged yet)";
    if (f.status == storage::FoldStatus::failed && !f.error.empty()) note += ": " + f.error;
    out += fmt::format("{:<18} {:>4}  {:<8} {:<12} {:<12} {:>7}  {}\n", std::get<1>(key).substr(0, 18), std::get<2>(key), status,
                       job_text(f), f.host.empty() ? "-" : f.host, f.attempt, note);
  }
  return out;
}

}  // namespace merlab::slurm
