#include "framework/cli/launch_request.h"

#include <cstdlib>

namespace merlab::cli {

int threads_from_environment() {
  const char* v = std::getenv("MERLAB_THREADS");
  const int n = v ? std::atoi(v) : 0;
  return n > 0 ? n : 0;
}

LaunchRequest launch_request(const std::string& command_line) {
  LaunchRequest r;
  r.command = command_line;
  r.threads = threads_from_environment();
  // This very binary, whatever its name or location (see add_run_commands).
  r.worker_command = {"/proc/self/exe", "sweep-worker"};
  return r;
}

}  // namespace merlab::cli
