// Executes the folds of one stored run against the results database: claims each fold that is
// not DONE (and not being computed by a live worker), trains and predicts, and commits the fold
// atomically; when every fold is DONE, pools the predictions into the run's metrics.
// Several processes may execute the same run at once: fold claims are atomic in the database.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "framework/engine/progress.h"
#include "framework/storage/results_db.h"

namespace merlab {

struct RunExecution {
  int folds_total = 0;
  int folds_computed = 0;   // by this call
  int folds_failed = 0;     // by this call
  bool finished = false;    // every fold DONE and pooled metrics stored
};

class RunExecutor {
 public:
  // `sweep_dir` holds run folders (<sweep_dir>/<run_id>/) for checkpoints and artifacts.
  RunExecutor(std::filesystem::path db_path, std::filesystem::path sweep_dir);
  ~RunExecutor();

  // Throws Interrupted after recording the interrupted fold as FAILED.
  RunExecution execute(const std::string& run_id, Progress* progress, int run_index = 0);

  // Number of folds a stored run will have (loads the dataset's annotation, not its frames).
  int count_folds(const std::string& run_id);

  // Restricts later execute() calls to these fold indices (a Slurm array task computing one
  // fold); std::nullopt (the default) computes every fold. Pooled metrics are still stored
  // only when every fold of the run is DONE in the database.
  void set_fold_filter(std::optional<std::set<int>> folds) { fold_filter_ = std::move(folds); }

  // Intra-op thread count per fold index, overriding the run's own (a reproduction uses the
  // counts recorded with the original folds).
  void set_fold_threads(std::map<int, int> threads) { fold_threads_ = std::move(threads); }

 private:
  struct Cache;
  std::filesystem::path db_path_, sweep_dir_;
  std::unique_ptr<Cache> cache_;
  std::optional<std::set<int>> fold_filter_;
  std::map<int, int> fold_threads_;
};

}  // namespace merlab
