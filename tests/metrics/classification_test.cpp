#include "framework/metrics/classification.h"

#include <gtest/gtest.h>

#include <cmath>

#include "framework/common/error.h"
#include "framework/metrics/loso.h"

using namespace merlab;
using namespace merlab::metrics;

// 3 classes, 10 samples, counts checked by hand:
//   true 0: predicted 0,0,0,1      -> TP0=3, FN0=1
//   true 1: predicted 1,1,2        -> TP1=2, FN1=1
//   true 2: predicted 2,0,2        -> TP2=2, FN2=1
// FP0=1 (a true 2), FP1=1 (a true 0), FP2=1 (a true 1)
TEST(MetricsClassification, HandComputedThreeClasses) {
  std::vector<int> t = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
  std::vector<int> p = {0, 0, 0, 1, 1, 1, 2, 2, 0, 2};
  auto m = compute_metrics(t, p, 3, {}, {"neg", "pos", "sur"});
  EXPECT_EQ(m.n, 10);
  EXPECT_EQ(m.correct, 7);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.7);
  // F1: 2*3/(6+1+1)=0.75, 2*2/(4+1+1)=2/3, 2*2/(4+1+1)=2/3
  EXPECT_DOUBLE_EQ(m.per_class[0].f1, 0.75);
  EXPECT_DOUBLE_EQ(m.per_class[1].f1, 2.0 / 3.0);
  EXPECT_NEAR(m.uf1, (0.75 + 2.0 / 3.0 + 2.0 / 3.0) / 3.0, 1e-15);
  // recall: 3/4, 2/3, 2/3
  EXPECT_NEAR(m.uar, (0.75 + 2.0 / 3.0 + 2.0 / 3.0) / 3.0, 1e-15);
  EXPECT_DOUBLE_EQ(m.per_class[0].precision, 0.75);  // 3 / (3+1)
  EXPECT_EQ(m.per_class[2].name, "sur");
  EXPECT_EQ(m.per_class[2].support, 3);
  EXPECT_EQ(m.confusion.at(2, 0), 1);
  EXPECT_EQ(m.confusion.at(0, 1), 1);
  EXPECT_EQ(m.classes_counted, 3);
}

TEST(MetricsClassification, UnbalancedUf1DiffersFromAccuracy) {
  // 8 of class 0 all right, 2 of class 1 both predicted 0: acc 0.8 but UF1 = (2*8/18 + 0)/2.
  std::vector<int> t = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  std::vector<int> p(10, 0);
  auto m = compute_metrics(t, p, 2);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.8);
  EXPECT_NEAR(m.uf1, (16.0 / 18.0) / 2.0, 1e-15);
  EXPECT_DOUBLE_EQ(m.uar, 0.5);
  // Class 1 has support but is never predicted: precision 0 by convention, not NaN.
  EXPECT_EQ(m.per_class[1].precision, 0.0);
  EXPECT_TRUE(m.per_class[1].counted);
}

TEST(MetricsClassification, AbsentClassExcludedByDefault) {
  // Class 2 never occurs in the ground truth but is predicted once.
  std::vector<int> t = {0, 0, 1, 1};
  std::vector<int> p = {0, 2, 1, 1};
  auto m = compute_metrics(t, p, 3);
  EXPECT_EQ(m.per_class[2].support, 0);
  EXPECT_FALSE(m.per_class[2].counted);
  EXPECT_EQ(m.per_class[2].f1, 0.0);
  EXPECT_EQ(m.per_class[2].recall, 0.0);
  EXPECT_EQ(m.classes_counted, 2);
  // F1_0 = 2/(2+0+1) = 2/3, F1_1 = 4/(4+0+0) = 1 -> UF1 over present classes only.
  EXPECT_NEAR(m.uf1, (2.0 / 3.0 + 1.0) / 2.0, 1e-15);
  EXPECT_NEAR(m.uar, (0.5 + 1.0) / 2.0, 1e-15);
  EXPECT_FALSE(std::isnan(m.uf1));

  MetricOptions inc;
  inc.absent = AbsentClassRule::include_as_zero;
  auto z = compute_metrics(t, p, 3, inc);
  EXPECT_EQ(z.classes_counted, 3);
  EXPECT_NEAR(z.uf1, (2.0 / 3.0 + 1.0) / 3.0, 1e-15);
  EXPECT_NEAR(z.uar, 1.5 / 3.0, 1e-15);
  EXPECT_DOUBLE_EQ(z.accuracy, m.accuracy);
}

TEST(MetricsClassification, EmptyInputIsNaNAndBadLabelsThrow) {
  auto m = compute_metrics(std::vector<int>{}, std::vector<int>{}, 3);
  EXPECT_TRUE(std::isnan(m.accuracy));
  EXPECT_TRUE(std::isnan(m.uf1));
  EXPECT_THROW(compute_metrics({0, 3}, {0, 1}, 3), RuntimeError);
  EXPECT_THROW(compute_metrics({0, 1}, {0}, 3), RuntimeError);
  EXPECT_THROW(parse_absent_class_rule("skip"), ConfigError);
  EXPECT_EQ(parse_absent_class_rule("include"), AbsentClassRule::include_as_zero);
}

TEST(MetricsLoso, PooledDiffersFromPerFoldMean) {
  // Two subjects. s1: two class-0 clips, one right. s2: one class-0 right, two class-1 right.
  std::vector<LabeledPrediction> preds = {
      {"s1", 0, 0}, {"s1", 0, 1}, {"s2", 0, 0}, {"s2", 1, 1}, {"s2", 1, 1},
  };
  auto r = evaluate_grouped(preds, 2);
  // Pooled: TP0=2 FN0=1 FP0=0 -> F1_0=4/5; TP1=2 FP1=1 -> F1_1=4/5; UF1=0.8; acc 4/5.
  EXPECT_NEAR(r.pooled.uf1, 0.8, 1e-15);
  EXPECT_NEAR(r.pooled.accuracy, 0.8, 1e-15);
  EXPECT_NEAR(r.pooled.uar, (2.0 / 3.0 + 1.0) / 2.0, 1e-15);
  // s1 alone: only class 0 present, F1_0 = 2/(2+0+1) = 2/3 -> UF1 2/3; s2 alone: perfect -> 1.
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_NEAR(r.groups.at("s1").uf1, 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(r.groups.at("s2").uf1, 1.0, 1e-15);
  EXPECT_NEAR(r.group_mean.uf1, (2.0 / 3.0 + 1.0) / 2.0, 1e-15);
  EXPECT_NEAR(r.group_mean.accuracy, (0.5 + 1.0) / 2.0, 1e-15);
  EXPECT_GT(std::abs(r.pooled.uf1 - r.group_mean.uf1), 0.01);
  EXPECT_GT(std::abs(r.pooled.accuracy - r.group_mean.accuracy), 0.01);
}

TEST(MetricsLoso, ConfusionMatrixMerge) {
  ConfusionMatrix a(2), b(2), c(3);
  a.add(0, 1);
  b.add(0, 1, 2);
  a.merge(b);
  EXPECT_EQ(a.at(0, 1), 3);
  EXPECT_EQ(a.support(0), 3);
  EXPECT_EQ(a.predicted(1), 3);
  EXPECT_THROW(a.merge(c), RuntimeError);
}
