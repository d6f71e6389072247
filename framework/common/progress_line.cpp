#include "framework/common/progress_line.h"

#include <unistd.h>

#include <cstdio>

#include "framework/common/log.h"

namespace merlab {
namespace {
std::string seconds_text(double s) {
  char b[32];
  if (s < 100) std::snprintf(b, sizeof b, "%.0f s", s);
  else std::snprintf(b, sizeof b, "%.0f min", s / 60);
  return b;
}
}  // namespace

ProgressLine::ProgressLine(std::string what, std::size_t total, std::string unit)
    : what_(std::move(what)), unit_(std::move(unit)), total_(total), interactive_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

ProgressLine::~ProgressLine() {
  if (!finished_) finish();
}

std::string ProgressLine::text(int width) const {
  const std::size_t done = done_.load();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double frac = total_ ? double(done) / double(total_) : 1.0;
  std::string tail = " " + std::to_string(done) + "/" + std::to_string(total_) + " " + unit_ + ", " + seconds_text(elapsed);
  if (done > 0 && done < total_) tail += ", ETA " + seconds_text(elapsed / double(done) * double(total_ - done));
  int bar = std::max(0, std::min(30, width - 4 - static_cast<int>(what_.size() + tail.size())));
  std::string b;
  if (bar > 0) b = " [" + std::string(static_cast<std::size_t>(frac * bar), '#') +
                   std::string(static_cast<std::size_t>(bar) - static_cast<std::size_t>(frac * bar), '.') + "]";
  return what_ + b + tail;
}

void ProgressLine::advance(std::size_t n) {
  done_ += n;
  if (!interactive_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && done_.load() < total_) return;
  last_draw_ = now;
  std::fprintf(stderr, "\r%s\033[K", text(79).c_str());
  std::fflush(stderr);
}

void ProgressLine::finish(const std::string& note) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (interactive_) std::fprintf(stderr, "\r\033[K");
  log::info("{}{}", text(0), note.empty() ? "" : "; " + note);
}

}  // namespace merlab
