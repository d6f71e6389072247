#include "reports/report_data.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "datasets/composite.h"
#include "framework/common/error.h"
#include "framework/metrics/loso.h"
#include "framework/storage/results_db.h"

namespace merlab::reports {

std::filesystem::path resolve_results_db(const std::filesystem::path& input) {
  if (std::filesystem::is_directory(input)) {
    auto db = input / "results.sqlite";
    if (!std::filesystem::exists(db)) throw RuntimeError(input.string() + ": no results.sqlite in this directory");
    return db;
  }
  if (!std::filesystem::exists(input))
    throw RuntimeError(input.string() + ": no such sweep directory or results database");
  return input;
}

double RunData::mean_steps() const {
  if (fold_steps.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (auto s : fold_steps) sum += static_cast<double>(s);
  return sum / static_cast<double>(fold_steps.size());
}

std::string RunData::budget() const {
  auto it = run.params.find("train.budget");
  return it == run.params.end() ? "epochs" : it->second;
}

namespace {

std::vector<EpochMean> average_curve(const storage::ResultsDb& db, const std::string& run_id) {
  struct Acc {
    int folds = 0;
    double train_loss = 0, train_acc = 0, lr = 0;
    double sums[4] = {0, 0, 0, 0};
    int counts[4] = {0, 0, 0, 0};
  };
  std::map<int, Acc> by_epoch;
  for (const auto& f : db.folds(run_id)) {
    if (f.status != storage::FoldStatus::done) continue;
    for (const auto& e : db.epochs(run_id, f.fold)) {
      auto& a = by_epoch[e.epoch];
      ++a.folds;
      a.train_loss += e.train_loss;
      a.train_acc += e.train_acc;
      a.lr += e.lr;
      const std::optional<double>* opt[4] = {&e.val_loss, &e.val_acc, &e.monitor_test_loss, &e.monitor_test_acc};
      for (int k = 0; k < 4; ++k)
        if (*opt[k]) {
          a.sums[k] += **opt[k];
          ++a.counts[k];
        }
    }
  }
  std::vector<EpochMean> out;
  for (const auto& [epoch, a] : by_epoch) {
    EpochMean m;
    m.epoch = epoch;
    m.folds = a.folds;
    m.train_loss = a.train_loss / a.folds;
    m.train_acc = a.train_acc / a.folds;
    m.lr = a.lr / a.folds;
    std::optional<double>* opt[4] = {&m.val_loss, &m.val_acc, &m.monitor_test_loss, &m.monitor_test_acc};
    for (int k = 0; k < 4; ++k)
      if (a.counts[k] > 0) *opt[k] = a.sums[k] / a.counts[k];
    out.push_back(m);
  }
  return out;
}

}  // namespace

ReportData load_report_data(const std::filesystem::path& db_path, const std::string& sweep_filter,
                            const metrics::MetricOptions& metric_options) {
  storage::OpenOptions o;
  o.read_only = true;
  o.create = false;
  auto db = storage::ResultsDb::open(db_path, o);

  ReportData data;
  data.db_path = db_path;
  data.sweep_filter = sweep_filter;
  std::map<std::string, bool> used_sweeps;
  for (auto& run : db.runs(sweep_filter)) {
    ++data.status_counts[storage::to_string(run.status)];
    used_sweeps[run.sweep] = true;
    if (run.status != storage::RunStatus::done) continue;
    RunData rd;
    run.params = db.params(run.run_id);  // the resolved config: conditions.h tells cells apart by it
    rd.predictions = db.predictions(run.run_id);
    const int k = static_cast<int>(run.classes.size());
    std::vector<metrics::LabeledPrediction> labeled;
    labeled.reserve(rd.predictions.size());
    for (const auto& p : rd.predictions) labeled.push_back({p.subject, p.y_true, p.y_pred});
    auto grouped = metrics::evaluate_grouped(labeled, k, metric_options, run.classes);
    rd.pooled = grouped.pooled;
    for (const auto& [subject, m] : grouped.groups) rd.subjects.push_back({subject, m.n, m.accuracy, m.uf1, m.uar});
    // Per part of a composite: every subject is "<part>/<subject>" there, never elsewhere.
    std::vector<metrics::LabeledPrediction> by_part;
    for (const auto& p : rd.predictions) {
      const std::string part = composite_part_of(p.subject);
      if (part.empty()) break;
      by_part.push_back({part, p.y_true, p.y_pred});
    }
    if (!rd.predictions.empty() && by_part.size() == rd.predictions.size())
      for (const auto& [part, m] : metrics::evaluate_grouped(by_part, k, metric_options, run.classes).groups)
        rd.parts.push_back({part, m.n, m.accuracy, m.uf1, m.uar});
    rd.curve = average_curve(db, run.run_id);
    for (const auto& f : db.folds(run.run_id))
      if (f.status == storage::FoldStatus::done && f.steps) rd.fold_steps.push_back(*f.steps);
    rd.run = std::move(run);
    data.runs.push_back(std::move(rd));
  }
  std::sort(data.runs.begin(), data.runs.end(), [](const RunData& a, const RunData& b) {
    return std::tie(a.run.dataset, a.run.model, a.run.strategy, a.run.seed, a.run.run_id) <
           std::tie(b.run.dataset, b.run.model, b.run.strategy, b.run.seed, b.run.run_id);
  });
  for (auto& s : db.sweeps())
    if (sweep_filter.empty() ? true : used_sweeps.count(s.name) > 0) data.sweeps.push_back(std::move(s));
  return data;
}

}  // namespace merlab::reports
