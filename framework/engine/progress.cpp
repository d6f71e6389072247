#include "framework/engine/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/metrics/classification.h"

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
  if (!interactive_ && !message.empty()) {
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - fold_start_).count();
    log::info("[{}/{} folds] {}: {}{}, sweep ETA {}", folds_done_, total_folds_, run_label_, message,
              computed ? " in " + duration(took) : "", duration(sweep_eta()));
  }
  redraw();
}

void Progress::finish(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (interactive_) std::fprintf(stderr, "\r\033[K");
  log::info("{}", message);
}

double Progress::sweep_eta() const {
  const double per_fold = folds_computed_ ? computed_seconds_ / folds_computed_ : NAN;
  return per_fold * (total_folds_ - folds_done_);
}

int Progress::terminal_width() {
  winsize ws{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    const int n = std::atoi(c);
    if (n > 0) return n;
  }
  return 80;
}

namespace {

// Cut to `max` characters (UTF-8 code points, so a multi-byte label is never split).
std::string fit(const std::string& s, std::size_t max) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max) return s.substr(0, i);
    ++chars;
  }
  return s;
}

}  // namespace

std::string Progress::status_line(int width) {
  const double fold_elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - fold_start_).count();
  const double fold_eta = epoch_ > 0 ? fold_elapsed / epoch_ * (epochs_ - epoch_) : NAN;
  // Most important first: where the sweep is, which run, which fold; the end is what gets cut.
  char fold[160];
  std::snprintf(fold, sizeof fold, " | fold %d/%d %s ep %d/%d loss %.3f acc %.0f%% ETA %s", run_folds_done_ + 1, run_folds_,
                subject_.c_str(), epoch_, epochs_, loss_, 100 * acc_, duration(fold_eta).c_str());
  // The bar only where there is room for it next to the run's name and fold (80 columns: none).
  std::string line = width >= 120 ? bar(total_folds_ ? double(folds_done_) / total_folds_ : 0, 16) + " " : "";
  line += std::to_string(folds_done_) + "/" + std::to_string(total_folds_) + " ETA " + duration(sweep_eta()) +
                     " | run " + std::to_string(run_index_ + 1) + "/" + std::to_string(total_runs_) + " " + run_label_ + fold;
  // One column is left free: writing the last column makes some terminals wrap at once.
  return fit(line, static_cast<std::size_t>(std::max(10, width - 1)));
}

void Progress::redraw() {
  if (!interactive_) return;
  std::fprintf(stderr, "\r\033[K%s", status_line(terminal_width()).c_str());
  std::fflush(stderr);
}

std::string subjects_text(const std::vector<std::string>& subjects) {
  if (subjects.size() > 3) {
    const std::string part = subjects.front().substr(0, subjects.front().find('/'));
    bool one_part = part.size() < subjects.front().size();
    for (const auto& s : subjects) one_part = one_part && s.compare(0, part.size() + 1, part + "/") == 0;
    if (one_part) return part + ": " + std::to_string(subjects.size()) + " subjects";
  }
  return join(subjects, ",");
}

std::string fold_done_text(int fold, const std::vector<std::string>& subjects,
                           const std::vector<storage::Prediction>& predictions, int num_classes) {
  std::vector<int> y_true, y_pred;
  for (const auto& p : predictions) y_true.push_back(p.y_true), y_pred.push_back(p.y_pred);
  const auto m = metrics::compute_metrics(y_true, y_pred, num_classes);
  char buf[64];
  std::snprintf(buf, sizeof buf, " UF1 %.2f%%", 100 * m.uf1);
  return "fold " + std::to_string(fold) + " (" + subjects_text(subjects) + ")" + (predictions.empty() ? "" : buf);
}

}  // namespace merlab
