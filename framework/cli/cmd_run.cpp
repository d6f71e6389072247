// `mer run` (one config), `mer reproduce` (re-run a logged run and compare), and the hidden
// `mer sweep-worker` used by `mer sweep --workers N`.
#include <filesystem>
#include <iostream>

#include "framework/cli/commands.h"
#include "framework/cli/launch_request.h"
#include "framework/cli/run_summary.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/config/access.h"
#include "framework/config/sweep.h"
#include "framework/config/sweep_plan.h"
#include "framework/engine/launcher.h"
#include "framework/engine/reproduce.h"
#include "framework/engine/sweep_session.h"

namespace merlab::cli {
namespace fs = std::filesystem;
namespace {

int run_run(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()("name", po::value<std::string>()->default_value(""),
                     "sweep folder under output.root (default: run-<config hash>)")(
      "new", "replace an existing folder of that name whose config differs")("quiet,q", "one line per fold (time, UF1, ETA) instead of the status line")(
      "config-root", po::value<std::string>(), "config directory (default: experiments/conf)");
  auto parsed = parse_args("run", "mer run [options] [overrides...]", args, desc);
  if (parsed.help) return 0;
  for (const auto& o : parsed.positional) {
    if (config::is_sweep_override(o)) {
      throw UsageError("mer run: '" + o + "' is a sweep; use 'mer sweep " + o + "'");
    }
  }
  fs::path root = parsed.vm.count("config-root") ? fs::path(parsed.vm["config-root"].as<std::string>()) : config::default_config_root();
  auto plan = config::plan_sweep(parsed.positional, {}, root);
  std::string name = parsed.vm["name"].as<std::string>();
  if (name.empty()) name = "run-" + plan.points.front().hash.substr(0, 12);
  // The same launcher as `mer sweep`: launcher=slurm submits the run as a job array.
  LaunchRequest request = launch_request("mer run " + join(args, " "));
  request.name = name;
  request.replace = parsed.vm.count("new") > 0;
  request.quiet = parsed.vm.count("quiet") > 0;
  const auto outcome = make_launcher(plan)->launch(plan, request);
  const SweepSetup& setup = outcome.setup;
  if (!outcome.summary.empty()) {  // submitted (or nothing left to submit): results come later
    std::cout << "run " << setup.run_ids.front() << ": " << outcome.summary << "\n";
    return 0;
  }
  const int unfinished = outcome.unfinished;
  std::cout << "run " << setup.run_ids.front() << ": " << (unfinished ? "not complete" : "done") << "; database "
            << setup.db_path.string() << "\n";
  if (!unfinished) std::cout << pooled_metrics_line(setup.db_path, setup.run_ids.front()) << "\n";
  return unfinished ? 1 : 0;
}

int run_worker(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()("db", po::value<std::string>()->required(), "results database")(
      "dir", po::value<std::string>()->required(), "sweep folder")("sweep", po::value<std::string>()->required(),
                                                                      "sweep name")(
      "threads", po::value<int>()->default_value(0), "intra-op threads");
  auto parsed = parse_args("sweep-worker", "mer sweep-worker --db PATH --dir DIR --sweep NAME [--threads N]", args, desc, 0);
  if (parsed.help) return 0;
  return sweep_worker(parsed.vm["db"].as<std::string>(), parsed.vm["dir"].as<std::string>(),
                      parsed.vm["sweep"].as<std::string>(), parsed.vm["threads"].as<int>());
}

int run_reproduce(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()("runs-root", po::value<std::string>()->default_value(""),
                     "where sweeps live (default: $MERLAB_RUNS or runs)")(
      "db", po::value<std::string>()->default_value(""), "database holding the run (default: search the runs root)")(
      "quiet,q", "no progress bar");
  auto parsed = parse_args("reproduce", "mer reproduce RUN_ID [--db results.sqlite]", args, desc, 1);
  if (parsed.help) return 0;
  if (parsed.positional.empty()) throw UsageError("mer reproduce: expected a run id (see 'mer status')");
  ReproduceOptions o;
  o.run_id = parsed.positional[0];
  o.db = parsed.vm["db"].as<std::string>();
  o.runs_root = parsed.vm["runs-root"].as<std::string>();
  if (o.runs_root.empty()) o.runs_root = std::getenv("MERLAB_RUNS") ? std::getenv("MERLAB_RUNS") : "runs";
  o.quiet = parsed.vm.count("quiet") > 0;
  o.threads = threads_from_environment();
  auto report = reproduce_run(o);
  std::cout << report.text;
  return report.identical ? 0 : 1;
}

}  // namespace

void add_run_commands(CommandTable& table) {
  table.add({"run", "train and evaluate one config (LOSO), logged to SQLite", run_run});
  table.add({"reproduce", "re-run a logged run from its stored config and compare every metric", run_reproduce});
  // Started by run_sweep_locally through the worker command of cli/launch_request.cpp.
  table.add({"sweep-worker", "(internal) worker process of 'mer sweep --workers N'", run_worker});
}

}  // namespace merlab::cli
