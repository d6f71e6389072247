// Classification metrics in the MEGC convention: accuracy, UF1 (unweighted F1, the mean of the
// per-class F1) and UAR (unweighted average recall, the mean of the per-class recall), computed
// from ONE confusion matrix. Under LOSO the caller pools the predictions of every held-out
// subject first and calls compute_metrics once (see loso.h); averaging per-fold scores gives
// different, usually lower, numbers.
//
// Per class c with TP_c, FP_c, FN_c and support N_c = TP_c + FN_c:
//   F1_c        = 2 TP_c / (2 TP_c + FP_c + FN_c)   (0 when the denominator is 0)
//   recall_c    = TP_c / N_c                        (0 when N_c = 0)
//   precision_c = TP_c / (TP_c + FP_c)              (0 when the class is never predicted)
//   accuracy    = sum_c TP_c / N
//
// Classes absent from the ground truth (N_c = 0): F1 and recall are undefined there, and peer
// code either divides by zero or silently drops them. The rule is explicit (AbsentClassRule):
//   exclude (default, as MEGC's pooled evaluation): such classes are left out of the UF1 and
//     UAR means and reported with support 0 and counted = false. This equals sklearn's
//     f1_score / recall_score(average='macro', labels=<classes present in y_true>).
//   include_as_zero: every class of the label space enters the means, absent ones with F1 = 0
//     and recall = 0 (a pessimistic score that depends on the label space, not only the data).
// When no class at all is present (empty input) accuracy, UF1 and UAR are NaN.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace merlab::metrics {

enum class AbsentClassRule { exclude, include_as_zero };

// "exclude" / "include_as_zero" (also accepts "include"); throws ConfigError otherwise.
AbsentClassRule parse_absent_class_rule(const std::string& text);
const char* to_string(AbsentClassRule rule);

struct MetricOptions {
  AbsentClassRule absent = AbsentClassRule::exclude;
};

// counts[t][p]: number of samples of true class t predicted as p.
class ConfusionMatrix {
 public:
  explicit ConfusionMatrix(int num_classes = 0);
  // Throws RuntimeError when a label is outside [0, num_classes).
  void add(int y_true, int y_pred, std::int64_t count = 1);
  void merge(const ConfusionMatrix& other);  // same size required
  int num_classes() const { return n_; }
  std::int64_t at(int y_true, int y_pred) const { return counts_[static_cast<std::size_t>(y_true * n_ + y_pred)]; }
  std::int64_t total() const;
  std::int64_t support(int c) const;    // row sum
  std::int64_t predicted(int c) const;  // column sum
  std::vector<std::vector<std::int64_t>> rows() const;

 private:
  int n_;
  std::vector<std::int64_t> counts_;
};

struct ClassMetrics {
  std::string name;
  std::int64_t support = 0;    // N_c, samples of this class in the ground truth
  std::int64_t predicted = 0;  // samples predicted as this class
  std::int64_t tp = 0;
  double precision = 0, recall = 0, f1 = 0;
  bool counted = false;        // whether the class enters the UF1/UAR means
};

struct Metrics {
  std::int64_t n = 0;          // samples
  std::int64_t correct = 0;
  double accuracy = 0, uf1 = 0, uar = 0;  // NaN when n == 0
  int classes_counted = 0;     // size of the UF1/UAR means
  AbsentClassRule absent = AbsentClassRule::exclude;
  std::vector<ClassMetrics> per_class;  // one per class of the label space, in index order
  ConfusionMatrix confusion;
};

// class_names (optional) label per_class; when empty, names are the indices ("0", "1", ...).
Metrics compute_metrics(const ConfusionMatrix& cm, const MetricOptions& options = {},
                        const std::vector<std::string>& class_names = {});

// Convenience: builds the confusion matrix first. y_true and y_pred must have equal length and
// labels in [0, num_classes).
Metrics compute_metrics(const std::vector<int>& y_true, const std::vector<int>& y_pred, int num_classes,
                        const MetricOptions& options = {}, const std::vector<std::string>& class_names = {});

}  // namespace merlab::metrics
