// The DIs of a run, held in memory as 8-bit images (decoded once from the DI cache), and the
// per-fold sample lists built from them. Batches are assembled from memory: no image decoding
// per epoch.
//
// Training samples of a fold: for every clip of the training subjects, one DI per training phase
// of the temporal strategy (phases the policies skip are left out), expanded offline into k
// augmented copies when the spatial mode is `offline`. Test samples: one DI per test phase of
// each held-out clip; with `phase_mean` the logits of a clip's phase DIs are averaged.
// Paired strategies (phase_pair): one sample per clip holding both phase images, in training
// and test; a clip missing either phase image takes no part. Spatial augmentation draws one
// transform per pair and applies it to both images.
#pragma once

#include <torch/torch.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "framework/augment/spatial.h"
#include "framework/augment/temporal_strategy.h"
#include "framework/di/di_cache.h"
#include "framework/engine/folds.h"

namespace merlab {

struct Sample {
  int clip = 0;          // index into the bank's clips
  Phase phase = Phase::full;
  cv::Mat image;         // CV_8UC3 at the model input size (shared, never modified)
  cv::Mat second;        // paired strategies: the apex->offset image (image is onset->apex)
};

struct FoldSamples {
  std::vector<Sample> train;
  std::vector<Sample> test;
  std::vector<int> test_clips;                  // distinct held-out clips, in order
  std::vector<std::vector<int64_t>> test_groups;  // test sample indices of each test clip
};

class SampleBank {
 public:
  // Loads (computing on a cache miss) every DI the strategy needs, for every clip. A clip whose
  // DI cannot be computed is skipped (di.clip_errors: skip_clip) or the error is rethrown with
  // the clip named (di.clip_errors: error).
  // `repr` decides what an image is (a DI, or a flow image: framework/flow/repr_options.h);
  // flow images are computed in parallel over clips (di.threads), with progress logged.
  SampleBank(const DatasetLoad& dataset, const TemporalStrategy& strategy, const DiOptions& di,
             int64_t input_size, const std::filesystem::path& cache_dir, const ReprOptions& repr = ReprOptions{});

  const std::vector<Clip>& clips() const { return clips_; }
  // Clips left out, with the reason: every DI skipped by the phase policies, or a DI that could
  // not be computed under `di.clip_errors: skip_clip` (reported once per run).
  const std::vector<std::pair<std::string, std::string>>& skipped_clips() const { return skipped_; }

  FoldSamples fold_samples(const Fold& fold, const SpatialPipeline& spatial, uint64_t seed) const;

 private:
  std::vector<Clip> clips_;
  TemporalStrategy strategy_;
  std::map<std::pair<int, int>, cv::Mat> images_;  // (clip, phase) -> DI
  std::vector<std::pair<std::string, std::string>> skipped_;
};

// [B, 3, H, W] float tensor of the given samples, normalised as di_to_model_input documents;
// [B, 6, H, W] for paired samples (channels 0-2 the first image, 3-5 the second).
// When `spatial` is given (online mode, training batches), each sample gets a fresh random
// transform drawn from a generator seeded by (seed, epoch, sample index): deterministic
// whatever the batch composition or thread count.
torch::Tensor assemble_batch(const std::vector<Sample>& samples, const std::vector<int64_t>& indices,
                             const SpatialPipeline* spatial, uint64_t seed, int64_t epoch);

}  // namespace merlab
