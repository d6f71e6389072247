// Where a sweep's results database is, from what a person types: a sweep folder, a
// results.sqlite file, or a bare sweep name looked up under the runs root ($MERLAB_RUNS, else
// runs/), as `mer sweep` wrote it (output.root: ${env:MERLAB_RUNS,runs}).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace merlab::cli {

// The runs root: $MERLAB_RUNS when set and not empty, else "runs".
std::filesystem::path runs_root();

// The results databases of every sweep folder directly under the runs root, in name order
// (empty when the root does not exist).
std::vector<std::filesystem::path> sweep_dbs_under_runs_root();

// `command` names the caller in the error ("mer status: ..."). Throws RuntimeError naming every
// place that was tried when none holds a database.
std::filesystem::path resolve_sweep_db(const std::string& arg, const std::string& command);

}  // namespace merlab::cli
