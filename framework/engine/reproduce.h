// `mer reproduce RUN_ID`: re-runs a logged run from the config stored in its database (not
// from the config files, which may have changed) into a scratch sweep, and compares every
// prediction (label and scores, bit for bit) and every pooled metric with the original.
#pragma once

#include <filesystem>
#include <string>

namespace merlab {

struct ReproduceOptions {
  std::string run_id;               // full id or a unique prefix
  std::filesystem::path db;         // empty: search <runs_root>/*/results.sqlite
  std::filesystem::path runs_root = "runs";
  bool quiet = false;
  int threads = 0;                  // > 0: folds without a recorded thread count use it
};

struct ReproduceReport {
  bool identical = false;
  std::string text;                 // human-readable comparison
  std::filesystem::path new_db;
};

ReproduceReport reproduce_run(const ReproduceOptions& options);

}  // namespace merlab
