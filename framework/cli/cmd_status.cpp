// `mer status`: progress of a sweep from its results database (read-only; safe while workers
// are writing): per run the folds done/running/failed/pending, status and pooled metrics, then
// every failure with its message and every RUNNING fold whose heartbeat went stale. Metrics in
// percent; the sweep's ETA from its DONE folds' times; --watch redraws until the sweep is over.
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>
#include <iostream>

#include "framework/cli/commands.h"
#include "framework/cli/sweep_path.h"
#include "framework/common/error.h"
#include "framework/common/process.h"
#include "reports/format.h"
#include "framework/common/strings.h"
#include "framework/slurm/status_view.h"
#include "framework/storage/results_db.h"

namespace merlab::cli {
namespace {

std::string metric(const std::optional<double>& v) { return reports::pct(v); }

std::string duration_text(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  const long t = std::lround(s);
  if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
  if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

// Remaining time of the sweep: the mean time of its DONE folds times the folds left, shared by
// the folds running now (each is one worker). NaN before the first fold is done.
double sweep_eta(const storage::ResultsDb& db, const std::vector<storage::RunProgress>& progress) {
  double seconds = 0;
  int timed = 0, left = 0, running = 0;
  for (const auto& p : progress) {
    left += p.running + p.pending;  // failed folds wait for the next resume
    running += p.running;
    if (p.done == 0) continue;
    for (const auto& f : db.folds(p.run.run_id))
      if (f.status == storage::FoldStatus::done && f.duration_s) seconds += *f.duration_s, ++timed;
  }
  if (left == 0) return NAN;  // only runs whose folds are not known yet
  if (timed == 0) return NAN;
  return seconds / timed * left / std::max(1, running);
}

// One screen of status; returns whether runs are still RUNNING or PENDING.
bool print_status(const std::filesystem::path& db_path, const std::string& sweep, double stale_after) {
  storage::OpenOptions o;
  o.read_only = true;
  auto db = storage::ResultsDb::open(db_path, o);
  auto progress = db.progress(sweep);

  int by_status[4] = {0, 0, 0, 0};
  int folds_done = 0, folds_total = 0;
  for (const auto& p : progress) {
    ++by_status[static_cast<int>(p.run.status)];
    folds_done += p.done;
    folds_total += p.done + p.running + p.failed + p.pending;
  }
  const bool unfinished = by_status[0] + by_status[1] > 0;
  std::cout << db.path().string() << ": " << progress.size() << " runs" << (sweep.empty() ? "" : " in sweep '" + sweep + "'")
            << ": " << by_status[2] << " DONE, " << by_status[1] << " RUNNING, " << by_status[3] << " FAILED, "
            << by_status[0] << " PENDING; folds " << folds_done << "/" << folds_total;
  if (unfinished) std::cout << ", ETA " << duration_text(sweep_eta(db, progress));
  std::cout << "\n\n";
  std::cout << fmt::format("{:<18} {:<8} {:>5} {:>5} {:>5} {:>5}  {:<12} {:<14} {:<22} {:>6} {:>6} {:>6}\n", "run", "status",
                           "done", "run", "fail", "pend", "dataset", "model", "strategy", "acc%", "UF1%", "UAR%");
  for (const auto& p : progress) {
    const auto& r = p.run;
    std::cout << fmt::format("{:<18} {:<8} {:>5} {:>5} {:>5} {:>5}  {:<12} {:<14} {:<22} {:>6} {:>6} {:>6}\n",
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
  // STALE: a RUNNING fold whose heartbeat is older than --stale, or, at once, one whose process
  // is gone from this host (a resume takes those over without waiting).
  std::vector<std::pair<storage::FoldRecord, std::string>> stale;
  for (const auto& f : db.stale_running_folds(stale_after, now)) {
    stale.emplace_back(f, fmt::format("last heartbeat {:.0f} s ago", f.heartbeat ? now - *f.heartbeat : -1.0));
  }
  const std::string here = storage::host_name();
  for (const auto& p : progress) {
    if (p.running == 0) continue;
    for (const auto& f : db.folds(p.run.run_id)) {
      if (f.status != storage::FoldStatus::running || f.host != here || process_alive(f.pid)) continue;
      const bool listed = std::any_of(stale.begin(), stale.end(), [&](const auto& s) {
        return s.first.run_id == f.run_id && s.first.fold == f.fold;
      });
      if (!listed) stale.emplace_back(f, "its process is not running on this host");
    }
  }
  if (!stale.empty()) {
    std::cout << fmt::format("\nstale RUNNING folds (worker dead, or no heartbeat for more than {:.0f} s); "
                             "running the sweep again takes them over:\n", stale_after);
    for (const auto& [f, why] : stale) {
      std::cout << fmt::format("  run {} fold {} ({}), host {} pid {}{}: {}\n", f.run_id, f.fold, join(f.subjects, ","), f.host,
                               f.pid, f.slurm_job_id.empty() ? "" : ", slurm " + f.slurm_job_id, why);
    }
  }
  std::cout << slurm::status_text(db.path(), stale_after);
  return unfinished;
}

int run_status(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()
      ("sweep", po::value<std::string>(), "only runs of this sweep (default: all in the file)")
      ("stale", po::value<double>()->default_value(600.0), "seconds without heartbeat after which a RUNNING fold is reported stale")
      ("watch,w", "redraw every --interval seconds until no run is RUNNING or PENDING (Ctrl-C stops)")
      ("interval", po::value<double>()->default_value(5.0), "seconds between redraws with --watch");
  auto parsed = parse_args("status", "mer status <sweep name | sweep-dir | results.sqlite> [--sweep NAME] [--stale SECONDS] [--watch]",
                           args, opts, 1);
  if (parsed.help) return 0;
  if (parsed.positional.empty()) throw UsageError("mer status: missing sweep name, directory or results.sqlite (see 'mer status --help')");
  const double stale_after = parsed.vm["stale"].as<double>();
  if (stale_after < 0) throw UsageError("mer status: --stale must be >= 0");
  const double interval = parsed.vm["interval"].as<double>();
  if (!(interval > 0)) throw UsageError("mer status: --interval must be > 0");
  const std::string sweep = parsed.vm.count("sweep") ? parsed.vm["sweep"].as<std::string>() : "";
  const auto db_path = resolve_sweep_db(parsed.positional[0], "mer status");
  if (!parsed.vm.count("watch")) {
    print_status(db_path, sweep, stale_after);
    return 0;
  }
  const bool tty = ::isatty(STDOUT_FILENO) != 0;
  for (;;) {
    // On a terminal the screen is redrawn in place; piped output gets one block per interval.
    if (tty) std::cout << "\033[H\033[2J";
    const bool going = print_status(db_path, sweep, stale_after);
    std::cout << std::flush;
    if (!going) return 0;
    std::this_thread::sleep_for(std::chrono::duration<double>(interval));
    if (!tty) std::cout << "\n";
  }
}

}  // namespace

void add_status_commands(CommandTable& table) {
  table.add({"status", "progress of a sweep: folds done/running/failed per run, failures, stale workers", run_status});
}

}  // namespace merlab::cli
