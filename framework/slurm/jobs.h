// Slurm job ids of a sweep, kept in its results database (table `slurm_jobs`, part of the
// results schema: framework/storage/schema.cpp, docs/database.md).
#pragma once

#include <filesystem>
#include <vector>

#include "framework/storage/records.h"

namespace merlab::slurm {

using SlurmJob = storage::SlurmJobRecord;

// Opens (creating or migrating) the database and records the job.
void record_job(const std::filesystem::path& db_path, const SlurmJob& job);
// Ordered by submission, array before merge; empty when the sweep was never submitted to Slurm
// (or the database does not exist yet).
std::vector<SlurmJob> list_jobs(const std::filesystem::path& db_path);

}  // namespace merlab::slurm
