// Executes the folds of one stored run against the results database: claims each fold that is
// not DONE (and not being computed by a live worker), trains and predicts, and commits the fold
// atomically; when every fold is DONE, pools the predictions into the run's metrics.
// Several processes may execute the same run at once: fold claims are atomic in the database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "framework/engine/loaded_run.h"
#include "framework/engine/progress.h"
#include "framework/storage/results_db.h"

namespace merlab {

struct DatasetLoad;

struct RunExecution {
  int folds_total = 0;
  int folds_computed = 0;   // by this call
  int folds_failed = 0;     // by this call
  bool finished = false;    // every fold DONE and pooled metrics stored
};

struct ExecutorOptions {
  // Intra-op threads of every fold, overriding the runs' runtime.threads (0: each run's own).
  // The CLI fills it from --threads or MERLAB_THREADS; the executor reads no environment.
  int threads = 0;
  // Recorded with every claimed fold when this executor is a Slurm array task.
  std::string slurm_job_id;
  std::optional<std::int64_t> slurm_task_id;
};

class RunExecutor {
 public:
  // `sweep_dir` holds run folders (<sweep_dir>/<run_id>/) for checkpoints and artifacts.
  RunExecutor(std::filesystem::path db_path, std::filesystem::path sweep_dir, ExecutorOptions options = {});
  ~RunExecutor();

  // Throws Interrupted after recording the interrupted fold as FAILED.
  RunExecution execute(const LoadedRun& run, Progress* progress, int run_index = 0);
  // Loads the run from the database (load_run), then executes it.
  RunExecution execute(const std::string& run_id, Progress* progress, int run_index = 0);

  // Number of folds the run will have (loads the dataset's annotation, not its frames, or reuses
  // the one loaded last or handed over by reuse_datasets).
  int count_folds(const LoadedRun& run);

  // Datasets already loaded (by prepare_sweep), by ExperimentSpec::data_key; a run whose dataset is among them does not load it again.
  void reuse_datasets(const std::map<std::string, std::shared_ptr<const DatasetLoad>>& datasets);

  // Restricts later execute() calls to these fold indices (a Slurm array task computing one
  // fold); std::nullopt (the default) computes every fold. Pooled metrics are still stored
  // only when every fold of the run is DONE in the database.
  void set_fold_filter(std::optional<std::set<int>> folds) { fold_filter_ = std::move(folds); }

  // Intra-op thread count per fold index, overriding the run's own (a reproduction uses the
  // counts recorded with the original folds).
  void set_fold_threads(std::map<int, int> threads) { fold_threads_ = std::move(threads); }

 private:
  struct Cache;
  const DatasetLoad& dataset_for(const ExperimentSpec& spec);
  std::filesystem::path db_path_, sweep_dir_;
  ExecutorOptions options_;
  std::unique_ptr<Cache> cache_;
  std::optional<std::set<int>> fold_filter_;
  std::map<int, int> fold_threads_;
};

}  // namespace merlab
