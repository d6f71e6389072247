// Wilcoxon signed-rank (hand-computed cases and scipy parity) and the percentile bootstrap.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "framework/common/error.h"
#include "framework/metrics/classification.h"
#include "reports/bootstrap.h"
#include "reports/wilcoxon.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::reports;

TEST(ReportsWilcoxon, HandComputedExactCases) {
  // |d| ranks 1..5, R+ = 1+2+3+5 = 11, R- = 4; P(R+ <= 4) = 7/32 (subsets of {1..5} summing to <= 4).
  auto r = wilcoxon_signed_rank({1, 2, 3, -4, 5});
  EXPECT_EQ(r.method, WilcoxonMethod::exact);
  EXPECT_DOUBLE_EQ(r.statistic, 4.0);
  EXPECT_DOUBLE_EQ(r.p_value, 14.0 / 32.0);
  // All six positive: only the full set reaches R+ = 21, p = 2/64.
  r = wilcoxon_signed_rank({1, 2, 3, 4, 5, 6});
  EXPECT_DOUBLE_EQ(r.statistic, 0.0);
  EXPECT_DOUBLE_EQ(r.p_value, 2.0 / 64.0);
  // Paired form gives the same as differences.
  auto paired = wilcoxon_signed_rank({3, 4, 5, 1, 9}, {2, 2, 2, 5, 4});
  EXPECT_DOUBLE_EQ(paired.p_value, 14.0 / 32.0);
  // The pmf of n = 3: R+ in 0..6 with counts 1,1,1,2,1,1,1 over 8.
  const auto pmf = wilcoxon_exact_pmf(3);
  ASSERT_EQ(pmf.size(), 7u);
  EXPECT_DOUBLE_EQ(pmf[3], 2.0 / 8.0);
  EXPECT_DOUBLE_EQ(pmf[6], 1.0 / 8.0);
}

TEST(ReportsWilcoxon, HandComputedNormalApproximationWithTiesAndZeros) {
  // Zero dropped -> n = 4; |d| = 1,1,2,3 -> ranks 1.5,1.5,3,4; R+ = 7, R- = 3, T = 3.
  // var*24 = 4*5*9 - (2^3 - 2)/2 = 177; z = (3 - 5)/sqrt(177/24).
  auto r = wilcoxon_signed_rank({1, 1, -2, 3, 0});
  EXPECT_EQ(r.method, WilcoxonMethod::normal);
  EXPECT_EQ(r.zeros, 1);
  EXPECT_EQ(r.n, 4);
  EXPECT_TRUE(r.ties);
  EXPECT_DOUBLE_EQ(r.statistic, 3.0);
  EXPECT_NEAR(r.z, -2.0 / std::sqrt(177.0 / 24.0), 1e-15);
  EXPECT_NEAR(r.p_value, 0.4614509878333607, 1e-14);
  // Degenerate inputs: no pair, or every difference zero.
  EXPECT_TRUE(std::isnan(wilcoxon_signed_rank(std::vector<double>{}).p_value));
  EXPECT_TRUE(std::isnan(wilcoxon_signed_rank({0.0, 0.0}).p_value));
  EXPECT_THROW(wilcoxon_signed_rank({1.0}, {1.0, 2.0}), RuntimeError);
}

TEST(ReportsWilcoxon, AverageRanks) {
  EXPECT_EQ(average_ranks({3, 1, 3, 2}), (std::vector<double>{3.5, 1, 3.5, 2}));
}

TEST(ReportsWilcoxon, MatchesScipyOnGeneratedData) {
  test::TempDir dir("merlab-wilcoxon");
  SplitMix64 rng(42);
  auto uniform = [&] { return static_cast<double>(rng.next() >> 11) / 9007199254740992.0; };
  struct Case {
    std::vector<double> d;
    std::string method;  // scipy method to compare with
  };
  std::vector<Case> cases;
  for (int n : {1, 2, 3, 5, 8, 10, 15, 20, 26, 33, 50}) {  // untied, no zeros: exact (scipy auto too)
    Case c{{}, "auto"};
    for (int i = 0; i < n; ++i) c.d.push_back(uniform() - 0.35);
    cases.push_back(c);
  }
  for (int n : {51, 80}) {  // large: normal approximation under auto
    Case c{{}, "auto"};
    for (int i = 0; i < n; ++i) c.d.push_back(uniform() - 0.4);
    cases.push_back(c);
  }
  for (int n : {6, 12, 25, 40}) {  // small integers: ties and zeros -> approximation
    Case c{{}, "approx"};
    for (int i = 0; i < n; ++i) c.d.push_back(std::floor(uniform() * 7) - 3);
    cases.push_back(c);
  }
  std::ostringstream data;
  data.precision(17);
  for (const auto& c : cases) {
    data << c.method;
    for (double v : c.d) data << ' ' << v;
    data << '\n';
  }
  test::write_file(dir / "cases.txt", data.str());
  test::write_file(dir / "ref.py",
                   "import sys, warnings\nwarnings.simplefilter('ignore')\nfrom scipy.stats import wilcoxon\n"
                   "for line in open(sys.argv[1]):\n"
                   "    f = line.split(); m = f[0]; d = [float(x) for x in f[1:]]\n"
                   "    r = wilcoxon(d, method=m)\n"
                   "    print(repr(float(r.statistic)), repr(float(r.pvalue)))\n");
  auto res = test::run_shell(test::reference_python() + " " + test::shell_quote((dir / "ref.py").string()) + " " +
                             test::shell_quote((dir / "cases.txt").string()));
  ASSERT_EQ(res.exit_code, 0) << res.err;
  std::istringstream lines(res.out);
  int exact = 0, normal = 0;
  for (const auto& c : cases) {
    double stat = 0, p = 0;
    ASSERT_TRUE(lines >> stat >> p) << res.out;
    const auto r = wilcoxon_signed_rank(c.d);
    (r.method == WilcoxonMethod::exact ? exact : normal)++;
    EXPECT_DOUBLE_EQ(r.statistic, stat) << "n=" << c.d.size();
    EXPECT_NEAR(r.p_value, p, 1e-12 + 1e-10 * p) << "n=" << c.d.size() << " method " << c.method;
  }
  EXPECT_EQ(exact, 11);
  EXPECT_EQ(normal, 6);
}

namespace {
std::vector<storage::Prediction> predictions(int n, std::uint64_t seed, double accuracy) {
  SplitMix64 rng(seed);
  std::vector<storage::Prediction> out;
  for (int i = 0; i < n; ++i) {
    storage::Prediction p;
    p.clip_id = "c" + std::to_string(i);
    p.subject = "s" + std::to_string(i % 5);
    p.y_true = static_cast<int>(rng.below(3));
    p.y_pred = rng.below(1000) < accuracy * 1000 ? p.y_true : static_cast<int>((p.y_true + 1 + rng.below(2)) % 3);
    out.push_back(p);
  }
  return out;
}
}  // namespace

TEST(ReportsBootstrap, IntervalContainsEstimateAndIsDeterministic) {
  const auto a = predictions(120, 1, 0.6);
  const auto b = predictions(120, 2, 0.7);  // same clip ids and subjects: paired
  BootstrapOptions o;
  o.resamples = 500;
  o.seed = 7;
  const auto r1 = bootstrap_pooled({&a, &b}, 3, o);
  const auto r2 = bootstrap_pooled({&a, &b}, 3, o);
  EXPECT_TRUE(r1.paired);
  EXPECT_EQ(r1.resamples, 500);
  // Point estimate: mean over runs of the pooled metric from the shared metrics code.
  auto pooled = [](const std::vector<storage::Prediction>& v) {
    metrics::ConfusionMatrix cm(3);
    for (const auto& p : v) cm.add(p.y_true, p.y_pred);
    return metrics::compute_metrics(cm);
  };
  EXPECT_DOUBLE_EQ(r1.uf1, (pooled(a).uf1 + pooled(b).uf1) / 2);
  EXPECT_DOUBLE_EQ(r1.uar, (pooled(a).uar + pooled(b).uar) / 2);
  EXPECT_LT(r1.uf1_ci.lo, r1.uf1);
  EXPECT_GT(r1.uf1_ci.hi, r1.uf1);
  EXPECT_LT(r1.uar_ci.lo, r1.uar);
  EXPECT_GT(r1.uar_ci.hi, r1.uar);
  EXPECT_LT(r1.uf1_ci.hi - r1.uf1_ci.lo, 0.3);  // 240 predictions: a few points wide, not everything
  EXPECT_EQ(r1.uf1_ci.lo, r2.uf1_ci.lo);
  EXPECT_EQ(r1.uar_ci.hi, r2.uar_ci.hi);
  o.seed = 8;
  const auto r3 = bootstrap_pooled({&a, &b}, 3, o);
  EXPECT_NE(r3.uf1_ci.lo, r1.uf1_ci.lo);
  // Different clip sets: resampled independently.
  auto c = predictions(90, 3, 0.5);
  EXPECT_FALSE(bootstrap_pooled({&a, &c}, 3, o).paired);
  EXPECT_THROW(bootstrap_pooled({}, 3, o), RuntimeError);
}

TEST(ReportsBootstrap, QuantileMatchesNumpyLinearRule) {
  // numpy.percentile([1,2,3,4], [2.5, 97.5]) = [1.075, 3.925]
  EXPECT_DOUBLE_EQ(sorted_quantile({1, 2, 3, 4}, 0.025), 1.075);
  EXPECT_DOUBLE_EQ(sorted_quantile({1, 2, 3, 4}, 0.975), 3.925);
  EXPECT_TRUE(std::isnan(sorted_quantile({}, 0.5)));
}
