#include "framework/config/identity.h"

#include "framework/common/strings.h"
#include "framework/config/config.h"

namespace merlab::config {

const std::vector<NonIdentityKey>& non_identity_keys() {
  static const std::vector<NonIdentityKey> keys = {
      {"output", "where results are written, the sweep's default name, heartbeat and stale timeouts, "
                 "checkpoint saving and held-out monitoring (monitor only, never used for training or selection)"},
      {"launcher", "how runs are executed (local workers or Slurm array tasks and their resources)"},
      {"runtime.threads", "intra-op thread count; the effective count is recorded with every fold and "
                          "`mer reproduce` reruns with it"},
      {"dataset.root", "where the dataset lives; the data itself is identified by the dataset fingerprint "
                       "recorded with every fold"},
      {"di.cache_dir", "where dynamic images are cached; cache entries are keyed by content"},
      {"di.threads", "decode and accumulation threads of dynamic images; the result does not depend on them"},
      {"faces.cache_dir", "where aligned face crops are cached; cache entries are keyed by content"},
      {"faces.threads", "clips aligned in parallel; the crops do not depend on it"},
      {"weights.dir", "where pretrained files live; a file is identified by its name and checked by its hash"},
      {"limits", "bounds on the files read; a limit refuses a file or lets it be read, it never changes the "
                 "result of a run that succeeds"},
  };
  return keys;
}

bool is_non_identity_key(const std::string& dotted_key) {
  for (const auto& k : non_identity_keys()) {
    if (dotted_key == k.key || starts_with(dotted_key, k.key + ".")) return true;
  }
  return false;
}

YAML::Node identity_view(const YAML::Node& config) {
  YAML::Node out = clone(config);
  if (!out.IsMap()) return out;
  // The face stage runs only for dataset.frames=aligned: elsewhere its options change nothing,
  // so they are not part of the run (and runs from before the face stage keep their ids).
  {
    const YAML::Node& read_only = out;
    const YAML::Node frames = read_only["dataset"] && read_only["dataset"].IsMap() ? read_only["dataset"]["frames"] : YAML::Node();
    if (!(frames && frames.IsScalar() && frames.Scalar() == "aligned")) out.remove("faces");
  }
  for (const auto& k : non_identity_keys()) {
    const auto dot = k.key.find('.');
    if (dot == std::string::npos) {
      out.remove(k.key);
      continue;
    }
    const std::string section = k.key.substr(0, dot);
    const YAML::Node& read_only = out;  // a non-const operator[] could add the section
    if (!read_only[section] || !read_only[section].IsMap()) continue;
    YAML::Node node = out[section];
    node.remove(k.key.substr(dot + 1));
  }
  return out;
}

std::string identity_hash(const YAML::Node& config) { return config_hash(identity_view(config)); }

}  // namespace merlab::config
