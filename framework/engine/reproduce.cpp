#include "framework/engine/reproduce.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <map>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/engine/progress.h"
#include "framework/engine/provenance.h"
#include "framework/engine/run_executor.h"
#include "framework/storage/results_db.h"

namespace merlab {
namespace fs = std::filesystem;
namespace {

struct Found {
  fs::path db;
  storage::RunRecord run;
};

Found find_run(const ReproduceOptions& o) {
  std::vector<fs::path> candidates;
  if (!o.db.empty()) {
    if (!fs::exists(o.db)) throw UsageError("mer reproduce: no database " + o.db.string());
    candidates.push_back(o.db);
  } else {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(o.runs_root, ec)) {
      auto p = e.path() / "results.sqlite";
      if (e.path().filename() != "_reproduce" && fs::exists(p)) candidates.push_back(p);
    }
  }
  std::vector<Found> matches;
  for (const auto& path : candidates) {
    auto db = storage::ResultsDb::open(path, {30000, true, false});
    for (const auto& r : db.runs()) {
      if (r.run_id.rfind(o.run_id, 0) == 0) matches.push_back({path, r});
    }
  }
  if (matches.empty()) {
    throw UsageError("mer reproduce: no run '" + o.run_id + "' in " +
                     (o.db.empty() ? o.runs_root.string() + "/*/results.sqlite" : o.db.string()));
  }
  if (matches.size() > 1) throw UsageError("mer reproduce: '" + o.run_id + "' matches several runs; give more digits");
  return matches.front();
}

std::string show(const std::optional<double>& v) { return v ? fmt::format("{:.17g}", *v) : "-"; }

}  // namespace

ReproduceReport reproduce_run(const ReproduceOptions& o) {
  Found found = find_run(o);
  const auto& original = found.run;
  if (original.status != storage::RunStatus::done) {
    throw RuntimeError("run " + original.run_id + " is " + storage::to_string(original.status) +
                       "; only a finished run can be reproduced");
  }
  ReproduceReport report;
  const fs::path dir = o.runs_root / "_reproduce" / original.run_id;
  fs::remove_all(dir);  // our own scratch copy from a previous reproduction
  report.new_db = dir / "results.sqlite";
  {
    auto db = storage::ResultsDb::open(report.new_db);
    storage::RunRecord copy = original;
    copy.sweep = "reproduce";
    copy.status = storage::RunStatus::pending;
    copy.created.reset();
    copy.started.reset();
    copy.ended.reset();
    copy.heartbeat.reset();
    copy.acc.reset();
    copy.uf1.reset();
    copy.uar.reset();
    copy.error.clear();
    db.register_run(copy);
  }
  // Rerun each fold with the thread count it was computed with (results may depend on it).
  auto old_db = storage::ResultsDb::open(found.db, {30000, true, false});
  std::map<int, int> fold_threads;
  std::map<int, storage::FoldRecord> original_folds;
  for (auto& f : old_db.folds(original.run_id)) {
    auto t = f.provenance.find("threads");
    if (t != f.provenance.end() && std::atoi(t->second.c_str()) > 0) fold_threads[f.fold] = std::atoi(t->second.c_str());
    original_folds[f.fold] = std::move(f);
  }
  ExecutorOptions executor_options;
  executor_options.threads = o.threads;
  RunExecutor executor(report.new_db, dir, executor_options);
  executor.set_fold_threads(fold_threads);
  const LoadedRun run = [&] {
    auto db = storage::ResultsDb::open(report.new_db);
    return load_run(db, original.run_id);
  }();
  Progress progress(o.quiet, 1, executor.count_folds(run));
  auto exec = executor.execute(run, &progress, 0);
  if (!exec.finished) throw RuntimeError("the reproduction of " + original.run_id + " did not finish (see " + report.new_db.string() + ")");

  auto new_db = storage::ResultsDb::open(report.new_db, {30000, true, false});
  auto fresh = new_db.get_run(original.run_id);
  std::string text = fmt::format("run {} from {}\n{:<8} {:>22} {:>22}  match\n", original.run_id, found.db.string(),
                                 "metric", "logged", "reproduced");
  bool same = true;
  auto row = [&](const char* name, const std::optional<double>& a, const std::optional<double>& b) {
    bool eq = a.has_value() == b.has_value() && (!a || *a == *b);
    same = same && eq;
    text += fmt::format("{:<8} {:>22} {:>22}  {}\n", name, show(a), show(b), eq ? "yes" : "NO");
  };
  row("acc", original.acc, fresh.acc);
  row("uf1", original.uf1, fresh.uf1);
  row("uar", original.uar, fresh.uar);

  std::map<std::pair<int, std::string>, storage::Prediction> before;
  for (auto& p : old_db.predictions(original.run_id)) before[{p.fold, p.clip_id}] = p;
  std::size_t differing = 0, compared = 0;
  auto after = new_db.predictions(original.run_id);
  for (const auto& p : after) {
    auto it = before.find({p.fold, p.clip_id});
    ++compared;
    if (it == before.end() || it->second.y_pred != p.y_pred || it->second.scores != p.scores) ++differing;
  }
  if (after.size() != before.size()) differing += after.size() > before.size() ? after.size() - before.size() : before.size() - after.size();
  same = same && differing == 0;
  text += fmt::format("predictions: {} compared, {} differ (labels and scores, bit for bit)\n", compared, differing);
  text += same ? "reproduced exactly\n" : "NOT reproduced exactly\n";
  if (!same) {
    // Say which recorded facts differ, fold by fold, so the cause can be found.
    std::map<std::string, std::vector<int>> differences;
    bool unrecorded = false;
    for (const auto& f : new_db.folds(original.run_id)) {
      auto it = original_folds.find(f.fold);
      if (it == original_folds.end() || it->second.provenance.empty()) {
        unrecorded = true;
        continue;
      }
      for (const auto& d : provenance_differences(it->second.provenance, f.provenance)) differences[d].push_back(f.fold);
    }
    if (unrecorded) text += "the original folds (or some of them) recorded no provenance (made by an older build)\n";
    if (differences.empty() && !unrecorded) {
      text += "every recorded fact is equal (threads, device, versions, commit, DI cache, dataset, environment)\n";
    }
    for (const auto& [what, folds] : differences) {
      std::vector<std::string> ids;
      for (int f : folds) ids.push_back(std::to_string(f));
      text += "differs: " + what + " (folds " + join(ids, ",") + ")\n";
    }
  }
  report.identical = same;
  report.text = text;
  return report;
}

}  // namespace merlab
