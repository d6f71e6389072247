// `mer sweep`: expands a grid (command-line axes, -m values, the experiment's sweep: block) into
// resolved runs. --dry-run lists them with their config hashes.
#include <iostream>

#include "framework/cli/commands.h"
#include "framework/cli/sweep_runner.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/sweep_plan.h"
#include "framework/engine/experiment.h"
#include "framework/models/weights.h"

namespace merlab::cli {
namespace {

int run_sweep(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("multirun,m", po::value<std::vector<std::string>>()->multitoken()->composing(),
       "sweep axes: key=a,b,c  key=range(0,3)  group=glob(pat*)  'zip(a=1,2;b=x,y)'")
      ("dry-run", "list every resolved grid point with its config hash; run nothing")
      ("workers", po::value<int>()->default_value(1), "parallel worker processes on this machine (at most the pending folds and the cores)")
      ("resume", "continue an existing sweep (the default when its configs are unchanged)")
      ("new", "replace an existing sweep of the same name whose configs changed")
      ("quiet,q", "no progress bars; log lines only")
      ("name", po::value<std::string>()->default_value(""), "sweep name (default: the experiment's name, else output.sweep_name)")
      ("config-root", po::value<std::string>(), "config directory (default: experiments/conf)");
  auto parsed = parse_args("sweep", "mer sweep [options] [overrides...] [-m key=a,b ...]", args, desc);
  if (parsed.help) {
    std::cout << "A sweep block in an experiment file:\n"
                 "  sweep:\n    grid: {model: [resnet18, learnet], seed: range(0,3)}\n"
                 "    zip:  {aug: [single_di, dual_phase_di], train.epochs: [10, 20]}\n";
    return 0;
  }
  std::vector<std::string> multirun;
  if (parsed.vm.count("multirun")) multirun = parsed.vm["multirun"].as<std::vector<std::string>>();
  std::filesystem::path root = parsed.vm.count("config-root") ? std::filesystem::path(parsed.vm["config-root"].as<std::string>())
                                                              : config::default_config_root();
  const int workers = parsed.vm["workers"].as<int>();
  if (workers < 1) throw ConfigError("--workers " + std::to_string(workers) + ": expected at least 1 worker process");
  auto plan = config::plan_sweep(parsed.positional, multirun, root);
  // Pretrained weights per model (names, architectures; files too unless this is a dry run), so a
  // path given once for a multi-model grid is refused before anything trains.
  std::vector<YAML::Node> resolved;
  for (const auto& p : plan.points) resolved.push_back(p.composed.node);
  check_sweep_weights(resolved, /*check_files=*/parsed.vm.count("dry-run") == 0);
  if (parsed.vm.count("dry-run")) {
    // Every point is validated as a run would be (types, ranges, models, strategies), so that a
    // plan that lists cleanly also starts; only weight files may be absent on this machine.
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
      try {
        ExperimentSpec::from_config(plan.points[i].composed.node, /*check_weight_files=*/false);
      } catch (const ConfigError& e) {
        throw ConfigError("grid point " + std::to_string(i) + " (" + join(plan.points[i].overrides, " ") + "): " + e.what());
      }
    }
    std::cout << plan.points.size() << " grid point" << (plan.points.size() == 1 ? "" : "s") << "\n";
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
      const auto& p = plan.points[i];
      std::cout << i << "  " << p.hash.substr(0, 12) << "  " << join(p.overrides, " ") << "\n";
    }
    return 0;
  }
  SweepRunOptions run_options;
  run_options.workers = workers;
  run_options.quiet = parsed.vm.count("quiet") > 0;
  run_options.replace = parsed.vm.count("new") > 0;
  run_options.args = args;
  run_options.name = parsed.vm["name"].as<std::string>();
  return execute_sweep(plan, run_options);
}

}  // namespace

void add_sweep_commands(CommandTable& table) {
  table.add({"sweep", "run (or --dry-run list) a grid of configs: models x strategies x seeds ...", run_sweep});
}

}  // namespace merlab::cli
