// The sbatch scripts of one submission: a job array whose task i runs
// `mer sweep-task <sweep> --submission k --task i`, and a merge job that runs `mer merge <sweep>`
// once the array has ended (afterany: also after failures, so the database shows them).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "framework/slurm/options.h"

namespace merlab::slurm {

struct ScriptContext {
  std::string sweep_name;
  std::filesystem::path sweep_dir;  // absolute
  std::filesystem::path workdir;    // absolute; relative paths in the stored configs are relative to it
  std::filesystem::path mer;        // absolute path of the mer binary the tasks run
  int submission = 0;
  int n_tasks = 0;
};

// POSIX shell quoting: 'text', with embedded single quotes as '\''.
std::string shell_quote(const std::string& s);

// "0-<n-1>" or "0-<n-1>%<K>" (K = array_parallelism, when > 0).
std::string array_spec(int n_tasks, int array_parallelism);

std::string array_script(const SlurmOptions& options, const ScriptContext& context);
std::string merge_script(const SlurmOptions& options, const ScriptContext& context);

// sbatch arguments (without the binary): --parsable --array=... script.
std::vector<std::string> array_submit_args(const SlurmOptions& options, int n_tasks, const std::filesystem::path& script);
std::vector<std::string> merge_submit_args(const std::string& array_job_id, const std::filesystem::path& script);

}  // namespace merlab::slurm
