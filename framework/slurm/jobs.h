// Slurm job ids of a sweep, kept in its results database (table `slurm_jobs`, created by this
// module with CREATE TABLE IF NOT EXISTS; the results schema itself is not changed):
//
//   slurm_jobs(submission INTEGER, kind TEXT 'array'|'merge', job_id TEXT, n_tasks INTEGER,
//              script TEXT, submitted REAL, PRIMARY KEY(submission, kind))
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace merlab::slurm {

struct SlurmJob {
  int submission = 0;
  std::string kind;      // "array" or "merge"
  std::string job_id;
  int n_tasks = 0;       // array tasks (0 for the merge job)
  std::string script;    // path of the sbatch script
  double submitted = 0;  // Unix time
};

void record_job(const std::filesystem::path& db_path, const SlurmJob& job);
// Ordered by submission, array before merge; empty when the sweep was never submitted to Slurm.
std::vector<SlurmJob> list_jobs(const std::filesystem::path& db_path);

}  // namespace merlab::slurm
