#include "framework/slurm/environment.h"

#include <cstdlib>

namespace merlab::slurm {
namespace {
std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}
}  // namespace

TaskIdentity task_identity_from_environment() {
  TaskIdentity id;
  id.job_id = env_or("SLURM_ARRAY_JOB_ID", env_or("SLURM_JOB_ID", ""));
  const std::string t = env_or("SLURM_ARRAY_TASK_ID", "");
  if (!t.empty()) {
    char* end = nullptr;
    const long long v = std::strtoll(t.c_str(), &end, 10);
    if (end && *end == '\0') id.task_id = v;
  }
  return id;
}

}  // namespace merlab::slurm
