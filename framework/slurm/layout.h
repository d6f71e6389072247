// Where the Slurm launcher keeps its files inside a sweep folder. Every submission (the first
// one, then one per resume) has its own number k, so a resubmission never overwrites the task
// list, scripts or shards of an earlier one:
//
//   <sweep>/results.sqlite                the sweep database (written only by `mer merge`)
//   <sweep>/slurm/tasks-<k>.tsv           task id -> run id [, folds]
//   <sweep>/slurm/array-<k>.sbatch        the job-array script
//   <sweep>/slurm/merge-<k>.sbatch        the dependent merge job
//   <sweep>/slurm/logs/<job>_<task>.out   task output (merge-<job>.out for merges)
//   <sweep>/shards/task-<k>-<id>.sqlite   the database of one array task
#pragma once

#include <filesystem>
#include <vector>

namespace merlab::slurm {

std::filesystem::path slurm_dir(const std::filesystem::path& sweep_dir);
std::filesystem::path logs_dir(const std::filesystem::path& sweep_dir);
std::filesystem::path tasks_path(const std::filesystem::path& sweep_dir, int submission);
std::filesystem::path array_script_path(const std::filesystem::path& sweep_dir, int submission);
std::filesystem::path merge_script_path(const std::filesystem::path& sweep_dir, int submission);
std::filesystem::path shards_dir(const std::filesystem::path& sweep_dir);
std::filesystem::path shard_path(const std::filesystem::path& sweep_dir, int submission, int task);

// Every shard database of the sweep, ordered by submission then task (the merge order, which
// decides which of two conflicting shards is kept).
std::vector<std::filesystem::path> list_shards(const std::filesystem::path& sweep_dir);

// The next unused submission number (0 for a new sweep).
int next_submission(const std::filesystem::path& sweep_dir);

}  // namespace merlab::slurm
