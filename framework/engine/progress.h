// Progress of a sweep, a run and a fold on one status line (stderr), with ETAs estimated from
// completed folds. On a terminal the line is redrawn in place and cut to the terminal's width
// (so it never wraps into a second line); it names the run (model / strategy / seed), the fold
// and its epoch. Otherwise (pipes, logs, CI) or with --quiet, one log line per finished fold
// gives the run, the fold's UF1, its time and the sweep's ETA.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "framework/storage/records.h"

namespace merlab {

class Progress {
 public:
  Progress(bool quiet, int total_runs, int total_folds);

  void start_run(int run_index, const std::string& label, int folds);
  void start_fold(int fold_index, const std::string& subject, int epochs);
  void epoch(int epoch, double loss, double acc);
  // A fold finished (done or skipped because it was already done).
  void fold_done(bool computed, const std::string& message = "");
  void set_completed_folds(int done) { folds_done_ = done; }
  void finish(const std::string& message);
  bool interactive() const { return interactive_; }

  // The status line for a terminal `width` columns wide (at most width - 1 characters).
  std::string status_line(int width);
  // Columns of the terminal on stderr ($COLUMNS, else 80, when it cannot be asked).
  static int terminal_width();

 private:
  void redraw();
  double sweep_eta() const;
  static std::string bar(double fraction, int width);
  static std::string duration(double seconds);

  bool quiet_, interactive_;
  int total_runs_, total_folds_;
  int run_index_ = 0, run_folds_ = 0, run_folds_done_ = 0;
  int folds_done_ = 0, folds_computed_ = 0;
  int epoch_ = 0, epochs_ = 0;
  double loss_ = 0, acc_ = 0;
  std::string run_label_, subject_;
  std::chrono::steady_clock::time_point start_, fold_start_;
  double computed_seconds_ = 0;
  std::mutex mutex_;
};

// "fold 3 (sub04) UF1 61.25%": what a finished fold is reported with (metrics of its own
// predictions; the run's number is pooled over all folds at the end).
// The test subjects of a fold for a progress line: "sub01" or, for a held-out part of a
// composite (protocol lodo), "casme2: 24 subjects".
std::string subjects_text(const std::vector<std::string>& subjects);
std::string fold_done_text(int fold, const std::vector<std::string>& subjects,
                           const std::vector<storage::Prediction>& predictions, int num_classes);

}  // namespace merlab
