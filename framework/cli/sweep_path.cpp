#include "framework/cli/sweep_path.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "framework/common/error.h"

namespace merlab::cli {

namespace fs = std::filesystem;

fs::path runs_root() {
  const char* env = std::getenv("MERLAB_RUNS");
  return env && *env ? fs::path(env) : fs::path("runs");
}

std::vector<fs::path> sweep_dbs_under_runs_root() {
  std::vector<fs::path> dbs;
  const fs::path root = runs_root();
  if (fs::is_directory(root))
    for (const auto& e : fs::directory_iterator(root))
      if (fs::is_regular_file(e.path() / "results.sqlite")) dbs.push_back(e.path() / "results.sqlite");
  std::sort(dbs.begin(), dbs.end());
  return dbs;
}

fs::path resolve_sweep_db(const std::string& arg, const std::string& command) {
  const fs::path given(arg);
  std::vector<fs::path> candidates = {given};
  // A bare name ("demo") is a sweep under the runs root; a path is taken as given.
  if (given.is_relative() && given.has_filename() && !given.has_parent_path()) candidates.push_back(runs_root() / given);
  std::string tried;
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c)) return c;
    if (fs::is_directory(c) && fs::is_regular_file(c / "results.sqlite")) return c / "results.sqlite";
    tried += (tried.empty() ? "" : ", ") + (fs::is_directory(c) ? (c / "results.sqlite").string() : c.string());
  }
  throw RuntimeError(command + ": no results database for '" + arg + "' (tried " + tried +
                     "); give a sweep folder, a results.sqlite file or a sweep name under $MERLAB_RUNS or runs/");
}

}  // namespace merlab::cli
