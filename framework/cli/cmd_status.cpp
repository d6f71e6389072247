// `mer status`: progress of a sweep from its results database (read-only; safe while workers
// are writing): per run the folds done/running/failed/pending, status and pooled metrics, then
// every failure with its message and every RUNNING fold whose heartbeat went stale.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/slurm/status_view.h"
#include "framework/storage/results_db.h"

namespace merlab::cli {
namespace {

std::string metric(const std::optional<double>& v) { return v ? fmt::format("{:.4f}", *v) : "-"; }

std::filesystem::path resolve_db(const std::string& arg) {
  std::filesystem::path p(arg);
  if (std::filesystem::is_directory(p)) {
    auto db = p / "results.sqlite";
    if (!std::filesystem::exists(db)) throw RuntimeError(arg + ": no results.sqlite in this directory");
    return db;
  }
  if (!std::filesystem::exists(p)) throw RuntimeError(arg + ": no such sweep directory or results database");
  return p;
}

int run_status(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()
      ("sweep", po::value<std::string>(), "only runs of this sweep (default: all in the file)")
      ("stale", po::value<double>()->default_value(600.0), "seconds without heartbeat after which a RUNNING fold is reported stale");
  auto parsed = parse_args("status", "mer status <sweep-dir | results.sqlite> [--sweep NAME] [--stale SECONDS]", args,
                           opts, 1);
  if (parsed.help) return 0;
  if (parsed.positional.empty()) throw UsageError("mer status: missing sweep directory or results.sqlite (see 'mer status --help')");
  const double stale_after = parsed.vm["stale"].as<double>();
  if (stale_after < 0) throw UsageError("mer status: --stale must be >= 0");
  const std::string sweep = parsed.vm.count("sweep") ? parsed.vm["sweep"].as<std::string>() : "";

  storage::OpenOptions o;
  o.read_only = true;
  auto db = storage::ResultsDb::open(resolve_db(parsed.positional[0]), o);
  auto progress = db.progress(sweep);

  int by_status[4] = {0, 0, 0, 0};
  for (const auto& p : progress) ++by_status[static_cast<int>(p.run.status)];
  std::cout << db.path().string() << ": " << progress.size() << " runs" << (sweep.empty() ? "" : " in sweep '" + sweep + "'")
            << ": " << by_status[2] << " DONE, " << by_status[1] << " RUNNING, " << by_status[3] << " FAILED, "
            << by_status[0] << " PENDING\n\n";
  std::cout << fmt::format("{:<18} {:<8} {:>5} {:>5} {:>5} {:>5}  {:<12} {:<14} {:<16} {:>7} {:>7} {:>7}\n", "run", "status",
                           "done", "run", "fail", "pend", "dataset", "model", "strategy", "acc", "uf1", "uar");
  for (const auto& p : progress) {
    const auto& r = p.run;
    std::cout << fmt::format("{:<18} {:<8} {:>5} {:>5} {:>5} {:>5}  {:<12} {:<14} {:<16} {:>7} {:>7} {:>7}\n",
                             r.run_id.substr(0, 18), storage::to_string(r.status), p.done, p.running, p.failed, p.pending,
                             r.dataset, r.model, r.strategy, metric(r.acc), metric(r.uf1), metric(r.uar));
  }

  bool any_failure = false;
  for (const auto& p : progress) {
    if (p.run.status == storage::RunStatus::failed && !p.run.error.empty()) {
      if (!any_failure) std::cout << "\nfailures:\n";
      any_failure = true;
      std::cout << "  run " << p.run.run_id << ": " << p.run.error << "\n";
    }
    for (const auto& f : p.failures) {
      if (!any_failure) std::cout << "\nfailures:\n";
      any_failure = true;
      std::cout << fmt::format("  run {} fold {} ({}), attempt {}, host {}: {}\n", f.run_id, f.fold,
                               f.subjects.empty() ? "-" : join(f.subjects, ","), f.attempt, f.host,
                               f.error.empty() ? "(no message)" : f.error);
    }
  }
  const double now = storage::unix_now();
  auto stale = db.stale_running_folds(stale_after, now);
  if (!stale.empty()) {
    std::cout << fmt::format("\nstale RUNNING folds (no heartbeat for more than {:.0f} s; worker probably dead):\n", stale_after);
    for (const auto& f : stale) {
      std::cout << fmt::format("  run {} fold {} ({}), host {} pid {}{}: last heartbeat {:.0f} s ago\n", f.run_id, f.fold,
                               join(f.subjects, ","), f.host, f.pid,
                               f.slurm_job_id.empty() ? "" : ", slurm " + f.slurm_job_id, f.heartbeat ? now - *f.heartbeat : -1.0);
    }
  }
  std::cout << slurm::status_text(db.path(), stale_after);
  return 0;
}

}  // namespace

void add_status_commands(CommandTable& table) {
  table.add({"status", "progress of a sweep: folds done/running/failed per run, failures, stale workers", run_status});
}

}  // namespace merlab::cli
