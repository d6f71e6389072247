// The Slurm part of `mer status`: job ids of every submission and, per run and fold, the state
// from the merged sweep database or, for folds not merged yet, from the task shards (so running
// tasks show up before the merge job has run).
#pragma once

#include <filesystem>
#include <string>

namespace merlab::slurm {

// Empty when the sweep was never submitted to Slurm (no recorded job and no shard).
// `stale_after_s`: a RUNNING fold in a shard with an older heartbeat is shown as stale.
std::string status_text(const std::filesystem::path& sweep_db, double stale_after_s);

}  // namespace merlab::slurm
