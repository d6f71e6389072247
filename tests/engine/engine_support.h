// Helpers for end-to-end engine tests: a tiny synthetic dataset and the overrides that run a
// LOSO sweep on it in seconds.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace merlab::test {

// Overrides for a tiny, fast run under `dir`: 3 subjects x 4 clips of 48 px frames, learnet,
// one epoch, DI cache and runs inside `dir`.
inline std::vector<std::string> tiny_overrides(const TempDir& dir, int epochs = 1) {
  return {"dataset=synthetic",
          "dataset.root=" + (dir / "synth").string(),
          "dataset.generator.subjects=3",
          "dataset.generator.clips_per_subject=4",
          "dataset.generator.size=48",
          "dataset.generator.min_frames=8",
          "dataset.generator.max_frames=14",
          "model=learnet",
          "train=fast",
          "train.epochs=" + std::to_string(epochs),
          "runtime.threads=1",
          "output.root=" + (dir / "runs").string(),
          "di.cache_dir=" + (dir / "cache").string()};
}

inline std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Predictions of every run of a database, as "run|fold|clip|pred|scores..." lines (sorted).
inline std::vector<std::string> prediction_rows(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT run_id, fold, clip_id, y_pred, scores FROM predictions ORDER BY run_id, fold, clip_id");
  std::vector<std::string> rows;
  while (q.executeStep()) {
    rows.push_back(q.getColumn(0).getString() + "|" + std::to_string(q.getColumn(1).getInt()) + "|" +
                   q.getColumn(2).getString() + "|" + std::to_string(q.getColumn(3).getInt()) + "|" +
                   q.getColumn(4).getString());
  }
  return rows;
}

inline std::string scalar(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  if (!q.executeStep()) return "";
  return q.getColumn(0).isNull() ? "NULL" : q.getColumn(0).getString();
}

}  // namespace merlab::test
