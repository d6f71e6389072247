#include "framework/slurm/script.h"

#include "framework/common/error.h"

namespace merlab::slurm {
namespace {

// sbatch reads `#SBATCH` lines itself (no shell): a value with spaces needs double quotes.
std::string directive(const std::string& flag, const std::string& value) {
  if (value.find_first_of("\n\r\"") != std::string::npos) {
    throw ConfigError("sbatch " + flag + ": value '" + value + "' must not contain a newline or a double quote");
  }
  const bool quote = value.find_first_of(" \t") != std::string::npos;
  return "#SBATCH " + flag + "=" + (quote ? "\"" + value + "\"" : value) + "\n";
}

std::string common_header(const SlurmOptions& o, const ScriptContext& c, const std::string& job_name,
                          const std::string& output) {
  std::string s = "#!/bin/bash\n";
  s += directive("--job-name", job_name);
  s += directive("--output", output);
  s += directive("--chdir", c.workdir.string());
  if (!o.partition.empty()) s += directive("--partition", o.partition);
  return s;
}

std::string extra_and_setup(const SlurmOptions& o) {
  std::string s;
  for (const auto& f : o.extra) s += "#SBATCH " + f + "\n";
  s += "\n";
  if (!o.setup.empty()) {
    // Verbatim: these are the user's shell lines (module load, source venv, export ...).
    s += "# launcher.setup\n";
    for (const auto& line : o.setup) s += line + "\n";
    s += "\n";
  }
  return s;
}

}  // namespace

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') out += "'\\''";
    else out += ch;
  }
  return out + "'";
}

std::string array_spec(int n_tasks, int array_parallelism) {
  if (n_tasks < 1) throw RuntimeError("a job array needs at least one task");
  std::string s = "0-" + std::to_string(n_tasks - 1);
  if (array_parallelism > 0) s += "%" + std::to_string(array_parallelism);
  return s;
}

std::string array_script(const SlurmOptions& o, const ScriptContext& c) {
  const std::string k = std::to_string(c.submission);
  std::string s = common_header(o, c, "mer-" + c.sweep_name, (c.sweep_dir / "slurm" / "logs" / "%A_%a.out").string());
  s.insert(s.find('\n') + 1, "# mer sweep, launcher=slurm: sweep '" + c.sweep_name + "', submission " + k + ", " +
                                 std::to_string(c.n_tasks) + " tasks listed in slurm/tasks-" + k +
                                 ".tsv.\n# Submitted with: sbatch --parsable --array=" +
                                 array_spec(c.n_tasks, o.array_parallelism) + " <this file>\n");
  if (!o.time.empty()) s += directive("--time", o.time);
  s += directive("--cpus-per-task", std::to_string(o.cpus_per_task));
  if (!o.mem.empty()) s += directive("--mem", o.mem);
  if (o.gpus > 0) s += directive("--gpus", std::to_string(o.gpus));
  s += extra_and_setup(o);
  s += "# Intra-op threads = the CPUs Slurm gave this task.\n";
  s += "export MERLAB_THREADS=\"${SLURM_CPUS_PER_TASK:-" + std::to_string(o.cpus_per_task) + "}\"\n";
  s += "exec " + shell_quote(c.mer.string()) + " sweep-task " + shell_quote(c.sweep_dir.string()) + " --submission " + k +
       " --task \"$SLURM_ARRAY_TASK_ID\"\n";
  return s;
}

std::string merge_script(const SlurmOptions& o, const ScriptContext& c) {
  std::string s = common_header(o, c, "mer-" + c.sweep_name + "-merge",
                                (c.sweep_dir / "slurm" / "logs" / "merge-%j.out").string());
  s.insert(s.find('\n') + 1, "# mer sweep, launcher=slurm: folds the task databases of sweep '" + c.sweep_name +
                                 "' into results.sqlite\n# after array job of submission " +
                                 std::to_string(c.submission) + " has ended (--dependency=afterany:<array job>).\n");
  if (!o.merge_time.empty()) s += directive("--time", o.merge_time);
  s += directive("--cpus-per-task", "1");
  s += extra_and_setup(o);
  s += "exec " + shell_quote(c.mer.string()) + " merge " + shell_quote(c.sweep_dir.string()) + "\n";
  return s;
}

std::vector<std::string> array_submit_args(const SlurmOptions& o, int n_tasks, const std::filesystem::path& script) {
  return {"--parsable", "--array=" + array_spec(n_tasks, o.array_parallelism), script.string()};
}

std::vector<std::string> merge_submit_args(const std::string& array_job_id, const std::filesystem::path& script) {
  return {"--parsable", "--dependency=afterany:" + array_job_id, script.string()};
}

}  // namespace merlab::slurm
