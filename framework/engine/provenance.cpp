#include "framework/engine/provenance.h"

#include <cstdlib>
#include <set>

#include "framework/di/di_cache.h"
#include "framework/models/runtime.h"
#include "framework/storage/results_db.h"

namespace merlab {

namespace {

// The facts that cannot change while the process lives (found once: detecting the BLAS runs a
// matrix product and reads the process's memory map).
const Provenance& process_facts() {
  static const Provenance facts = [] {
    Provenance p;
    p["host"] = storage::host_name();
    const auto v = library_versions();
    p["git_commit"] = v.git_commit;
    p["git_dirty"] = v.git_dirty ? "true" : "false";
    p["version.merlab"] = v.merlab;
    p["version.libtorch"] = v.libtorch;
    p["version.opencv"] = v.opencv;
    p["version.sqlite"] = v.sqlite;
    p["version.blas"] = v.blas;
    p["di_cache_version"] = kDiCacheVersion;
    return p;
  }();
  return facts;
}

}  // namespace

Provenance current_provenance(int threads, const std::string& device, const std::string& dataset_fingerprint) {
  Provenance p = process_facts();
  p["threads"] = std::to_string(threads);
  p["device"] = device;
  p["dataset_fingerprint"] = dataset_fingerprint;
  // The environment is read each time: the engine itself sets MERLAB_THREADS for --threads.
  for (const char* var : {"MERLAB_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                          "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUBLAS_WORKSPACE_CONFIG"}) {
    if (const char* value = std::getenv(var)) p[std::string("env.") + var] = value;
  }
  return p;
}

std::vector<std::string> provenance_differences(const Provenance& a, const Provenance& b) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a) keys.insert(k);
  for (const auto& [k, v] : b) keys.insert(k);
  std::vector<std::string> out;
  for (const auto& k : keys) {
    auto ia = a.find(k), ib = b.find(k);
    const std::string va = ia == a.end() ? "(unset)" : ia->second, vb = ib == b.end() ? "(unset)" : ib->second;
    if (va != vb) out.push_back(k + ": " + va + " -> " + vb);
  }
  return out;
}

}  // namespace merlab
