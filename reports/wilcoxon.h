// Wilcoxon signed-rank test for paired samples, matching scipy.stats.wilcoxon(x, y) with its
// defaults (zero_method='wilcox', correction=False, alternative='two-sided'):
//   - d = x - y; zero differences are dropped (zero_method='wilcox');
//   - |d| is ranked with average ranks for ties; statistic T = min(R+, R-);
//   - exact null distribution of R+ when n <= 50 and there are neither zeros nor ties:
//     p = 2 min(P(R+ <= r), P(R+ >= r)), clipped to 1 (1 exactly at the centre);
//   - otherwise the normal approximation: z = (T - n(n+1)/4) / sqrt(n(n+1)(2n+1)/24 - sum(t^3-t)/48)
//     over tie groups of size t, p = 2 (1 - Phi(|z|)), no continuity correction.
// Deliberate difference from scipy 1.10's method='auto': with tied |d| (and no zeros) scipy
// still uses the exact table with a truncated R+; here ties always use the normal approximation
// (which later scipy releases also do). Results equal scipy with method='exact' for untied data
// and method='approx' whenever there are ties or zeros.
#pragma once

#include <string>
#include <vector>

namespace merlab::reports {

enum class WilcoxonMethod { none, exact, normal };
const char* to_string(WilcoxonMethod m);  // "-", "exact", "normal"

struct WilcoxonResult {
  double statistic = 0;   // min(R+, R-) (NaN when no pair)
  double p_value = 0;     // two-sided; NaN when undefined (no pairs, or every difference is 0)
  double z = 0;           // normal approximation only (0 otherwise)
  int pairs = 0;          // pairs given
  int zeros = 0;          // zero differences dropped
  int n = 0;              // non-zero differences used
  bool ties = false;      // tied |d| among the non-zero differences
  WilcoxonMethod method = WilcoxonMethod::none;
};

// Paired samples of equal length (throws RuntimeError otherwise).
WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& x, const std::vector<double>& y);
// Differences d = x - y directly.
WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& d);

// P(R+ = r) for r = 0..n(n+1)/2 under H0 (n untied, non-zero differences).
std::vector<double> wilcoxon_exact_pmf(int n);

// Average ranks (1-based) of `values`, ties sharing the mean of their positions.
std::vector<double> average_ranks(const std::vector<double>& values);

}  // namespace merlab::reports
