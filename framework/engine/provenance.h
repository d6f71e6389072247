// What a fold's numbers depend on beyond its config: recorded with every fold (folds table,
// `provenance` column) so that `mer reproduce` can rerun under the same conditions and, when a
// number still differs, say which of these facts differ.
//
// Keys: threads (effective intra-op threads), device, host, git_commit, git_dirty,
// version.<library> (merlab, libtorch, opencv, sqlite, blas), di_cache_version,
// dataset_fingerprint, env.<VAR> for every set variable that changes numerics or threads
// (MERLAB_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS, OPENBLAS_NUM_THREADS, OPENBLAS_CORETYPE,
// OPENBLAS_L2_SIZE, CUBLAS_WORKSPACE_CONFIG).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace merlab {

using Provenance = std::map<std::string, std::string>;

// Facts of the current process: `threads` is the effective count, `device` the run's device.
Provenance current_provenance(int threads, const std::string& device, const std::string& dataset_fingerprint);

// Keys whose values differ between a and b (a key present in only one counts), sorted, as
// "key: a -> b" lines.
std::vector<std::string> provenance_differences(const Provenance& a, const Provenance& b);

}  // namespace merlab
