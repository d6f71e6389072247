// On-disk cache of 8-bit dynamic images, shared by models, folds, runs, sweeps and processes.
//
// Key = XXH3-128 of: a format version, the identity of every frame file used (absolute path,
// size, mtime; in frame order), DiOptions::pixel_key() (method, 8-bit rules) and the output
// size. The phase and the phase policies enter through the frame list they select, so two
// phases that resolve to the same frames share one entry, and editing, touching or replacing
// a frame gives a new key. Entries are PNG files <dir>/<key[0:2]>/<key>.png written to a
// unique temporary name and renamed into place (atomic on POSIX), so concurrent processes
// never see a partial file; two processes computing the same entry both write identical bytes.
#pragma once

#include <opencv2/core.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

#include "datasets/clip.h"
#include "framework/di/di_options.h"
#include "framework/di/phases.h"
#include "framework/flow/repr_options.h"

namespace merlab {

// Version of the code that computes cache entries; part of every key, and recorded with each
// fold so that `mer reproduce` can tell when a DI may have been computed differently.
inline constexpr const char* kDiCacheVersion = "merlab-di-cache-v1";
inline constexpr const char* kFlowCacheVersion = "merlab-flow-cache-v1";

class DiCache {
 public:
  explicit DiCache(std::filesystem::path dir);

  // The CV_8UC3 DI of `phase` of `clip` at `size` (an empty size keeps the frame size),
  // computed and stored on a miss. An empty Mat means the phase policies skipped this phase.
  cv::Mat get(const Clip& clip, Phase phase, const DiOptions& options, cv::Size size);
  // The image of `phase` under a representation (framework/flow/repr_options.h): the DI for
  // repr=di, else the flow image of the phase's span (full: onset->apex), keyed by the two
  // frames' identities, the flow options and the size.
  cv::Mat get(const Clip& clip, Phase phase, const DiOptions& options, const ReprOptions& repr, cv::Size size);

  // The cache key for already-resolved frames (exposed for tests and tools).
  std::string key(const std::vector<FrameFile>& frames, const DiOptions& options, cv::Size size) const;
  std::filesystem::path entry_path(const std::string& key) const;

  const std::filesystem::path& dir() const { return dir_; }
  long hits() const { return hits_.load(); }
  long misses() const { return misses_.load(); }

 private:
  // The entry `key` when present and of the right shape, else compute() stored atomically.
  cv::Mat load_or_compute(const std::string& key, const DiOptions& options, cv::Size size,
                          const std::function<cv::Mat()>& compute);

  std::filesystem::path dir_;
  std::atomic<long> hits_{0}, misses_{0};
};

// The 8-bit DI of resolved frames (no cache): DI from files, resized to `size`, converted
// with the options' 8-bit rules.
cv::Mat compute_uint8_di(const std::vector<FrameFile>& frames, const DiOptions& options, cv::Size size);

}  // namespace merlab
