// Percentile bootstrap confidence intervals for pooled (MEGC) UF1 and UAR.
//
// One replicate resamples the test clips with replacement (as many as there are), pools the
// resampled predictions into one confusion matrix and computes UF1/UAR with the same
// metrics code as the run itself (framework/metrics/classification.h). With several runs of one
// configuration (seeds), the replicate value is the mean over runs, so the interval is that of
// the seed-mean shown in the tables. When every run holds the same clips (the usual case: same
// dataset and protocol) the SAME resampled clips are used for every run (paired resampling);
// otherwise each run is resampled on its own.
//
// Interval: the (1-level)/2 and (1+level)/2 quantiles of the replicate values, linearly
// interpolated between order statistics (numpy.percentile's default). Deterministic for a seed:
// the generator is a portable SplitMix64, not an implementation-defined std distribution.
#pragma once

#include <cstdint>
#include <vector>

#include "framework/metrics/classification.h"
#include "framework/storage/records.h"

namespace merlab::reports {

struct Interval {
  double lo = 0, hi = 0;
};

struct BootstrapOptions {
  int resamples = 1000;
  std::uint64_t seed = 0;
  double level = 0.95;
  metrics::MetricOptions metric;
};

struct BootstrapResult {
  double uf1 = 0, uar = 0;       // point estimates: mean over runs of the pooled metric
  Interval uf1_ci, uar_ci;
  int resamples = 0;
  bool paired = false;           // same clips resampled in every run
};

// `runs`: the predictions of each run (non-empty); labels in [0, num_classes).
// Throws RuntimeError on empty input or resamples < 1.
BootstrapResult bootstrap_pooled(const std::vector<const std::vector<storage::Prediction>*>& runs, int num_classes,
                                 const BootstrapOptions& options);

// q in [0, 1] of already sorted values, linear interpolation (numpy's default). NaN when empty.
double sorted_quantile(const std::vector<double>& sorted, double q);

// Portable deterministic generator (SplitMix64) with unbiased bounded integers.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::uint64_t below(std::uint64_t bound);  // uniform in [0, bound), bound > 0

 private:
  std::uint64_t state_;
};

}  // namespace merlab::reports
