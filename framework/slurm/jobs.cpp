#include "framework/slurm/jobs.h"

#include "framework/storage/results_db.h"

namespace merlab::slurm {

void record_job(const std::filesystem::path& db_path, const SlurmJob& job) {
  storage::ResultsDb::open(db_path).record_slurm_job(job);
}

std::vector<SlurmJob> list_jobs(const std::filesystem::path& db_path) {
  if (!std::filesystem::exists(db_path)) return {};
  storage::OpenOptions ro;
  ro.read_only = true;
  ro.create = false;
  return storage::ResultsDb::open(db_path, ro).slurm_jobs();
}

}  // namespace merlab::slurm
