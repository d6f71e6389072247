#include "reports/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "framework/common/error.h"

namespace merlab::reports {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound) {
  // Rejection of the short top range keeps every index equally likely.
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t x;
  do x = next(); while (x >= limit);
  return x % bound;
}

double sorted_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

namespace {

std::string clip_key(const storage::Prediction& p) { return p.subject + '\x1f' + p.clip_id; }

// Predictions of each run ordered by clip key, so that position i is the same clip in every run
// when the clip sets agree.
std::vector<std::vector<const storage::Prediction*>> ordered(const std::vector<const std::vector<storage::Prediction>*>& runs) {
  std::vector<std::vector<const storage::Prediction*>> out;
  for (const auto* run : runs) {
    std::vector<const storage::Prediction*> v;
    for (const auto& p : *run) v.push_back(&p);
    std::sort(v.begin(), v.end(), [](const auto* a, const auto* b) {
      return a->subject != b->subject ? a->subject < b->subject : a->clip_id < b->clip_id;
    });
    out.push_back(std::move(v));
  }
  return out;
}

bool same_clips(const std::vector<std::vector<const storage::Prediction*>>& runs) {
  for (std::size_t r = 1; r < runs.size(); ++r) {
    if (runs[r].size() != runs[0].size()) return false;
    for (std::size_t i = 0; i < runs[0].size(); ++i)
      if (clip_key(*runs[r][i]) != clip_key(*runs[0][i])) return false;
  }
  return true;
}

}  // namespace

BootstrapResult bootstrap_pooled(const std::vector<const std::vector<storage::Prediction>*>& runs, int num_classes,
                                 const BootstrapOptions& options) {
  if (runs.empty()) throw RuntimeError("bootstrap_pooled: no run");
  if (options.resamples < 1) throw RuntimeError("bootstrap_pooled: resamples must be >= 1");
  for (const auto* r : runs)
    if (r == nullptr || r->empty()) throw RuntimeError("bootstrap_pooled: a run has no prediction");

  const auto sorted_runs = ordered(runs);
  BootstrapResult out;
  out.resamples = options.resamples;
  out.paired = same_clips(sorted_runs);

  const double n_runs = static_cast<double>(runs.size());
  for (const auto& run : sorted_runs) {
    metrics::ConfusionMatrix cm(num_classes);
    for (const auto* p : run) cm.add(p->y_true, p->y_pred);
    const auto m = metrics::compute_metrics(cm, options.metric);
    out.uf1 += m.uf1 / n_runs;
    out.uar += m.uar / n_runs;
  }

  SplitMix64 rng(options.seed);
  std::vector<double> uf1s, uars;
  uf1s.reserve(static_cast<std::size_t>(options.resamples));
  uars.reserve(static_cast<std::size_t>(options.resamples));
  std::vector<std::size_t> idx;
  for (int b = 0; b < options.resamples; ++b) {
    double uf1 = 0, uar = 0;
    for (std::size_t r = 0; r < sorted_runs.size(); ++r) {
      const auto& run = sorted_runs[r];
      if (r == 0 || !out.paired) {
        idx.resize(run.size());
        for (auto& i : idx) i = static_cast<std::size_t>(rng.below(run.size()));
      }
      metrics::ConfusionMatrix cm(num_classes);
      for (auto i : idx) cm.add(run[i]->y_true, run[i]->y_pred);
      const auto m = metrics::compute_metrics(cm, options.metric);
      uf1 += m.uf1 / n_runs;
      uar += m.uar / n_runs;
    }
    uf1s.push_back(uf1);
    uars.push_back(uar);
  }
  std::sort(uf1s.begin(), uf1s.end());
  std::sort(uars.begin(), uars.end());
  const double a = (1.0 - options.level) / 2.0;
  out.uf1_ci = {sorted_quantile(uf1s, a), sorted_quantile(uf1s, 1.0 - a)};
  out.uar_ci = {sorted_quantile(uars, a), sorted_quantile(uars, 1.0 - a)};
  return out;
}

}  // namespace merlab::reports
