#include "framework/engine/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "framework/common/log.h"

namespace merlab {

Progress::Progress(bool quiet, int total_runs, int total_folds)
    : quiet_(quiet), interactive_(!quiet && ::isatty(STDERR_FILENO) != 0), total_runs_(total_runs),
      total_folds_(total_folds), start_(std::chrono::steady_clock::now()), fold_start_(start_) {}

std::string Progress::bar(double fraction, int width) {
  fraction = std::max(0.0, std::min(1.0, fraction));
  int filled = static_cast<int>(std::round(fraction * width));
  return "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(width - filled), '.') + "]";
}

std::string Progress::duration(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  char buf[32];
  long t = std::lround(s);
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
  else if (t >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

void Progress::start_run(int run_index, const std::string& label, int folds) {
  std::lock_guard<std::mutex> lock(mutex_);
  run_index_ = run_index;
  run_label_ = label;
  run_folds_ = folds;
  run_folds_done_ = 0;
  if (!interactive_) log::info("run {}/{}: {} ({} folds)", run_index + 1, total_runs_, label, folds);
  redraw();
}

void Progress::start_fold(int fold_index, const std::string& subject, int epochs) {
  std::lock_guard<std::mutex> lock(mutex_);
  subject_ = subject;
  epoch_ = 0;
  epochs_ = epochs;
  fold_start_ = std::chrono::steady_clock::now();
  (void)fold_index;
  redraw();
}

void Progress::epoch(int epoch, double loss, double acc) {
  std::lock_guard<std::mutex> lock(mutex_);
  epoch_ = epoch + 1;
  loss_ = loss;
  acc_ = acc;
  redraw();
}

void Progress::fold_done(bool computed, const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++run_folds_done_;
  ++folds_done_;
  if (computed) {
    ++folds_computed_;
    computed_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - fold_start_).count();
  }
  if (!interactive_ && !message.empty()) log::info("{}", message);
  redraw();
}

void Progress::finish(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (interactive_) std::fprintf(stderr, "\r\033[K");
  log::info("{}", message);
}

void Progress::redraw() {
  if (!interactive_) return;
  const double per_fold = folds_computed_ ? computed_seconds_ / folds_computed_ : NAN;
  const double fold_elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - fold_start_).count();
  const double fold_eta = epoch_ > 0 ? fold_elapsed / epoch_ * (epochs_ - epoch_) : NAN;
  const double run_eta = per_fold * (run_folds_ - run_folds_done_);
  const double sweep_eta = per_fold * (total_folds_ - folds_done_);
  std::fprintf(stderr,
               "\r\033[Ksweep %s %d/%d folds ETA %s | run %d/%d %s %d/%d ETA %s | fold %s epoch %d/%d loss %.3f acc %.2f ETA %s",
               bar(total_folds_ ? double(folds_done_) / total_folds_ : 0, 16).c_str(), folds_done_, total_folds_,
               duration(sweep_eta).c_str(), run_index_ + 1, total_runs_,
               bar(run_folds_ ? double(run_folds_done_) / run_folds_ : 0, 10).c_str(), run_folds_done_, run_folds_,
               duration(run_eta).c_str(), subject_.c_str(), epoch_, epochs_, loss_, acc_, duration(fold_eta).c_str());
  std::fflush(stderr);
}

}  // namespace merlab
