// What only the command line knows about launching: the program that starts a worker process
// (this binary's hidden `sweep-worker` command) and the MERLAB_THREADS override. The engine
// gets both as arguments and reads no environment.
#pragma once

#include <string>

#include "framework/engine/launcher.h"

namespace merlab::cli {

// MERLAB_THREADS when it is a positive number (the Slurm script sets it to the task's CPUs;
// a user may set it by hand), else 0: each run's runtime.threads.
int threads_from_environment();

// A request for `command_line` (stored with the sweep) with the worker command and threads set.
LaunchRequest launch_request(const std::string& command_line);

}  // namespace merlab::cli
