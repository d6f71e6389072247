// The task list of one submission: array task id -> run id and, optionally, the folds to
// compute (all folds when none is listed). Tab-separated text so that it can be read with
// `cut`/`awk` on a login node:
//
//   # task  run_id            folds
//   0       3f2a9c0d1b2e4f56  *
//   1       3f2a9c0d1b2e4f56  0,3
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace merlab::slurm {

struct SlurmTask {
  int id = 0;
  std::string run_id;
  std::vector<int> folds;  // empty: every fold of the run
};

std::string format_tasks(const std::vector<SlurmTask>& tasks);
// Throws RuntimeError naming the file and line on malformed content.
std::vector<SlurmTask> parse_tasks(const std::string& text, const std::string& file_for_messages);

void write_tasks(const std::filesystem::path& path, const std::vector<SlurmTask>& tasks);
std::vector<SlurmTask> read_tasks(const std::filesystem::path& path);
// The task with this id; throws RuntimeError when absent.
SlurmTask find_task(const std::vector<SlurmTask>& tasks, int id, const std::string& file_for_messages);

}  // namespace merlab::slurm
