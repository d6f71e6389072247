// What Slurm tells an array task through its environment, read in one place so that the
// engine and the results database get the ids as arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace merlab::slurm {

struct TaskIdentity {
  std::string job_id;                   // $SLURM_ARRAY_JOB_ID, else $SLURM_JOB_ID; empty outside Slurm
  std::optional<std::int64_t> task_id;  // $SLURM_ARRAY_TASK_ID
};

TaskIdentity task_identity_from_environment();

}  // namespace merlab::slurm
