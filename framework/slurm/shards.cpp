#include "framework/slurm/shards.h"

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/slurm/layout.h"
#include "framework/storage/results_db.h"

namespace merlab::slurm {
namespace fs = std::filesystem;

void prepare_shard(const fs::path& sweep_db, const fs::path& shard, const std::string& run_id) {
  storage::OpenOptions ro;
  ro.read_only = true;
  ro.create = false;
  storage::RunRecord run;
  std::optional<storage::SweepRecord> sweep;
  {
    auto main = storage::ResultsDb::open(sweep_db, ro);
    run = main.get_run(run_id);
    run.params = main.params(run_id);
    if (!run.sweep.empty()) sweep = main.get_sweep(run.sweep);
  }
  // The shard starts from the stored resolved config only: status and results are its own.
  run.status = storage::RunStatus::pending;
  run.started.reset();
  run.ended.reset();
  run.heartbeat.reset();
  run.host.clear();
  run.acc.reset();
  run.uf1.reset();
  run.uar.reset();
  run.error.clear();

  fs::create_directories(shard.parent_path());
  auto db = storage::ResultsDb::open(shard);
  if (sweep) db.upsert_sweep(*sweep);
  db.register_run(run);
  for (const auto& f : db.folds(run_id)) {
    if (f.status == storage::FoldStatus::running) {
      db.fail_fold(run_id, f.fold, "the previous attempt of this array task ended before the fold completed");
    }
  }
}

ShardMergeReport merge_shard(const fs::path& sweep_db, const fs::path& shard) {
  if (!fs::exists(shard)) throw RuntimeError(shard.string() + ": no such shard database");
  auto db = storage::ResultsDb::open(sweep_db);  // creates or migrates the sweep database as usual
  auto merged = db.merge(shard, storage::UnknownRuns::refuse);
  ShardMergeReport report;
  report.shard = shard;
  report.done_copied = merged.done_copied;
  report.failed_copied = merged.failed_copied;
  report.duplicates = merged.duplicates;
  report.incomplete = merged.incomplete;
  report.conflicts = std::move(merged.conflicts);
  return report;
}

int MergeSummary::conflicts() const {
  int n = 0;
  for (const auto& s : shards) n += static_cast<int>(s.conflicts.size());
  return n;
}

int MergeSummary::errors() const {
  int n = 0;
  for (const auto& s : shards) n += !s.error.empty();
  return n;
}

void finalize_runs(const fs::path& sweep_db, MergeSummary& summary) {
  auto db = storage::ResultsDb::open(sweep_db);
  for (const auto& run : db.runs()) {
    if (run.status == storage::RunStatus::done || run.n_folds == 0) continue;
    int done = 0, failed = 0;
    for (const auto& f : db.folds(run.run_id)) {
      done += f.status == storage::FoldStatus::done;
      failed += f.status == storage::FoldStatus::failed;
    }
    if (done == run.n_folds) {
      db.finish_run(run.run_id);
      summary.runs_finished.push_back(run.run_id);
    } else if (failed > 0 && done + failed == run.n_folds && run.status != storage::RunStatus::failed) {
      db.fail_run(run.run_id, std::to_string(failed) + " of " + std::to_string(run.n_folds) + " folds failed");
      summary.runs_failed.push_back(run.run_id);
    }
  }
}

MergeSummary merge_shards(const fs::path& sweep_dir) {
  const fs::path sweep_db = sweep_dir / "results.sqlite";
  if (!fs::exists(sweep_db)) throw RuntimeError(sweep_dir.string() + ": no results.sqlite (not a sweep folder)");
  MergeSummary summary;
  for (const auto& shard : list_shards(sweep_dir)) {
    try {
      summary.shards.push_back(merge_shard(sweep_db, shard));
    } catch (const std::exception& e) {
      ShardMergeReport r;
      r.shard = shard;
      r.error = e.what();
      summary.shards.push_back(std::move(r));
    }
  }
  finalize_runs(sweep_db, summary);
  return summary;
}

std::vector<ShardFold> shard_folds(const fs::path& sweep_dir) {
  std::vector<ShardFold> out;
  storage::OpenOptions ro;
  ro.read_only = true;
  ro.create = false;
  for (const auto& shard : list_shards(sweep_dir)) {
    try {
      auto db = storage::ResultsDb::open(shard, ro);
      for (const auto& run : db.runs()) {
        for (auto& f : db.folds(run.run_id)) out.push_back({shard, std::move(f)});
      }
    } catch (const std::exception& e) {
      log::warn("{}: not readable yet ({})", shard.string(), e.what());
    }
  }
  return out;
}

}  // namespace merlab::slurm
