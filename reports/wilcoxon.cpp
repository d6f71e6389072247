#include "reports/wilcoxon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "framework/common/error.h"

namespace merlab::reports {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// scipy decides between the exact table and the approximation at this size.
constexpr int kExactMaxN = 50;
}  // namespace

const char* to_string(WilcoxonMethod m) {
  switch (m) {
    case WilcoxonMethod::exact: return "exact";
    case WilcoxonMethod::normal: return "normal";
    default: return "-";
  }
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double r = 0.5 * static_cast<double>(i + j) + 1.0;  // mean of 1-based positions i+1..j+1
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

std::vector<double> wilcoxon_exact_pmf(int n) {
  // Each rank k enters R+ with probability 1/2 independently: convolve step by step (the same
  // recursion as scipy's _get_wilcoxon_distr, so the sums agree to the last bits).
  std::vector<double> c(1, 1.0);
  for (int k = 1; k <= n; ++k) {
    std::vector<double> next(static_cast<std::size_t>(k) * (k + 1) / 2 + 1, 0.0);
    const std::size_t m = c.size();
    for (std::size_t i = 0; i < m; ++i) next[i] = c[i] * 0.5;
    const std::size_t off = next.size() - m;
    for (std::size_t i = 0; i < m; ++i) next[off + i] += c[i] * 0.5;
    c.swap(next);
  }
  return c;
}

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size())
    throw RuntimeError("wilcoxon_signed_rank: samples differ in length (" + std::to_string(x.size()) + " vs " +
                       std::to_string(y.size()) + ")");
  std::vector<double> d(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) d[i] = x[i] - y[i];
  return wilcoxon_signed_rank(d);
}

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& d_all) {
  WilcoxonResult r;
  r.pairs = static_cast<int>(d_all.size());
  std::vector<double> d;
  for (double v : d_all) {
    if (std::isnan(v)) throw RuntimeError("wilcoxon_signed_rank: NaN difference");
    if (v == 0.0) ++r.zeros; else d.push_back(v);
  }
  r.n = static_cast<int>(d.size());
  if (d.empty()) {
    r.statistic = kNaN;
    r.p_value = kNaN;
    return r;
  }
  std::vector<double> absd(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) absd[i] = std::fabs(d[i]);
  const auto ranks = average_ranks(absd);
  double r_plus = 0, r_minus = 0;
  for (std::size_t i = 0; i < d.size(); ++i) (d[i] > 0 ? r_plus : r_minus) += ranks[i];
  r.statistic = std::min(r_plus, r_minus);

  // Tie groups among |d| (sizes t > 1).
  std::vector<double> sorted = absd;
  std::sort(sorted.begin(), sorted.end());
  double tie_term = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[i]) ++j;
    const double t = static_cast<double>(j - i + 1);
    if (t > 1) {
      r.ties = true;
      tie_term += t * (t * t - 1);
    }
    i = j + 1;
  }

  const double n = static_cast<double>(r.n);
  if (r.zeros == 0 && !r.ties && r.pairs <= kExactMaxN) {
    r.method = WilcoxonMethod::exact;
    const auto pmf = wilcoxon_exact_pmf(r.n);
    const auto rp = static_cast<std::size_t>(std::llround(r_plus));
    if (rp == (pmf.size() - 1) / 2) {
      r.p_value = 1.0;
    } else {
      double p_less = 0, p_greater = 0;
      for (std::size_t k = 0; k <= rp; ++k) p_less += pmf[k];
      for (std::size_t k = rp; k < pmf.size(); ++k) p_greater += pmf[k];
      r.p_value = std::clamp(2.0 * std::min(p_less, p_greater), 0.0, 1.0);
    }
    return r;
  }
  r.method = WilcoxonMethod::normal;
  const double mean = n * (n + 1) * 0.25;
  const double var24 = n * (n + 1) * (2 * n + 1) - 0.5 * tie_term;
  const double se = std::sqrt(var24 / 24.0);
  r.z = (r.statistic - mean) / se;
  // 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt 2), accurate in the far tail.
  r.p_value = std::erfc(std::fabs(r.z) / std::sqrt(2.0));
  return r;
}

}  // namespace merlab::reports
