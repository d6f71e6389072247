// Folding another results database into this one: the single merge behind `mer merge`, the
// Slurm launcher's resume and ResultsDb::merge_from. Rules: results_db.h (ResultsDb::merge).
#include <filesystem>

#include "framework/common/error.h"
#include "framework/storage/results_db.h"
#include "framework/storage/results_db_impl.h"
#include "framework/storage/sqlite_util.h"

namespace merlab::storage {
namespace {

int count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt(); }

const char* kPredCols = "run_id, fold, clip_id, subject, y_true, y_pred, scores";

// ATTACHes the other file for the lifetime of this object (DETACH also after an error, so the
// connection stays usable).
class Attached {
 public:
  Attached(SQLite::Database& db, const std::filesystem::path& file) : db_(db) {
    SQLite::Statement a(db, "ATTACH DATABASE ? AS src");
    a.bind(1, file.string());
    a.exec();
  }
  ~Attached() {
    try {
      db_.exec("DETACH DATABASE src");
    } catch (...) {
    }
  }

 private:
  SQLite::Database& db_;
};

void check_runs(SQLite::Database& db, const std::string& other, const std::string& here, UnknownRuns unknown) {
  SQLite::Statement q(db,
                      "SELECT s.run_id, m.run_id IS NULL FROM src.runs s LEFT JOIN main.runs m ON m.run_id = s.run_id "
                      "WHERE m.config_hash != s.config_hash OR (?1 AND m.run_id IS NULL) LIMIT 1");
  q.bind(1, unknown == UnknownRuns::refuse ? 1 : 0);
  if (q.executeStep()) {
    throw RuntimeError(other + ": run " + q.getColumn(0).getString() +
                       (q.getColumn(1).getInt() ? " is not in " : " has a different config hash than in ") + here +
                       " (a shard of another sweep?)");
  }
}

}  // namespace

MergeReport ResultsDb::merge(const std::filesystem::path& other, UnknownRuns unknown) {
  const std::string here = impl_->where();
  if (!std::filesystem::exists(other)) throw RuntimeError(other.string() + ": no results database to merge");
  auto& db = impl_->db;
  MergeReport report;
  Attached attached(db, other);
  sql::WriteTxn txn(db);
  const int mine = count(db, "PRAGMA main.user_version"), theirs = count(db, "PRAGMA src.user_version");
  if (mine != theirs) {
    throw RuntimeError(other.string() + ": schema version " + std::to_string(theirs) + ", the sweep database has " +
                       std::to_string(mine));
  }
  check_runs(db, other.string(), here, unknown);
  if (unknown == UnknownRuns::adopt) {
    db.exec("INSERT OR IGNORE INTO main.sweeps SELECT * FROM src.sweeps");
    db.exec("INSERT OR IGNORE INTO main.runs SELECT * FROM src.runs");
    db.exec("INSERT OR IGNORE INTO main.params SELECT * FROM src.params");
  }
  db.exec("DROP TABLE IF EXISTS temp.both_done");
  db.exec("DROP TABLE IF EXISTS temp.take");
  db.exec(
      "CREATE TEMP TABLE both_done AS SELECT s.run_id AS run_id, s.fold AS fold FROM src.folds s "
      "JOIN main.folds m ON m.run_id = s.run_id AND m.fold = s.fold WHERE s.status = 'DONE' AND m.status = 'DONE'");
  // Bit-for-bit comparison of the predictions (scores are stored as text with full precision).
  const std::string in_both = " WHERE (run_id, fold) IN (SELECT run_id, fold FROM temp.both_done)";
  const std::string a = std::string("SELECT ") + kPredCols + " FROM src.predictions" + in_both;
  const std::string b = std::string("SELECT ") + kPredCols + " FROM main.predictions" + in_both;
  {
    SQLite::Statement diff(db, "SELECT run_id, fold FROM (" + a + " EXCEPT " + b + ") UNION SELECT run_id, fold FROM (" +
                                   b + " EXCEPT " + a + ") ORDER BY run_id, fold");
    while (diff.executeStep()) {
      report.conflicts.push_back("run " + diff.getColumn(0).getString() + " fold " +
                                 std::to_string(diff.getColumn(1).getInt()));
    }
  }
  report.duplicates = count(db, "SELECT COUNT(*) FROM temp.both_done") - static_cast<int>(report.conflicts.size());

  // Folds to take: DONE there and not DONE here; FAILED there, not DONE here and newer.
  db.exec(
      "CREATE TEMP TABLE take AS SELECT s.run_id AS run_id, s.fold AS fold, s.status AS status FROM src.folds s "
      "LEFT JOIN main.folds m ON m.run_id = s.run_id AND m.fold = s.fold "
      "WHERE (s.status = 'DONE' AND (m.run_id IS NULL OR m.status != 'DONE')) "
      "   OR (s.status = 'FAILED' AND (m.run_id IS NULL OR (m.status != 'DONE' AND "
      "       COALESCE(s.ended, s.heartbeat, s.started, 0) > COALESCE(m.ended, m.heartbeat, m.started, 0))))");
  report.done_copied = count(db, "SELECT COUNT(*) FROM temp.take WHERE status = 'DONE'");
  report.failed_copied = count(db, "SELECT COUNT(*) FROM temp.take WHERE status = 'FAILED'");
  report.incomplete = count(db, "SELECT COUNT(*) FROM src.folds WHERE status IN ('RUNNING', 'PENDING')");
  for (const char* t : {"folds", "epochs", "predictions"}) {
    const std::string keys = " WHERE (run_id, fold) IN (SELECT run_id, fold FROM temp.take)";
    db.exec(std::string("DELETE FROM main.") + t + keys);
    db.exec(std::string("INSERT INTO main.") + t + " SELECT * FROM src." + t + keys);
  }
  db.exec(
      "INSERT OR IGNORE INTO main.artifacts(run_id, fold, kind, path, created) "
      "SELECT run_id, fold, kind, path, created FROM src.artifacts "
      "WHERE fold = -1 OR (run_id, fold) IN (SELECT run_id, fold FROM temp.take WHERE status = 'DONE')");
  // The fold count is known once a task has loaded the dataset.
  db.exec(
      "UPDATE main.runs SET n_folds = (SELECT s.n_folds FROM src.runs s WHERE s.run_id = runs.run_id) "
      "WHERE n_folds = 0 AND run_id IN (SELECT run_id FROM src.runs WHERE n_folds > 0)");
  db.exec("DROP TABLE temp.both_done");
  db.exec("DROP TABLE temp.take");
  txn.commit();
  return report;
}

int ResultsDb::merge_from(const std::filesystem::path& other) {
  const auto r = merge(other, UnknownRuns::adopt);
  return r.done_copied + r.failed_copied;
}

}  // namespace merlab::storage
