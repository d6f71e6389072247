// Runs a program (no shell) and captures what it prints: sbatch and squeue are called this way
// so that arguments with spaces or quotes reach them unchanged.
#pragma once

#include <string>
#include <vector>

namespace merlab::slurm {

struct ProcessResult {
  int exit_code = -1;   // 127: could not be started
  std::string out;      // stdout
  std::string err;      // stderr
};

ProcessResult run_program(const std::string& program, const std::vector<std::string>& args);

// Job id from `sbatch --parsable` output ("1234" or "1234;cluster"). Throws RuntimeError quoting
// the output when it is not one.
std::string parse_job_id(const std::string& sbatch_output);

// Submits with `sbatch args...`; returns the job id. Throws RuntimeError with sbatch's message.
std::string submit(const std::string& sbatch, const std::vector<std::string>& args);

}  // namespace merlab::slurm
