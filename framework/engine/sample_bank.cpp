#include "framework/engine/sample_bank.h"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/di/dynamic_image.h"

namespace merlab {
namespace {

uint64_t mix(uint64_t a, uint64_t b) {
  // splitmix64 of a combination: independent streams per (seed, epoch, sample).
  uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The two images of a pair get the same random transform: the second is drawn from a copy of
// the generator the first used.
std::pair<cv::Mat, cv::Mat> apply_pair(const SpatialPipeline& spatial, const cv::Mat& a, const cv::Mat& b,
                                       std::mt19937_64& rng) {
  std::mt19937_64 same = rng;
  cv::Mat ta = spatial.apply(a, rng);
  return {ta, spatial.apply(b, same)};
}

}  // namespace

SampleBank::SampleBank(const DatasetLoad& dataset, const TemporalStrategy& strategy, const DiOptions& di,
                       int64_t input_size, const std::filesystem::path& cache_dir, const ReprOptions& repr)
    : clips_(dataset.clips), strategy_(strategy) {
  dataset.require_frames_ready();
  std::set<Phase> needed(strategy.train_phases.begin(), strategy.train_phases.end());
  for (Phase p : strategy.test_phases()) needed.insert(p);
  DiCache cache(cache_dir);
  const cv::Size size(static_cast<int>(input_size), static_cast<int>(input_size));
  // One job per clip. DIs parallelise inside (frame decoding, di.threads); a flow is one
  // sequential TV-L1 solve, so flow images run clip-parallel instead.
  std::vector<std::map<int, cv::Mat>> found(clips_.size());
  std::vector<std::string> error(clips_.size());
  auto load_clip = [&](std::size_t c) {
    try {
      for (Phase p : needed) {
        cv::Mat img = cache.get(clips_[c], p, di, repr, size);
        if (!img.empty()) found[c][static_cast<int>(p)] = img;
      }
    } catch (const std::exception& e) {
      error[c] = e.what();
      if (error[c].empty()) error[c] = "error";
    }
  };
  const int workers = repr.is_flow() ? std::max(1, di.threads > 0 ? di.threads : static_cast<int>(std::thread::hardware_concurrency())) : 1;
  if (workers == 1) {
    for (std::size_t c = 0; c < clips_.size(); ++c) load_clip(c);
  } else {
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex log_mutex;
    const std::size_t step = std::max<std::size_t>(1, clips_.size() / 10);
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w)
      pool.emplace_back([&] {
        for (std::size_t c; (c = next++) < clips_.size();) {
          load_clip(c);
          const std::size_t d = ++done;
          if (d % step == 0 || d == clips_.size()) {
            std::lock_guard<std::mutex> lock(log_mutex);
            log::info("{} images: {}/{} clips", to_string(repr.kind), d, clips_.size());
          }
        }
      });
    for (auto& t : pool) t.join();
  }
  for (std::size_t c = 0; c < clips_.size(); ++c) {
    if (!error[c].empty()) {
      if (di.clip_errors == ClipErrorPolicy::error)
        throw RuntimeError("clip " + clips_[c].clip_id + ": " + error[c] + " (di.clip_errors: error)");
      skipped_.push_back({clips_[c].clip_id, error[c]});
      continue;  // none of its images: the clip takes part in no fold
    }
    if (found[c].empty()) {
      skipped_.push_back({clips_[c].clip_id, "every DI skipped by the phase policies"});
      continue;
    }
    for (auto& [p, img] : found[c]) images_[{static_cast<int>(c), p}] = img;
  }
  log::debug("DI cache {}: {} hits, {} misses", cache_dir.string(), cache.hits(), cache.misses());
}

FoldSamples SampleBank::fold_samples(const Fold& fold, const SpatialPipeline& spatial, uint64_t seed) const {
  std::set<std::string> test_subjects(fold.test_subjects.begin(), fold.test_subjects.end());
  FoldSamples out;
  std::mt19937_64 offline_rng(mix(seed, 0x0ff1 + static_cast<uint64_t>(fold.index)));
  for (std::size_t c = 0; c < clips_.size(); ++c) {
    const int ci = static_cast<int>(c);
    const bool is_test = test_subjects.count(clips_[c].subject) > 0;
    if (strategy_.paired()) {
      auto a = images_.find({ci, static_cast<int>(Phase::onset_apex)});
      auto b = images_.find({ci, static_cast<int>(Phase::apex_offset)});
      if (a == images_.end() || b == images_.end()) continue;
      if (is_test) {
        out.test_groups.push_back({static_cast<int64_t>(out.test.size())});
        out.test.push_back({ci, Phase::onset_apex, a->second, b->second});
        out.test_clips.push_back(ci);
      } else if (spatial.mode() == SpatialMode::offline) {
        std::mt19937_64 same = offline_rng;
        const auto first = spatial.expand(a->second, offline_rng);
        const auto second = spatial.expand(b->second, same);
        for (std::size_t k = 0; k < first.size(); ++k) out.train.push_back({ci, Phase::onset_apex, first[k], second[k]});
      } else {
        out.train.push_back({ci, Phase::onset_apex, a->second, b->second});
      }
      continue;
    }
    if (!is_test) {
      for (Phase p : strategy_.train_phases) {
        auto it = images_.find({ci, static_cast<int>(p)});
        if (it == images_.end()) continue;
        if (spatial.mode() == SpatialMode::offline) {
          for (auto& img : spatial.expand(it->second, offline_rng)) out.train.push_back({ci, p, img});
        } else {
          out.train.push_back({ci, p, it->second});
        }
      }
      continue;
    }
    std::vector<int64_t> group;
    for (Phase p : strategy_.test_phases()) {
      auto it = images_.find({ci, static_cast<int>(p)});
      if (it == images_.end()) continue;
      group.push_back(static_cast<int64_t>(out.test.size()));
      out.test.push_back({ci, p, it->second});
    }
    // phase_mean with a skipped phase falls back to what exists; with none, the full DI.
    if (group.empty()) {
      auto it = images_.find({ci, static_cast<int>(Phase::full)});
      if (it == images_.end()) continue;
      group.push_back(static_cast<int64_t>(out.test.size()));
      out.test.push_back({ci, Phase::full, it->second});
    }
    out.test_clips.push_back(ci);
    out.test_groups.push_back(group);
  }
  return out;
}

torch::Tensor assemble_batch(const std::vector<Sample>& samples, const std::vector<int64_t>& indices,
                             const SpatialPipeline* spatial, uint64_t seed, int64_t epoch) {
  if (indices.empty()) throw RuntimeError("assemble_batch: empty batch");
  const Sample& first = samples.at(static_cast<std::size_t>(indices[0]));
  const int64_t h = first.image.rows, w = first.image.cols;
  const bool paired = !first.second.empty();
  auto batch = torch::empty({static_cast<int64_t>(indices.size()), paired ? 6 : 3, h, w}, torch::kFloat32);
  auto put = [&](const cv::Mat& img, int64_t row, int64_t channel) {
    cv::Mat f = di_to_model_input(img);  // HWC float RGB, normalised
    if (f.rows != h || f.cols != w) throw RuntimeError("assemble_batch: samples of different sizes in one batch");
    if (!f.isContinuous()) f = f.clone();
    auto hwc = torch::from_blob(f.data, {h, w, 3}, torch::kFloat32);
    batch[row].narrow(0, channel, 3).copy_(hwc.permute({2, 0, 1}));
  };
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const Sample& s = samples.at(static_cast<std::size_t>(indices[i]));
    if (s.second.empty() == paired) throw RuntimeError("assemble_batch: paired and single samples in one batch");
    cv::Mat img = s.image, second = s.second;
    if (spatial && spatial->mode() == SpatialMode::online) {
      std::mt19937_64 rng(mix(mix(seed, static_cast<uint64_t>(epoch)), static_cast<uint64_t>(indices[i])));
      if (paired) std::tie(img, second) = apply_pair(*spatial, s.image, s.second, rng);
      else img = spatial->apply(s.image, rng);
    }
    put(img, static_cast<int64_t>(i), 0);
    if (paired) put(second, static_cast<int64_t>(i), 3);
  }
  return batch;
}

}  // namespace merlab
