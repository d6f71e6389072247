#include "framework/di/di_cache.h"

#include <unistd.h>

#include <opencv2/imgcodecs.hpp>

#include <functional>
#include <thread>

#include "framework/common/error.h"
#include "framework/common/hash.h"
#include "framework/common/log.h"
#include "framework/di/dynamic_image.h"
#include "framework/di/image_header.h"
#include "framework/flow/optical_flow.h"

namespace merlab {
namespace fs = std::filesystem;

cv::Mat compute_uint8_di(const std::vector<FrameFile>& frames, const DiOptions& options, cv::Size size) {
  std::vector<fs::path> files;
  files.reserve(frames.size());
  for (const auto& f : frames) files.push_back(f.path);
  cv::Mat di = fit_di(compute_dynamic_image_from_files(files, options), size, options.fit);
  return di_to_uint8(di, options.normalisation, options.rounding);
}

DiCache::DiCache(fs::path dir) : dir_(std::move(dir)) {}

std::string DiCache::key(const std::vector<FrameFile>& frames, const DiOptions& options, cv::Size size) const {
  Hasher h;
  h.add(std::string_view(kDiCacheVersion));
  h.add(static_cast<std::int64_t>(frames.size()));
  for (const auto& f : frames) h.add_file_identity(f.path, "frame file");
  h.add(std::string_view(options.pixel_key()));
  h.add(static_cast<std::int64_t>(size.width)).add(static_cast<std::int64_t>(size.height));
  return h.hex();
}

fs::path DiCache::entry_path(const std::string& key) const { return dir_ / key.substr(0, 2) / (key + ".png"); }

cv::Mat DiCache::get(const Clip& clip, Phase phase, const DiOptions& options, cv::Size size) {
  PhaseFrames pf = resolve_phase(clip, phase, options);
  if (pf.skip) return cv::Mat();
  const std::string k = key(pf.frames, options, size);
  return load_or_compute(k, options, size, [&] { return compute_uint8_di(pf.frames, options, size); });
}

cv::Mat DiCache::get(const Clip& clip, Phase phase, const DiOptions& options, const ReprOptions& repr, cv::Size size) {
  if (!repr.is_flow()) return get(clip, phase, options, size);
  // Flow spans: the full slot is onset->apex (see repr_options.h).
  PhaseFrames pf = resolve_phase(clip, phase == Phase::full ? Phase::onset_apex : phase, options);
  if (pf.skip) return cv::Mat();
  if (pf.frames.size() < 2)
    throw RuntimeError("the " + phase_name(phase) + " span has " + std::to_string(pf.frames.size()) +
                       " frame(s); a flow needs two");
  Hasher h;
  h.add(std::string_view(kFlowCacheVersion));
  h.add_file_identity(pf.frames.front().path, "frame file").add_file_identity(pf.frames.back().path, "frame file");
  h.add(std::string_view(repr.pixel_key())).add(std::string_view(options.pixel_key()));
  h.add(static_cast<std::int64_t>(size.width)).add(static_cast<std::int64_t>(size.height));
  if (options.magnify.enabled)  // every frame of the span takes part in the magnification
    for (const auto& f : pf.frames) h.add_file_identity(f.path, "frame file");
  return load_or_compute(h.hex(), options, size, [&] {
    if (!options.magnify.enabled)
      return flow_image_from_files(pf.frames.front().path, pf.frames.back().path, repr, size, options.fit,
                                   options.limits);
    std::vector<cv::Mat> frames;
    for (const auto& f : pf.frames) {
      cv::Mat img = imread_bounded(f.path, cv::IMREAD_COLOR, options.limits);
      if (img.empty()) throw RuntimeError("cannot read frame " + f.path.string());
      frames.push_back(img);
    }
    const auto magnified = magnify_clip(frames, options.magnify);
    return flow_image_from_frames(magnified.front(), magnified.back(), repr, size, options.fit);
  });
}

cv::Mat DiCache::load_or_compute(const std::string& k, const DiOptions& options, cv::Size size,
                                 const std::function<cv::Mat()>& compute) {
  const fs::path path = entry_path(k);

  std::error_code ec;
  if (fs::exists(path, ec)) {
    // An entry is a file like any other: one whose header is beyond the limits (written by
    // something else) is refused before decoding and recomputed.
    cv::Mat img;
    try {
      img = imread_bounded(path, cv::IMREAD_UNCHANGED, options.limits);
    } catch (const RuntimeError& e) {
      log::warn("{}", e.what());
    }
    if (!img.empty() && img.type() == CV_8UC3 && (size.empty() || img.size() == size)) {
      ++hits_;
      return img;
    }
    log::warn("DI cache entry {} is unreadable or has the wrong shape; recomputing", path.string());
  }
  ++misses_;
  cv::Mat img = compute();

  // Unique temporary name in the same directory, then an atomic rename.
  static std::atomic<long> counter{0};
  fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path.parent_path() /
                 (k + ".tmp." + std::to_string(::getpid()) + "." +
                  std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()) % 1000000) + "." +
                  std::to_string(counter++) + ".png");
  bool written = false;
  try {
    written = cv::imwrite(tmp.string(), img, {cv::IMWRITE_PNG_COMPRESSION, 1});
  } catch (const cv::Exception&) {
    written = false;
  }
  if (written) fs::rename(tmp, path, ec);
  if (!written || ec) {
    fs::remove(tmp, ec);
    log::warn("cannot write DI cache entry {} (continuing without caching it)", path.string());
  }
  return img;
}

}  // namespace merlab
