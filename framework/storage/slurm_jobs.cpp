// The slurm_jobs table (schema version 3): which Slurm jobs were submitted for a sweep, so that
// a resubmission can check the queue first and `mer status` can name them.
#include "framework/storage/results_db.h"
#include "framework/storage/results_db_impl.h"
#include "framework/storage/sqlite_util.h"

namespace merlab::storage {

void ResultsDb::record_slurm_job(const SlurmJobRecord& job) {
  auto& db = impl_->db;
  sql::WriteTxn txn(db);
  SQLite::Statement st(db,
                       "INSERT OR REPLACE INTO slurm_jobs(submission, kind, job_id, n_tasks, script, submitted) "
                       "VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, job.submission);
  st.bind(2, job.kind);
  st.bind(3, job.job_id);
  st.bind(4, job.n_tasks);
  st.bind(5, job.script);
  st.bind(6, job.submitted > 0 ? job.submitted : unix_now());
  st.exec();
  txn.commit();
}

std::vector<SlurmJobRecord> ResultsDb::slurm_jobs() const {
  SQLite::Statement st(impl_->db,
                       "SELECT submission, kind, job_id, n_tasks, script, submitted FROM slurm_jobs "
                       "ORDER BY submission, kind = 'merge'");
  std::vector<SlurmJobRecord> out;
  while (st.executeStep()) {
    SlurmJobRecord j;
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

}  // namespace merlab::storage
