// `mer sweep`: expands a grid (command-line axes, -m values, the experiment's sweep: block) into
// resolved runs. --dry-run lists them with their identity hashes; --estimate adds folds and wall time.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <set>

#include "framework/cli/commands.h"
#include "framework/cli/launch_request.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/sweep_plan.h"
#include "framework/engine/cost_estimate.h"
#include "framework/engine/experiment.h"
#include "framework/engine/launcher.h"
#include "framework/models/weights.h"

namespace merlab::cli {
namespace {

// "scratch" or the file name of the state dict a point's model starts from (model.pretrained is
// already resolved here: imagenet has become torchvision's file in weights.dir).
std::string weights_label(const YAML::Node& model) {
  const YAML::Node p = model["pretrained"];
  if (!p || p.IsNull()) return "scratch";
  return std::filesystem::path(p.as<std::string>()).filename().string();
}

// "sgd 1e-03": the recipe in one column, so a per-model fine-tuning grid reads as one.
std::string optimizer_label(const TrainOptions& train) {
  const auto name = train.optimizer["name"].as<std::string>();
  if (!train.optimizer["lr"]) return name + " default";
  return fmt::format("{} {:.0e}", name, train.optimizer["lr"].as<double>());
}

// The grid with, per point, its folds, samples and estimated time, then the measured rates.
void print_estimate(const config::SweepPlan& plan, const std::vector<ExperimentSpec>& specs, const CostEstimate& cost) {
  long folds = 0;
  for (const auto& p : cost.points) folds += p.folds;
  std::cout << plan.points.size() << " run" << (plan.points.size() == 1 ? "" : "s") << ", " << folds
            << " folds; estimated wall time with one worker: " << human_duration(cost.seconds) << "\n\n";
  std::cout << fmt::format("{:>3}  {:<12}  {:<14} {:>5} {:<25} {:<15} {:>6} {:>7} {:>6} {:>10}  {}\n", "#", "run id", "model",
                           "size", "weights", "optimizer", "epochs", "train/f", "folds", "time", "overrides");
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    const auto& s = specs[i];
    const auto& c = cost.points[i];
    std::cout << fmt::format("{:>3}  {:<12}  {:<14} {:>5} {:<25} {:<15} {:>6} {:>7} {:>6} {:>10}  {}\n", i,
                             plan.points[i].hash.substr(0, 12), s.model_name, s.input_size, weights_label(s.model),
                             optimizer_label(s.train), s.train.epochs, c.train_samples_per_fold, c.folds,
                             human_duration(c.seconds), join(plan.points[i].overrides, " "));
  }
  std::cout << "\nmeasured here (second of two short epochs on random images):\n";
  for (const auto& r : cost.rates) {
    std::cout << fmt::format("  {:<14} {:>4} px  batch {:>3}  {} thread(s)  {:<5}  {:.1f} ms per training sample\n", r.model,
                             r.input_size, r.batch_size, r.threads > 0 ? std::to_string(r.threads) : "all", r.device,
                             1000 * r.seconds_per_sample);
  }
  // Weight files absent here do not stop an estimate (a step costs the same from random
  // weights), but the sweep would refuse to start: say so now, with the fix.
  std::set<std::string> missing;
  for (const auto& s : specs) {
    const YAML::Node p = s.model["pretrained"];
    if (p && !p.IsNull() && !std::filesystem::exists(p.as<std::string>())) missing.insert(p.as<std::string>());
  }
  if (!missing.empty()) {
    std::cout << missing.size() << " weight file" << (missing.size() == 1 ? " is" : "s are")
              << " missing here (the sweep would stop before training):\n";
    for (const auto& m : missing) std::cout << "  " << m << "\n";
    std::cout << "fetch them on a machine with internet: "
              << fetch_weights_command(std::filesystem::path(*missing.begin()).parent_path().string()) << "\n";
  }
  std::cout << "not included: computing dynamic images the first time (then cached), loading data, early stopping; "
               "--workers N shortens it only where cores are idle (every run keeps its runtime.threads)\n";
}

// After a dry run's list: one line per distinct model recipe (model, size, weights, optimizer,
// epochs) with its run count, so a per-model grid is read at a glance; the time is --estimate's.
void print_recipes(const std::vector<ExperimentSpec>& specs) {
  std::map<std::string, int> runs;  // recipe line -> runs using it
  std::vector<std::string> order;   // recipe lines in the grid's order
  for (const auto& s : specs) {
    const auto line = fmt::format("  {:<14} {:>5} {:<25} {:<15} {:>6}", s.model_name, s.input_size, weights_label(s.model),
                                  optimizer_label(s.train), s.train.epochs);
    if (runs[line]++ == 0) order.push_back(line);
  }
  std::cout << "\nper model (" << order.size() << " recipe" << (order.size() == 1 ? "" : "s") << "):\n"
            << fmt::format("  {:<14} {:>5} {:<25} {:<15} {:>6}  {}\n", "model", "size", "weights", "optimizer", "epochs", "runs");
  for (const auto& line : order) std::cout << line << "  " << runs[line] << "\n";
  std::cout << "folds and wall time on this machine: add --estimate (loads the data, times a few steps per model)\n";
}

int run_sweep(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("multirun,m", po::value<std::vector<std::string>>()->multitoken()->composing(),
       "sweep axes: key=a,b,c  key=range(0,3)  group=glob(pat*)  'zip(a=1,2;b=x,y)'")
      ("dry-run", "list every resolved grid point with its identity hash, validated as a run would be; run nothing")
      ("plan-only", "with --dry-run: list the expanded grid without validating its points as runs (for config trees "
                    "that are not MERLab experiments, e.g. grammar tests)")
      ("estimate", "a --dry-run that also loads each dataset, counts the folds, times a few training steps per model here and "
                   "estimates the sweep's wall time")
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
  const bool dry_run = parsed.vm.count("dry-run") || parsed.vm.count("estimate");
  check_sweep_weights(resolved, /*check_files=*/!dry_run);
  if (dry_run) {
    // Every point is validated as a run would be (types, ranges, models, strategies), so that a
    // plan that lists cleanly also starts; only weight files may be absent on this machine.
    std::vector<ExperimentSpec> specs;
    for (std::size_t i = 0; i < plan.points.size() && !parsed.vm.count("plan-only"); ++i) {
      try {
        specs.push_back(ExperimentSpec::from_config(plan.points[i].composed.node, /*check_weight_files=*/false));
      } catch (const ConfigError& e) {
        throw ConfigError("grid point " + std::to_string(i) + " (" + join(plan.points[i].overrides, " ") + "): " + e.what());
      }
    }
    if (!parsed.vm.count("estimate") || parsed.vm.count("plan-only")) {
      std::cout << plan.points.size() << " grid point" << (plan.points.size() == 1 ? "" : "s") << "\n";
      for (std::size_t i = 0; i < plan.points.size(); ++i) {
        const auto& p = plan.points[i];
        std::cout << i << "  " << p.hash.substr(0, 12) << "  " << join(p.overrides, " ") << "\n";
      }
      if (!specs.empty()) print_recipes(specs);
      return 0;
    }
    print_estimate(plan, specs, estimate_sweep_cost(specs));
    return 0;
  }
  LaunchRequest request = launch_request("mer sweep " + join(args, " "));
  request.workers = workers;
  request.quiet = parsed.vm.count("quiet") > 0;
  request.replace = parsed.vm.count("new") > 0;
  request.name = parsed.vm["name"].as<std::string>();
  const auto outcome = make_launcher(plan)->launch(plan, request);
  if (!outcome.summary.empty()) std::cout << outcome.summary << "\n";
  return outcome.unfinished == 0 ? 0 : 1;
}

}  // namespace

void add_sweep_commands(CommandTable& table) {
  table.add({"sweep", "run (or --dry-run list) a grid of configs: models x strategies x seeds ...", run_sweep});
}

}  // namespace merlab::cli
