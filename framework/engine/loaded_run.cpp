#include "framework/engine/loaded_run.h"

#include "framework/common/error.h"
#include "framework/config/identity.h"
#include "framework/storage/results_db.h"

namespace merlab {

LoadedRun load_run(const storage::ResultsDb& db, const std::string& run_id) {
  LoadedRun out;
  out.record = db.get_run(run_id);
  const YAML::Node config = YAML::Load(out.record.config_yaml);
  if (config::identity_hash(config) != out.record.config_hash) {
    throw RuntimeError("run " + run_id + ": the stored config does not match its hash (database edited by hand?)");
  }
  out.spec = ExperimentSpec::from_config(config);
  return out;
}

}  // namespace merlab
