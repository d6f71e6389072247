#include "framework/engine/sweep_session.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string_view>
#include <set>
#include <thread>

#include "datasets/dataset.h"
#include "framework/faces/face_stage.h"
#include "framework/common/build_info.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/process.h"
#include "framework/config/access.h"
#include "framework/config/yaml_tree.h"
#include "framework/engine/experiment.h"
#include "framework/engine/interrupt.h"
#include "framework/engine/progress.h"
#include "framework/engine/run_executor.h"
#include "framework/models/runtime.h"
#include "framework/storage/results_db.h"

namespace merlab {
namespace fs = std::filesystem;

std::string run_id_for_hash(const std::string& config_hash) { return config_hash.substr(0, 16); }

std::string sweep_name_for(const config::SweepPlan& plan, const std::string& explicit_name) {
  if (!explicit_name.empty()) return explicit_name;
  if (plan.points.empty()) throw ConfigError("sweep: the grid is empty");
  const auto& first = plan.points.front().composed;
  auto it = first.choices.find("experiment");
  if (it != first.choices.end()) return it->second;
  return cfg::value_or<std::string>(first.node["output"], "sweep_name", "default", "output");
}

double stale_after_of(const storage::RunRecord& run) {
  return cfg::value_or<double>(YAML::Load(run.config_yaml)["output"], "stale_after_s", 120.0, "output");
}

void check_sweep_name(const std::string& name) {
  // A sweep name is a folder name, a database key and a Slurm job name, and is typed in shells:
  // letters, digits and . _ - + = only, starting with a letter, digit or '_', at most 100.
  const bool ok = !name.empty() && name.size() <= 100 && (std::isalnum(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                  std::all_of(name.begin(), name.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._-+=").find(c) != std::string_view::npos;
                  });
  if (!ok) {
    throw ConfigError("sweep name '" + name +
                      "': expected letters, digits and . _ - + = only, starting with a letter, digit or '_' "
                      "(at most 100 characters)");
  }
}

namespace {

// Stored configs keep explicit strings quoted ('010' stays a string when read back).
std::string emit_yaml(const YAML::Node& node) { return config::emit_config(node); }

fs::path runs_root_of(const config::SweepPlan& plan) {
  return cfg::value_or<std::string>(plan.points.front().composed.node["output"], "root", "runs", "output");
}

std::string grid_text(const config::SweepPlan& plan) {
  std::string out;
  for (const auto& a : plan.spec.axes) {
    out += join(a.keys, "+") + ": ";
    std::vector<std::string> vals;
    for (const auto& row : a.values) vals.push_back(join(row, "/"));
    out += "[" + join(vals, ", ") + "]\n";
  }
  for (const auto& f : plan.spec.fixed) out += "fixed: " + f + "\n";
  return out;
}

}  // namespace

SweepSetup prepare_sweep(const config::SweepPlan& plan, const std::string& name, bool replace, const std::string& command) {
  if (plan.points.empty()) throw ConfigError("sweep: the grid is empty");
  check_sweep_name(name);
  // Validate every point before anything is written or trained.
  std::vector<ExperimentSpec> specs;
  for (const auto& p : plan.points) specs.push_back(ExperimentSpec::from_config(p.composed.node));

  SweepSetup setup;
  setup.name = name;
  setup.dir = runs_root_of(plan) / name;
  setup.db_path = storage::default_db_path(runs_root_of(plan), name);
  for (const auto& p : plan.points) setup.run_ids.push_back(run_id_for_hash(p.hash));

  if (fs::exists(setup.db_path)) {
    auto existing = storage::ResultsDb::open(setup.db_path, {30000, true, false});
    std::set<std::string> stored;
    for (const auto& r : existing.runs(name)) stored.insert(r.run_id);
    std::set<std::string> wanted(setup.run_ids.begin(), setup.run_ids.end());
    if (!stored.empty() && stored != wanted) {
      if (!replace) {
        std::size_t differ = 0;
        for (const auto& id : wanted) differ += stored.count(id) == 0;
        throw ConfigError("sweep '" + name + "' already exists in " + setup.dir.string() + " with a different grid (" +
                          std::to_string(differ) + " of " + std::to_string(wanted.size()) +
                          " runs are new). Use --new to start it afresh (the old folder is kept), or --name OTHER");
      }
      fs::path old;
      for (int k = 1;; ++k) {
        old = setup.dir.string() + ".old-" + std::to_string(k);
        if (!fs::exists(old)) break;
      }
      fs::rename(setup.dir, old);
      log::warn("sweep '{}': previous sweep moved to {}", name, old.string());
    }
  }

  // Classes per distinct dataset config (also checks that the data can be read at all). The
  // loaded datasets go to the executor with the setup, so a local run does not load them again.
  std::map<std::string, std::vector<std::string>> classes;
  for (const auto& s : specs) {
    auto key = s.data_key();
    if (classes.count(key)) continue;
    // The face stage runs here, once, before any worker starts: workers reuse its cache.
    auto d = load_run_dataset(s.dataset, s.faces, s.limits);
    require_no_face_errors(d);
    if (d.clips.empty()) {
      throw RuntimeError("dataset '" + s.dataset_name + "' has no usable clip; run 'mer datasets check' with the same overrides");
    }
    classes[key] = d.class_names;
    log::debug("loaded dataset '{}' ({} clips)", s.dataset_name, d.clips.size());
    setup.datasets[key] = std::make_shared<const DatasetLoad>(std::move(d));
  }

  auto db = storage::ResultsDb::open(setup.db_path);
  storage::SweepRecord sweep;
  sweep.name = name;
  sweep.config_yaml = emit_yaml(plan.points.front().composed.node);
  sweep.grid_spec = grid_text(plan);
  sweep.command = command;
  sweep.n_points = static_cast<int>(plan.points.size());
  db.upsert_sweep(sweep);

  const auto versions = library_versions();
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    const auto& p = plan.points[i];
    const ExperimentSpec& s = specs[i];
    storage::RunRecord r;
    r.run_id = setup.run_ids[i];
    r.sweep = name;
    r.point_index = static_cast<int>(i);
    r.config_yaml = emit_yaml(p.composed.node);
    r.config_hash = p.hash;
    r.overrides = p.overrides;
    r.params = config::flatten(p.composed.node);
    r.git_commit = versions.git_commit;
    r.git_dirty = versions.git_dirty;
    r.versions = {{"merlab", versions.merlab}, {"libtorch", versions.libtorch}, {"opencv", versions.opencv},
                  {"sqlite", versions.sqlite}, {"blas", versions.blas}};
    r.seed = static_cast<std::int64_t>(s.seed);
    r.dataset = s.dataset_name;
    r.model = s.model_name;
    r.strategy = s.strategy_label;
    r.classes = classes.at(s.data_key());
    db.register_run(r);
    fs::create_directories(setup.dir / r.run_id);
    std::ofstream(setup.dir / r.run_id / "config.yaml") << r.config_yaml;
    setup.runs.push_back({std::move(r), std::move(specs[i])});
  }
  return setup;
}

namespace {

// What keeps runs of the sweep from being DONE when this process has nothing left to do:
// folds that other live processes are computing (they will finish them), or failed and
// unstarted folds (a resume retries those).
struct Remaining {
  int unfinished = 0;          // runs not DONE
  int held_by_others = 0;      // of those: every missing fold is being computed by another process
  std::set<std::string> holders;  // "host pid"
};

Remaining remaining_work(const SweepSetup& setup) {
  auto db = storage::ResultsDb::open(setup.db_path);
  const std::string here = storage::host_name();
  const double now = storage::unix_now();
  Remaining out;
  for (const auto& id : setup.run_ids) {
    const auto run = db.get_run(id);
    if (run.status == storage::RunStatus::done) continue;
    ++out.unfinished;
    const double stale_after = stale_after_of(run);
    const auto folds = db.folds(id);
    bool only_others = run.status != storage::RunStatus::failed && run.n_folds > 0 &&
                       static_cast<int>(folds.size()) == run.n_folds;
    std::set<std::string> holders;
    for (const auto& f : folds) {
      if (f.status == storage::FoldStatus::done) continue;
      const bool live = f.status == storage::FoldStatus::running &&
                        (f.host == here ? f.pid != ::getpid() && process_alive(f.pid)
                                        : f.heartbeat && now - *f.heartbeat < stale_after);
      if (live) holders.insert(f.host + " pid " + std::to_string(f.pid));
      else only_others = false;
    }
    if (only_others) {
      ++out.held_by_others;
      out.holders.insert(holders.begin(), holders.end());
    }
  }
  return out;
}

// Pools runs whose folds were all completed (by any worker) but that nobody finished.
void finish_completed_runs(const SweepSetup& setup) {
  auto db = storage::ResultsDb::open(setup.db_path);
  for (const auto& id : setup.run_ids) {
    auto run = db.get_run(id);
    if (run.status == storage::RunStatus::done || run.n_folds == 0) continue;
    if (static_cast<int>(db.completed_folds(id).size()) == run.n_folds) db.finish_run(id);
  }
}

}  // namespace

int sweep_worker(const fs::path& db_path, const fs::path& dir, const std::string& sweep, int threads) {
  install_interrupt_handlers();
  ExecutorOptions options;
  options.threads = threads;
  RunExecutor executor(db_path, dir, options);
  std::vector<std::string> ids;
  {
    auto db = storage::ResultsDb::open(db_path);
    for (const auto& r : db.runs(sweep)) ids.push_back(r.run_id);
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    try {
      executor.execute(ids[i], nullptr, static_cast<int>(i));
    } catch (const Interrupted&) {
      return 130;
    } catch (const std::exception& e) {
      log::error("run {}: {}", ids[i], e.what());
    }
  }
  return 0;
}

int run_sweep_locally(const SweepSetup& setup, const LocalRunOptions& options) {
  install_interrupt_handlers();
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Each run uses its own runtime.threads (or --threads for all), never cores / workers: a
  // run's numbers must not depend on how many workers the sweep was launched with.
  const int threads = options.threads_per_worker;

  // Counting folds uses the datasets prepare_sweep loaded; the in-process path executes the
  // runs it parsed with this same executor.
  ExecutorOptions executor_options;
  executor_options.threads = threads;
  RunExecutor executor(setup.db_path, setup.dir, executor_options);
  executor.reuse_datasets(setup.datasets);
  int total_folds = 0;
  for (const auto& run : setup.runs) total_folds += executor.count_folds(run);
  int done_folds = 0;
  {
    auto db = storage::ResultsDb::open(setup.db_path, {30000, true, false});
    for (const auto& p : db.progress(setup.name)) done_folds += p.done;
  }
  // More workers than pending folds would only start idle processes, and more than the cores
  // only slow each other down (each one loads the dataset and a model).
  const int wanted = std::max(1, options.workers);
  const int workers = std::max(1, std::min({wanted, total_folds - done_folds, cores}));
  if (workers < wanted) {
    log::info("--workers {}: using {} (pending folds: {}, cores: {})", wanted, workers, total_folds - done_folds, cores);
  }
  if (workers > 1 && workers * std::max(threads, 1) > cores)
    log::info("{} workers share {} cores: each run keeps its own thread count (runtime.threads), so the cores are "
              "oversubscribed; results are unaffected",
              workers, cores);
  Progress progress(options.quiet, static_cast<int>(setup.run_ids.size()), total_folds);
  log::info("sweep '{}': {} runs, {} folds, {} worker(s) x {} thread(s); database {}", setup.name, setup.run_ids.size(),
            total_folds, workers, threads > 0 ? std::to_string(threads) : "runtime.threads", setup.db_path.string());

  if (workers == 1) {
    for (std::size_t i = 0; i < setup.runs.size(); ++i) {
      try {
        executor.execute(setup.runs[i], &progress, static_cast<int>(i));
      } catch (const Interrupted&) {
        progress.finish("interrupted: the database is consistent; run the same command again to resume");
        return 130;
      } catch (const ConfigError&) {
        throw;
      } catch (const std::exception& e) {
        log::error("run {}: {}", setup.run_ids[i], e.what());
      }
    }
  } else {
    if (options.worker_command.empty()) throw RuntimeError("run_sweep_locally: no worker command for several workers");
    // Workers are fresh processes (exec, not a bare fork): the parent's LibTorch thread pools
    // and database connections must not be inherited.
    std::vector<std::string> argv = options.worker_command;
    for (const std::string& a : {std::string("--db"), setup.db_path.string(), std::string("--dir"), setup.dir.string(),
                                 std::string("--sweep"), setup.name, std::string("--threads"), std::to_string(threads)})
      argv.push_back(a);
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    std::vector<pid_t> children;
    for (int w = 0; w < workers; ++w) {
      pid_t pid = ::fork();
      if (pid < 0) throw RuntimeError("cannot start worker process: fork failed");
      if (pid == 0) {
        ::execv(cargv[0], cargv.data());
        ::_exit(127);
      }
      children.push_back(pid);
    }
    // Poll the database for progress while the workers run.
    std::size_t alive = children.size();
    bool forwarded = false;
    while (alive > 0) {
      for (auto& pid : children) {
        if (pid <= 0) continue;
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          pid = -1;
          --alive;
        }
      }
      if (interrupt_requested() && !forwarded) {
        for (auto pid : children)
          if (pid > 0) ::kill(pid, SIGTERM);
        forwarded = true;
      }
      try {
        auto db = storage::ResultsDb::open(setup.db_path, {30000, true, false});
        int done = 0;
        for (const auto& p : db.progress(setup.name)) done += p.done;
        progress.set_completed_folds(done);
      } catch (const std::exception&) {
      }
      if (alive > 0) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (forwarded) {
      progress.finish("interrupted: the database is consistent; run the same command again to resume");
      return 130;
    }
  }
  finish_completed_runs(setup);
  const Remaining left = remaining_work(setup);
  std::string summary = "sweep '" + setup.name + "': " + std::to_string(setup.run_ids.size() - static_cast<std::size_t>(left.unfinished)) +
                        "/" + std::to_string(setup.run_ids.size()) + " runs done; results in " + setup.db_path.string();
  if (left.held_by_others > 0) {
    summary += "\n" + std::to_string(left.held_by_others) + " run(s) are being finished by other processes (" +
               join({left.holders.begin(), left.holders.end()}, ", ") + "); follow them with 'mer status " +
               setup.dir.string() + " --watch'";
  }
  if (left.unfinished > left.held_by_others) {
    summary += "\n" + std::to_string(left.unfinished - left.held_by_others) +
               " run(s) have failed or unfinished folds: 'mer status " + setup.dir.string() +
               "' lists them; the same command again retries them";
  }
  progress.finish(summary);
  return left.unfinished - left.held_by_others;
}

}  // namespace merlab
