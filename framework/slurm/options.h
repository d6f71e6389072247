// The `launcher: slurm` config group (experiments/conf/launcher/slurm.yaml), read and validated
// before anything is written or submitted. Keys and their meaning: docs/cluster.md.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace merlab::slurm {

// One array task computes a whole run (all its LOSO folds) or a single fold of a run.
enum class Granularity { run, fold };

struct SlurmOptions {
  std::string sbatch = "sbatch";       // sbatch binary (path or name on PATH)
  std::string squeue = "squeue";       // used to refuse resubmitting while jobs are queued
  std::string mer;                     // mer binary the tasks run (empty: this one)
  std::string partition;               // empty: the cluster's default
  std::string time = "01:00:00";       // per task
  int cpus_per_task = 2;
  std::string mem;                     // e.g. "8G"; empty: the cluster's default
  int gpus = 0;                        // per task (--gpus); 0: none requested
  int array_parallelism = 0;           // at most K tasks at once (%K); 0: no limit
  Granularity granularity = Granularity::run;
  std::vector<std::string> setup;      // shell lines run before each task (module load ...)
  std::vector<std::string> extra;      // further sbatch flags, e.g. "--account=lab", "--qos=short"
  std::string merge_time = "00:30:00"; // time limit of the dependent merge job

  // Reads the launcher: section. Throws ConfigError naming the key ("launcher.time", ...) on a
  // bad value.
  static SlurmOptions from_config(const YAML::Node& launcher);
};

const char* to_string(Granularity g);

}  // namespace merlab::slurm
