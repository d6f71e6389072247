#include "framework/slurm/task_list.h"

#include <fstream>
#include <sstream>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::slurm {

std::string format_tasks(const std::vector<SlurmTask>& tasks) {
  std::string out = "# task\trun_id\tfolds\n";
  for (const auto& t : tasks) {
    std::vector<std::string> folds;
    for (int f : t.folds) folds.push_back(std::to_string(f));
    out += std::to_string(t.id) + "\t" + t.run_id + "\t" + (folds.empty() ? "*" : join(folds, ",")) + "\n";
  }
  return out;
}

namespace {

int parse_int(const std::string& s, const std::string& what, const std::string& where) {
  std::size_t used = 0;
  int v = -1;
  try {
    v = std::stoi(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (s.empty() || used != s.size() || v < 0) throw RuntimeError(where + ": " + what + " '" + s + "' is not an integer >= 0");
  return v;
}

}  // namespace

std::vector<SlurmTask> parse_tasks(const std::string& text, const std::string& file) {
  std::vector<SlurmTask> out;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(n);
    auto cols = split(line, '\t');
    if (cols.size() != 3 || cols[1].empty()) throw RuntimeError(where + ": expected 'task<TAB>run_id<TAB>folds'");
    SlurmTask t;
    t.id = parse_int(cols[0], "task id", where);
    if (t.id != static_cast<int>(out.size())) {
      throw RuntimeError(where + ": task ids must be 0, 1, 2, ... in order (got " + cols[0] + ")");
    }
    t.run_id = cols[1];
    if (cols[2] != "*") {
      for (const auto& f : split(cols[2], ',')) t.folds.push_back(parse_int(f, "fold", where));
    }
    out.push_back(std::move(t));
  }
  return out;
}

void write_tasks(const std::filesystem::path& path, const std::vector<SlurmTask>& tasks) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream f(path);
  f << format_tasks(tasks);
  if (!f) throw RuntimeError(path.string() + ": cannot write the task list");
}

std::vector<SlurmTask> read_tasks(const std::filesystem::path& path) {
  std::ifstream f(path);
  if (!f) throw RuntimeError(path.string() + ": cannot read the task list (is this a sweep submitted with launcher=slurm?)");
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_tasks(ss.str(), path.string());
}

SlurmTask find_task(const std::vector<SlurmTask>& tasks, int id, const std::string& file) {
  if (id < 0 || id >= static_cast<int>(tasks.size())) {
    throw RuntimeError(file + ": no task " + std::to_string(id) + " (the list has " + std::to_string(tasks.size()) + ")");
  }
  return tasks[static_cast<std::size_t>(id)];
}

}  // namespace merlab::slurm
