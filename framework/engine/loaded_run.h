// A run as the executor needs it: its stored record and its experiment spec, parsed once.
// A sweep being created builds them from the configs it has just validated (prepare_sweep); a
// worker, a Slurm task or a reproduction reads them from the results database (load_run).
#pragma once

#include <string>

#include "framework/engine/experiment.h"
#include "framework/storage/records.h"

namespace merlab {
namespace storage {
class ResultsDb;
}

struct LoadedRun {
  storage::RunRecord record;
  ExperimentSpec spec;  // spec.config is the run's resolved config
};

// Reads run `run_id`, checks that its stored config still has its identity hash, parses it.
// Throws RuntimeError (unknown run, config edited by hand) or ConfigError.
LoadedRun load_run(const storage::ResultsDb& db, const std::string& run_id);

}  // namespace merlab
