// Progress of a sweep, a run and a fold on one status line (stderr), with ETAs estimated from
// completed folds. On a terminal the line is redrawn in place; otherwise (logs, CI) or with
// --quiet, only a log line per finished fold is written.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

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

 private:
  void redraw();
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

}  // namespace merlab
