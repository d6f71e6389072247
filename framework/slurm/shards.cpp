#include "framework/slurm/shards.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/slurm/layout.h"
#include "framework/storage/results_db.h"
#include "framework/storage/sqlite_util.h"

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

namespace {

int count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt(); }

const char* kPredCols = "run_id, fold, clip_id, subject, y_true, y_pred, scores";

}  // namespace

ShardMergeReport merge_shard(const fs::path& sweep_db, const fs::path& shard) {
  ShardMergeReport report;
  report.shard = shard;
  if (!fs::exists(shard)) throw RuntimeError(shard.string() + ": no such shard database");
  storage::ResultsDb::open(sweep_db);  // creates or migrates the sweep database as usual
  SQLite::Database db(sweep_db.string(), SQLite::OPEN_READWRITE);
  db.setBusyTimeout(30000);
  {
    SQLite::Statement a(db, "ATTACH DATABASE ? AS src");
    a.bind(1, shard.string());
    a.exec();
  }
  try {
    storage::sql::WriteTxn txn(db);
    const int mine = count(db, "PRAGMA main.user_version"), theirs = count(db, "PRAGMA src.user_version");
    if (mine != theirs) {
      throw RuntimeError(shard.string() + ": schema version " + std::to_string(theirs) + ", the sweep database has " +
                         std::to_string(mine));
    }
    {
      SQLite::Statement q(db,
                          "SELECT s.run_id, m.run_id IS NULL FROM src.runs s LEFT JOIN main.runs m ON m.run_id = s.run_id "
                          "WHERE m.run_id IS NULL OR m.config_hash != s.config_hash LIMIT 1");
      if (q.executeStep()) {
        throw RuntimeError(shard.string() + ": run " + q.getColumn(0).getString() +
                           (q.getColumn(1).getInt() ? " is not in " : " has a different config hash than in ") +
                           sweep_db.string() + " (a shard of another sweep?)");
      }
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
    SQLite::Statement diff(db, "SELECT run_id, fold FROM (" + a + " EXCEPT " + b + ") UNION SELECT run_id, fold FROM (" +
                                   b + " EXCEPT " + a + ") ORDER BY run_id, fold");
    while (diff.executeStep()) {
      report.conflicts.push_back("run " + diff.getColumn(0).getString() + " fold " + std::to_string(diff.getColumn(1).getInt()));
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
  } catch (...) {
    try {
      db.exec("DETACH DATABASE src");
    } catch (...) {
    }
    throw;
  }
  db.exec("DETACH DATABASE src");
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
