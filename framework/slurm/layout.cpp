#include "framework/slurm/layout.h"

#include <algorithm>
#include <regex>
#include <string>
#include <tuple>

namespace merlab::slurm {
namespace fs = std::filesystem;

fs::path slurm_dir(const fs::path& sweep_dir) { return sweep_dir / "slurm"; }
fs::path logs_dir(const fs::path& sweep_dir) { return slurm_dir(sweep_dir) / "logs"; }
fs::path tasks_path(const fs::path& sweep_dir, int k) { return slurm_dir(sweep_dir) / ("tasks-" + std::to_string(k) + ".tsv"); }
fs::path array_script_path(const fs::path& sweep_dir, int k) {
  return slurm_dir(sweep_dir) / ("array-" + std::to_string(k) + ".sbatch");
}
fs::path merge_script_path(const fs::path& sweep_dir, int k) {
  return slurm_dir(sweep_dir) / ("merge-" + std::to_string(k) + ".sbatch");
}
fs::path shards_dir(const fs::path& sweep_dir) { return sweep_dir / "shards"; }
fs::path shard_path(const fs::path& sweep_dir, int k, int task) {
  return shards_dir(sweep_dir) / ("task-" + std::to_string(k) + "-" + std::to_string(task) + ".sqlite");
}

std::vector<fs::path> list_shards(const fs::path& sweep_dir) {
  static const std::regex name_re(R"(^task-(\d+)-(\d+)\.sqlite$)");
  std::vector<std::tuple<long, long, fs::path>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(shards_dir(sweep_dir), ec)) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && std::regex_match(name, m, name_re)) {
      found.emplace_back(std::stol(m[1]), std::stol(m[2]), e.path());
    }
  }
  // Numeric order: task-0-10 comes after task-0-9.
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& f : found) out.push_back(std::get<2>(f));
  return out;
}

int next_submission(const fs::path& sweep_dir) {
  int k = 0;
  while (fs::exists(tasks_path(sweep_dir, k))) ++k;
  return k;
}

}  // namespace merlab::slurm
