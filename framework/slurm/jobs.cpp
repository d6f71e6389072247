#include "framework/slurm/jobs.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "framework/storage/results_db.h"
#include "framework/storage/sqlite_util.h"

namespace merlab::slurm {

void record_job(const std::filesystem::path& db_path, const SlurmJob& job) {
  // Through ResultsDb first so that a missing or old file is created or migrated as usual.
  storage::ResultsDb::open(db_path);
  SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
  db.setBusyTimeout(30000);
  storage::sql::WriteTxn txn(db);
  db.exec(
      "CREATE TABLE IF NOT EXISTS slurm_jobs (submission INTEGER NOT NULL, kind TEXT NOT NULL, job_id TEXT NOT NULL, "
      "n_tasks INTEGER NOT NULL DEFAULT 0, script TEXT NOT NULL DEFAULT '', submitted REAL NOT NULL, "
      "PRIMARY KEY (submission, kind))");
  SQLite::Statement st(db, "INSERT OR REPLACE INTO slurm_jobs VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, job.submission);
  st.bind(2, job.kind);
  st.bind(3, job.job_id);
  st.bind(4, job.n_tasks);
  st.bind(5, job.script);
  st.bind(6, job.submitted > 0 ? job.submitted : storage::unix_now());
  st.exec();
  txn.commit();
}

std::vector<SlurmJob> list_jobs(const std::filesystem::path& db_path) {
  std::vector<SlurmJob> out;
  if (!std::filesystem::exists(db_path)) return out;
  SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
  db.setBusyTimeout(30000);
  if (!db.tableExists("slurm_jobs")) return out;
  SQLite::Statement st(db,
                       "SELECT submission, kind, job_id, n_tasks, script, submitted FROM slurm_jobs "
                       "ORDER BY submission, kind = 'merge'");
  while (st.executeStep()) {
    SlurmJob j;
    j.submission = st.getColumn(0).getInt();
    j.kind = st.getColumn(1).getString();
    j.job_id = st.getColumn(2).getString();
    j.n_tasks = st.getColumn(3).getInt();
    j.script = st.getColumn(4).getString();
    j.submitted = st.getColumn(5).getDouble();
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace merlab::slurm
