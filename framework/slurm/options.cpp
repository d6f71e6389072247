#include "framework/slurm/options.h"

#include <regex>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/access.h"

namespace merlab::slurm {
namespace {

const std::string kWhere = "launcher";

// Values end up on `#SBATCH` lines: a newline or a double quote would end or break the
// directive (and could inject shell lines into the script).
std::string directive_value(const YAML::Node& node, const std::string& key, const std::string& fallback) {
  auto v = cfg::value_or<std::string>(node, key, fallback, kWhere);
  if (v.find_first_of("\n\r\"") != std::string::npos) {
    throw ConfigError("config key 'launcher." + key + "': '" + v + "' must not contain a newline or a double quote");
  }
  return v;
}

int non_negative(const YAML::Node& node, const std::string& key, int fallback) {
  int v = cfg::value_or<int>(node, key, fallback, kWhere);
  if (v < 0) throw ConfigError("config key 'launcher." + key + "': expected an integer >= 0, got " + std::to_string(v));
  return v;
}

// A list of strings, or one (multi-line) string split into lines.
std::vector<std::string> lines_of(const YAML::Node& node, const std::string& key) {
  if (!node[key] || node[key].IsNull()) return {};
  if (node[key].IsScalar()) {
    std::vector<std::string> out;
    for (auto& l : split(node[key].Scalar(), '\n'))
      if (!l.empty()) out.push_back(l);
    return out;
  }
  auto v = cfg::list_or<std::string>(node, key, {}, kWhere);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].find_first_of("\n\r") != std::string::npos) {
      throw ConfigError("config key 'launcher." + key + "[" + std::to_string(i) + "]': one shell line per entry (no newline)");
    }
  }
  return v;
}

}  // namespace

const char* to_string(Granularity g) { return g == Granularity::run ? "run" : "fold"; }

SlurmOptions SlurmOptions::from_config(const YAML::Node& launcher) {
  SlurmOptions o;
  const auto name = cfg::value_or<std::string>(launcher, "name", "", kWhere);
  if (name != "slurm") throw ConfigError("config key 'launcher.name': expected 'slurm', got '" + name + "'");
  o.sbatch = directive_value(launcher, "sbatch", o.sbatch);
  o.squeue = directive_value(launcher, "squeue", o.squeue);
  o.mer = directive_value(launcher, "mer", "");
  o.partition = directive_value(launcher, "partition", "");
  o.time = directive_value(launcher, "time", o.time);
  o.mem = directive_value(launcher, "mem", "");
  o.merge_time = directive_value(launcher, "merge_time", o.merge_time);
  // Slurm accepts minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
  static const std::regex time_re(R"(^(\d+-)?\d+(:\d+){0,2}$)");
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"time", o.time}, {"merge_time", o.merge_time}}) {
    if (!value.empty() && !std::regex_match(value, time_re)) {
      throw ConfigError("config key 'launcher." + key + "': '" + value +
                        "' is not a Slurm time (MINUTES, HH:MM:SS or D-HH:MM:SS)");
    }
  }
  o.cpus_per_task = non_negative(launcher, "cpus_per_task", o.cpus_per_task);
  if (o.cpus_per_task == 0) throw ConfigError("config key 'launcher.cpus_per_task': expected an integer >= 1, got 0");
  o.gpus = non_negative(launcher, "gpus", 0);
  o.array_parallelism = non_negative(launcher, "array_parallelism", 0);
  o.granularity = cfg::choice(launcher, "granularity", "run", {"run", "fold"}, kWhere) == "fold" ? Granularity::fold
                                                                                                 : Granularity::run;
  o.setup = lines_of(launcher, "setup");
  o.extra = cfg::list_or<std::string>(launcher, "extra", {}, kWhere);
  for (std::size_t i = 0; i < o.extra.size(); ++i) {
    const auto& f = o.extra[i];
    if (f.size() < 2 || f[0] != '-' || f.find_first_of("\n\r") != std::string::npos) {
      throw ConfigError("config key 'launcher.extra[" + std::to_string(i) + "]': '" + f +
                        "' is not an sbatch flag (expected e.g. --account=lab)");
    }
  }
  return o;
}

}  // namespace merlab::slurm
