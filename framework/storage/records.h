// Plain records stored in and read from the results database (framework/storage/results_db.h).
// No LibTorch, no SQLite types: the engine, the trainer and the reports exchange these.
//
// Times are seconds since the Unix epoch (UTC) as doubles; in SQL, datetime(x, 'unixepoch')
// shows them. Absent values are std::nullopt (SQL NULL).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace merlab::storage {

enum class RunStatus { pending, running, done, failed };
enum class FoldStatus { pending, running, done, failed };

// "PENDING", "RUNNING", "DONE", "FAILED" (the text stored in the database).
const char* to_string(RunStatus s);
const char* to_string(FoldStatus s);
RunStatus parse_run_status(const std::string& text);   // throws RuntimeError
FoldStatus parse_fold_status(const std::string& text); // throws RuntimeError

// One sweep: the base configuration and the grid it was expanded from. Every grid point is
// resolved when the sweep is created and stored as a run (PENDING), so editing config files
// later cannot change the sweep.
struct SweepRecord {
  std::string name;
  double created = 0;                 // set by upsert_sweep when 0
  std::string config_yaml;            // base config (resolved YAML text)
  std::string grid_spec;              // the grid / zip axes as given (YAML or text)
  std::string command;                // command line that created the sweep
  int n_points = 0;                   // number of grid points (runs)
};

// One run = one resolved configuration, evaluated with LOSO over n_folds folds.
struct RunRecord {
  std::string run_id;                 // key derived from the config hash (stable across restarts)
  std::string sweep;                  // sweep name; empty for a run outside a sweep (NULL)
  int point_index = -1;               // position in the sweep's grid (-1 when none)
  std::string config_yaml;            // fully resolved config, canonical YAML
  std::string config_hash;
  std::vector<std::string> overrides; // overrides that produced the config (JSON array in the db)
  std::map<std::string, std::string> params;  // flattened config "a.b" -> value (params table)
  RunStatus status = RunStatus::pending;
  std::optional<double> created, started, ended, heartbeat;
  std::string host;
  std::string git_commit;
  bool git_dirty = false;
  std::map<std::string, std::string> versions;  // library -> version (JSON object in the db)
  std::int64_t seed = 0;
  // Denormalised for reports (also present in params):
  std::string dataset, model, strategy;
  std::vector<std::string> classes;   // class index -> name (JSON array)
  int n_folds = 0;                    // folds expected (0 = not known yet)
  // Pooled LOSO metrics over every fold's predictions, set by finish_run.
  std::optional<double> acc, uf1, uar;
  std::string error;                  // why the run FAILED
};

struct FoldRecord {
  std::string run_id;
  int fold = 0;
  std::vector<std::string> subjects;  // held-out subject(s) (comma-separated in the db)
  FoldStatus status = FoldStatus::pending;
  int attempt = 0;                    // incremented by every start_fold
  std::optional<double> started, ended, heartbeat, duration_s;
  std::int64_t n_train = 0, n_test = 0;
  std::optional<double> acc, uf1, uar;  // metrics of this fold alone (not the MEGC number)
  std::optional<int> selected_epoch;  // epoch chosen by inner validation (never by the test fold)
  std::optional<std::int64_t> steps;  // optimizer steps taken (NULL for folds of older builds)
  std::map<std::string, std::string> provenance;  // see FoldResult::provenance
  std::string error;
  std::string host;
  std::int64_t pid = 0;
  std::string slurm_job_id;           // empty when not under Slurm
  std::optional<std::int64_t> slurm_task_id;
};

struct EpochRecord {
  int epoch = 0;                      // 0-based
  double train_loss = 0, train_acc = 0, lr = 0;
  std::optional<double> val_loss, val_acc;  // inner validation split of the training subjects
  // Held-out fold scores, for curves only: MONITOR ONLY, never used to pick an epoch.
  std::optional<double> monitor_test_loss, monitor_test_acc;
  double seconds = 0;                 // wall time of the epoch
};

struct Prediction {
  int fold = 0;
  std::string clip_id;
  std::string subject;
  int y_true = 0;
  int y_pred = 0;
  std::vector<float> scores;          // per-class logits or probabilities (JSON array), may be empty
};

// Everything a finished fold writes, committed in ONE transaction by complete_fold.
struct FoldResult {
  std::string run_id;
  int fold = 0;
  std::int64_t n_train = 0;
  std::optional<int> selected_epoch;
  std::optional<std::int64_t> steps;  // optimizer steps taken in all
  // What decides exact reproducibility: "threads", "device", "env.<VAR>", "version.<lib>",
  // "git_commit", "git_dirty", "di_cache_version", "dataset_fingerprint", "host".
  std::map<std::string, std::string> provenance;
  std::vector<EpochRecord> epochs;
  std::vector<Prediction> predictions;  // non-empty; Prediction::fold is overwritten with `fold`
  // acc/uf1/uar of the fold are computed from `predictions` by complete_fold (one source of truth).
};

struct ArtifactRecord {
  std::string run_id;
  int fold = -1;                      // -1: belongs to the whole run
  std::string kind;                   // "checkpoint", "di_preview", "log", "metrics_json", ...
  std::string path;                   // relative to the sweep directory when possible
  double created = 0;
};

// One submitted Slurm job of a sweep (table slurm_jobs). The Slurm layer writes and reads them;
// the results database only stores them.
struct SlurmJobRecord {
  int submission = 0;
  std::string kind;      // "array" or "merge"
  std::string job_id;
  int n_tasks = 0;       // array tasks (0 for the merge job)
  std::string script;    // path of the sbatch script
  double submitted = 0;  // Unix time; 0: now
};

// Progress of a run for `mer status` and the engine's scheduler.
struct RunProgress {
  RunRecord run;
  int done = 0, running = 0, failed = 0, pending = 0;  // pending = n_folds - others (>= 0)
  std::vector<FoldRecord> failures;   // FAILED folds with their messages
};

}  // namespace merlab::storage
