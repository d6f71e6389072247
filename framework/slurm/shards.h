// One database per Slurm array task, merged into the sweep database afterwards: SQLite must not
// be shared over a network filesystem, so no two nodes ever write the same file.
//
//   prepare_shard(sweep_db, shard, run_id);     // in the task: copy the run record, read-only
//   ... RunExecutor(shard, sweep_dir).execute(run_id) ...
//   auto summary = merge_shards(sweep_dir);     // `mer merge`: fold every shard in, pool metrics
//
// Merging is idempotent (a shard merged twice changes nothing), keeps only what a shard has
// completed (DONE folds with their epochs, predictions and artifacts; FAILED folds so failures
// stay visible; RUNNING/PENDING folds of an unfinished task are skipped) and never overwrites a
// DONE fold: when two shards hold the same DONE fold with different predictions, the first
// merged is kept and the conflict is reported.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "framework/storage/records.h"

namespace merlab::slurm {

// Creates (or reopens) `shard` holding the sweep record and run `run_id` copied from the sweep
// database (opened read-only), as PENDING. Folds a previous attempt of the same task left
// RUNNING are marked FAILED, since only this task ever writes this shard.
void prepare_shard(const std::filesystem::path& sweep_db, const std::filesystem::path& shard, const std::string& run_id);

struct ShardMergeReport {
  std::filesystem::path shard;
  int done_copied = 0;        // DONE folds new to the sweep database
  int failed_copied = 0;      // FAILED folds recorded (newer than what the sweep database had)
  int duplicates = 0;         // DONE in both, identical predictions: nothing to do
  int incomplete = 0;         // RUNNING/PENDING folds in the shard, not merged
  std::vector<std::string> conflicts;  // "run R fold F" with different predictions (first kept)
  std::string error;          // set when the shard could not be merged at all (left untouched)
};

// Merges one shard in one transaction (ResultsDb::merge, UnknownRuns::refuse). Throws RuntimeError when the shard does not belong to
// this sweep (unknown run, different config hash, other schema version).
ShardMergeReport merge_shard(const std::filesystem::path& sweep_db, const std::filesystem::path& shard);

struct MergeSummary {
  std::vector<ShardMergeReport> shards;
  std::vector<std::string> runs_finished;  // pooled metrics computed by this merge
  std::vector<std::string> runs_failed;    // every fold ended, at least one FAILED
  int conflicts() const;
  int errors() const;
};

// Pools the metrics of runs whose folds are all DONE (ResultsDb::finish_run) and marks FAILED
// the runs whose folds all ended with at least one failure. Runs already in that state are left
// untouched (so a repeated call changes nothing).
void finalize_runs(const std::filesystem::path& sweep_db, MergeSummary& summary);

// Every shard of <sweep_dir>/shards in order, then finalize_runs. A shard that cannot be merged
// is reported in its ShardMergeReport::error and the others are still merged.
MergeSummary merge_shards(const std::filesystem::path& sweep_dir);

// Folds as recorded in the shards (for `mer status` while tasks are still running).
struct ShardFold {
  std::filesystem::path shard;
  storage::FoldRecord fold;
};
std::vector<ShardFold> shard_folds(const std::filesystem::path& sweep_dir);

}  // namespace merlab::slurm
