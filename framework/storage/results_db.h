// The results database of a sweep: one SQLite file, by default <runs-root>/<sweep>/results.sqlite.
// Schema and example queries: docs/database.md. Records: framework/storage/records.h.
// framework/storage is the only code that speaks SQL to it. The implementation is split by job:
//   results_db.cpp   opening and migrating, sweeps, runs, params, pooled metrics, reads
//   fold_claims.cpp  the fold protocol (claim, heartbeat, complete, fail) and fold reads
//   fold_lease.h     the RAII claim a worker holds while it computes a fold
//   merge.cpp        folding another database (a Slurm task's shard) into this one
//   slurm_jobs.cpp   the Slurm jobs submitted for the sweep
//
// Concurrency: several processes on ONE host may write the same file at once (WAL journal,
// 30 s busy timeout, every write in BEGIN IMMEDIATE retried on SQLITE_BUSY). Never put the file
// on a network filesystem; on a cluster use one database per array task and merge() them.
// A ResultsDb must not cross fork(): open it in the child.
//
// Typical engine flow:
//   auto db = storage::ResultsDb::open(storage::default_db_path(root, "my-sweep"));
//   db.upsert_sweep(sweep);
//   db.register_run(run);                              // idempotent by run_id
//   for (int f : folds_to_do)
//     if (auto lease = storage::claim(db, {run.run_id, f, {"sub01"}}, heartbeat_s))  // empty: DONE or held
//       { ... lease->complete(result); }               // or lease->fail(message); destroyed: FAILED
//   db.finish_run(run.run_id);                         // pooled acc/UF1/UAR from stored predictions
//
// Fold completion is atomic: its metrics, epochs and predictions are written in one transaction,
// so a DONE fold always has all its predictions and a crash leaves the fold RUNNING (then stale)
// with nothing half-written.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "framework/metrics/classification.h"
#include "framework/storage/records.h"

namespace merlab::storage {

// <runs_root>/<sweep>/results.sqlite
std::filesystem::path default_db_path(const std::filesystem::path& runs_root, const std::string& sweep);

// Schema version this build writes (PRAGMA user_version). Older files are migrated forward on open;
// newer ones are refused.
int current_schema_version();

struct OpenOptions {
  int busy_timeout_ms = 30000;
  bool read_only = false;       // for `mer status` and reports: never creates or migrates
  bool create = true;           // create the file (and parent directories) when missing
};

struct FoldStart {
  FoldStart() = default;
  FoldStart(std::string run, int fold_index, std::vector<std::string> held_out = {})
      : run_id(std::move(run)), fold(fold_index), subjects(std::move(held_out)) {}
  std::string run_id;
  int fold = 0;
  std::vector<std::string> subjects;  // held-out subject(s)
  std::int64_t pid = 0;               // 0: this process
  std::string host;                   // empty: this host
  // Set by the Slurm layer for an array task (framework/slurm/environment.h); empty/unset
  // elsewhere. The database never reads the environment.
  std::string slurm_job_id;
  std::optional<std::int64_t> slurm_task_id;
  // A RUNNING fold whose heartbeat is older than this many seconds may be taken over (its worker
  // is presumed dead). < 0: never take over a RUNNING fold.
  double reclaim_after_s = -1;
};

// What merging one database into another did (ResultsDb::merge).
struct MergeReport {
  int done_copied = 0;        // DONE folds new to this database
  int failed_copied = 0;      // FAILED folds recorded (newer than what this database had)
  int duplicates = 0;         // DONE in both, identical predictions: nothing to do
  int incomplete = 0;         // RUNNING/PENDING folds in the other file, not merged
  std::vector<std::string> conflicts;  // "run R fold F" DONE in both with different predictions (ours kept)
};

// Runs of the other file that this database does not know.
enum class UnknownRuns {
  refuse,  // an error: the file belongs to another sweep (Slurm shards)
  adopt,   // copied with their sweep and params (collecting databases of unrelated runs)
};

class ResultsDb {
 public:
  static ResultsDb open(const std::filesystem::path& path, const OpenOptions& options = {});
  ResultsDb(ResultsDb&&) noexcept;
  ResultsDb& operator=(ResultsDb&&) noexcept;
  ~ResultsDb();

  const std::filesystem::path& path() const;
  int schema_version() const;

  // --- sweeps --------------------------------------------------------------------------------
  // Inserts, or updates config/grid/command/n_points of an existing sweep (created is kept).
  void upsert_sweep(const SweepRecord& sweep);
  std::optional<SweepRecord> get_sweep(const std::string& name) const;
  std::vector<SweepRecord> sweeps() const;

  // --- runs ----------------------------------------------------------------------------------
  // Idempotent by run_id: returns true when inserted, false when the run already existed (its
  // status, folds and results are left untouched; its config_yaml, overrides and params are
  // replaced by this record's, which can differ only in non-identity keys such as paths:
  // config/identity.h). Throws RuntimeError when the existing run has a different config_hash
  // (a run_id must identify one configuration).
  // Also writes run.params into the params table and sets `created` when unset.
  bool register_run(const RunRecord& run);
  std::optional<RunRecord> find_run(const std::string& run_id) const;
  RunRecord get_run(const std::string& run_id) const;  // throws RuntimeError when absent
  // Runs of a sweep ordered by point_index then run_id; empty sweep name: every run.
  std::vector<RunRecord> runs(const std::string& sweep = "") const;
  std::map<std::string, std::string> params(const std::string& run_id) const;
  // Sets the status; RUNNING also sets started (first time), host and heartbeat; DONE/FAILED set
  // ended. `error` is stored for FAILED (cleared otherwise).
  void set_run_status(const std::string& run_id, RunStatus status, const std::string& error = "");
  // Sets n_folds when the fold list is known only after loading the dataset.
  void set_run_folds(const std::string& run_id, int n_folds);
  // Pools the predictions of every DONE fold, computes acc/UF1/UAR with `options` and the run's
  // classes, stores them and marks the run DONE. Throws RuntimeError when a fold is not DONE or
  // there is no prediction.
  metrics::Metrics finish_run(const std::string& run_id, const metrics::MetricOptions& options = {});
  void fail_run(const std::string& run_id, const std::string& error);

  // --- folds ---------------------------------------------------------------------------------
  // Claims a fold for this worker: creates it or moves PENDING/FAILED (or stale RUNNING, see
  // FoldStart::reclaim_after_s) to RUNNING, attempt + 1, clearing the previous error and any
  // live epochs. Returns false (and changes nothing) when the fold is DONE or RUNNING elsewhere.
  // Also moves the run to RUNNING. Atomic: two workers never both get true.
  bool start_fold(const FoldStart& start);
  // Refreshes the fold's and the run's heartbeat (now).
  void heartbeat(const std::string& run_id, int fold);
  // Optional live progress: records one epoch as it finishes (complete_fold replaces them).
  void add_epoch(const std::string& run_id, int fold, const EpochRecord& epoch);
  // Atomically: epochs (replacing live ones), predictions, fold metrics computed from the
  // predictions, n_train/n_test, status DONE. Returns false (writing nothing) when the fold is
  // already DONE, e.g. completed by another worker after a takeover. Throws RuntimeError when
  // predictions are empty or labels fall outside the run's classes.
  bool complete_fold(const FoldResult& result);
  // Marks the fold FAILED with a message (creating it if needed). Does not touch a DONE fold.
  void fail_fold(const std::string& run_id, int fold, const std::string& error);
  std::vector<FoldRecord> folds(const std::string& run_id) const;
  std::vector<int> completed_folds(const std::string& run_id) const;  // sorted
  // RUNNING folds whose heartbeat is older than max_age_s at time `now` (default: current time).
  std::vector<FoldRecord> stale_running_folds(double max_age_s, std::optional<double> now = {}) const;
  std::vector<EpochRecord> epochs(const std::string& run_id, int fold) const;

  // --- predictions and artifacts --------------------------------------------------------------
  std::vector<Prediction> predictions(const std::string& run_id) const;  // by fold, then clip_id
  // Idempotent on (run_id, fold, kind, path).
  void add_artifact(const ArtifactRecord& artifact);
  std::vector<ArtifactRecord> artifacts(const std::string& run_id) const;

  // --- summaries -----------------------------------------------------------------------------
  // Per-run fold counts and failures, for `mer status`. Empty sweep name: every run.
  std::vector<RunProgress> progress(const std::string& sweep = "") const;

  // --- merging -----------------------------------------------------------------------------
  // Folds another results database (one per Slurm array task, or any other) into this one, in
  // one transaction. Idempotent (merging twice changes nothing). Takes DONE folds that are not
  // DONE here, with their epochs, predictions and artifacts; FAILED folds newer than what is here
  // and not DONE here (so failures stay visible); skips RUNNING/PENDING folds; never overwrites a
  // DONE fold (a DONE fold with other predictions is reported in `conflicts`). Fills in n_folds
  // where it is not known here. Throws RuntimeError when the file is missing, has another schema
  // version, or holds a run with another config hash (or, with UnknownRuns::refuse, a run
  // unknown here). Run status and pooled metrics are not changed: finish_run does that.
  MergeReport merge(const std::filesystem::path& other, UnknownRuns unknown = UnknownRuns::refuse);
  // merge(other, UnknownRuns::adopt); returns the folds copied (DONE and FAILED).
  int merge_from(const std::filesystem::path& other);

  // --- Slurm jobs ----------------------------------------------------------------------------
  // Inserts or replaces the job of (submission, kind).
  void record_slurm_job(const SlurmJobRecord& job);
  // Ordered by submission, array before merge; empty when the sweep was never submitted.
  std::vector<SlurmJobRecord> slurm_jobs() const;

  struct Impl;

 private:
  explicit ResultsDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Current time as seconds since the Unix epoch.
double unix_now();
// Short host name (gethostname).
std::string host_name();

}  // namespace merlab::storage
