// A one-line progress bar on stderr for long preprocessing steps (face alignment, ...):
// redrawn in place at most 5 times a second on a terminal; elsewhere (pipes, logs, CI) one
// log line at the end, so logs are not flooded. Thread-safe: workers call advance().
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace merlab {

class ProgressLine {
 public:
  ProgressLine(std::string what, std::size_t total, std::string unit);
  ~ProgressLine();  // finishes the line if finish() was not called
  void advance(std::size_t n = 1);
  void finish(const std::string& note = "");
  // "faces [#####.....] 40/77 clips, 12 s, ETA 18 s" for a line `width` characters wide.
  std::string text(int width) const;

 private:
  std::string what_, unit_;
  std::size_t total_;
  std::atomic<std::size_t> done_{0};
  bool interactive_, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::mutex mutex_;
};

}  // namespace merlab
