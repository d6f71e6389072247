// Everything a report needs, read once from a results database (read-only; safe while workers
// are still writing). Only DONE runs enter tables and figures; the others are counted.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "framework/metrics/classification.h"
#include "framework/storage/records.h"

namespace merlab::reports {

struct SubjectScore {
  std::string subject;
  std::int64_t n = 0;
  double accuracy = 0, uf1 = 0, uar = 0;  // metrics of this subject's clips alone
};

// One epoch averaged over the DONE folds that reached it (early stopping may end folds sooner).
struct EpochMean {
  int epoch = 0;
  int folds = 0;
  double train_loss = 0, train_acc = 0, lr = 0;
  std::optional<double> val_loss, val_acc;                    // mean over folds that have it
  std::optional<double> monitor_test_loss, monitor_test_acc;  // held-out fold: monitor only
};

struct RunData {
  storage::RunRecord run;                      // acc/uf1/uar: the stored pooled metrics; params loaded
  std::vector<storage::Prediction> predictions;
  metrics::Metrics pooled;                     // recomputed from predictions (confusion matrix)
  std::vector<SubjectScore> subjects;          // sorted by subject
  // Composite datasets (datasets/composite.h): the metrics of each part's clips alone, sorted
  // by part label (SubjectScore::subject holds the label); empty for a plain dataset.
  std::vector<SubjectScore> parts;
  std::vector<EpochMean> curve;                // by epoch
  // Optimizer steps per DONE fold (folds from builds that did not record them are left out):
  // with train.budget: steps every strategy of a model has the same count.
  std::vector<std::int64_t> fold_steps;
  double mean_steps() const;                   // NaN when no fold recorded its steps
  std::string budget() const;                  // train.budget of the run ("epochs" when absent)
};

struct ReportData {
  std::filesystem::path db_path;
  std::string sweep_filter;                    // empty: every run in the file
  std::vector<storage::SweepRecord> sweeps;    // those with runs in the report (all when no filter)
  std::vector<RunData> runs;                   // DONE runs, by dataset, model, strategy, seed, run_id
  std::map<std::string, int> status_counts;    // every run of the filter, by status text
};

// `<dir>/results.sqlite` for a directory, the file itself otherwise; RuntimeError when missing.
std::filesystem::path resolve_results_db(const std::filesystem::path& input);

// Reads the database read-only. `metric_options` must match those the runs were finished with
// (the default: absent classes excluded) so that recomputed numbers equal the stored ones.
ReportData load_report_data(const std::filesystem::path& db_path, const std::string& sweep_filter = "",
                            const metrics::MetricOptions& metric_options = {});

}  // namespace merlab::reports
