#include "framework/metrics/classification.h"

#include <cmath>
#include <limits>

#include "framework/common/error.h"

namespace merlab::metrics {

AbsentClassRule parse_absent_class_rule(const std::string& text) {
  if (text == "exclude") return AbsentClassRule::exclude;
  if (text == "include_as_zero" || text == "include") return AbsentClassRule::include_as_zero;
  throw ConfigError("absent-class rule '" + text + "': expected 'exclude' or 'include_as_zero'");
}

const char* to_string(AbsentClassRule rule) {
  return rule == AbsentClassRule::exclude ? "exclude" : "include_as_zero";
}

ConfusionMatrix::ConfusionMatrix(int num_classes)
    : n_(num_classes), counts_(static_cast<std::size_t>(num_classes < 0 ? 0 : num_classes * num_classes), 0) {
  if (num_classes < 0) throw RuntimeError("confusion matrix: negative number of classes");
}

void ConfusionMatrix::add(int y_true, int y_pred, std::int64_t count) {
  if (y_true < 0 || y_true >= n_ || y_pred < 0 || y_pred >= n_) {
    throw RuntimeError("label out of range: y_true=" + std::to_string(y_true) + " y_pred=" + std::to_string(y_pred) +
                       ", expected 0.." + std::to_string(n_ - 1));
  }
  counts_[static_cast<std::size_t>(y_true * n_ + y_pred)] += count;
}

void ConfusionMatrix::merge(const ConfusionMatrix& other) {
  if (other.n_ != n_) {
    throw RuntimeError("cannot merge confusion matrices of " + std::to_string(n_) + " and " +
                       std::to_string(other.n_) + " classes");
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

std::int64_t ConfusionMatrix::total() const {
  std::int64_t t = 0;
  for (auto c : counts_) t += c;
  return t;
}

std::int64_t ConfusionMatrix::support(int c) const {
  std::int64_t s = 0;
  for (int p = 0; p < n_; ++p) s += at(c, p);
  return s;
}

std::int64_t ConfusionMatrix::predicted(int c) const {
  std::int64_t s = 0;
  for (int t = 0; t < n_; ++t) s += at(t, c);
  return s;
}

std::vector<std::vector<std::int64_t>> ConfusionMatrix::rows() const {
  std::vector<std::vector<std::int64_t>> r(static_cast<std::size_t>(n_), std::vector<std::int64_t>(static_cast<std::size_t>(n_)));
  for (int t = 0; t < n_; ++t)
    for (int p = 0; p < n_; ++p) r[static_cast<std::size_t>(t)][static_cast<std::size_t>(p)] = at(t, p);
  return r;
}

namespace {
double ratio(std::int64_t num, std::int64_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}
}  // namespace

Metrics compute_metrics(const ConfusionMatrix& cm, const MetricOptions& options,
                        const std::vector<std::string>& class_names) {
  const int k = cm.num_classes();
  if (!class_names.empty() && static_cast<int>(class_names.size()) != k) {
    throw RuntimeError("metrics: " + std::to_string(class_names.size()) + " class names for " + std::to_string(k) +
                       " classes");
  }
  Metrics m;
  m.absent = options.absent;
  m.confusion = cm;
  m.n = cm.total();
  double f1_sum = 0, recall_sum = 0;
  for (int c = 0; c < k; ++c) {
    ClassMetrics cls;
    cls.name = class_names.empty() ? std::to_string(c) : class_names[static_cast<std::size_t>(c)];
    cls.tp = cm.at(c, c);
    cls.support = cm.support(c);
    cls.predicted = cm.predicted(c);
    const std::int64_t fp = cls.predicted - cls.tp;
    const std::int64_t fn = cls.support - cls.tp;
    cls.precision = ratio(cls.tp, cls.predicted);  // never predicted: 0 by convention
    cls.recall = ratio(cls.tp, cls.support);        // absent: 0, excluded from the mean by default
    cls.f1 = ratio(2 * cls.tp, 2 * cls.tp + fp + fn);
    cls.counted = cls.support > 0 || options.absent == AbsentClassRule::include_as_zero;
    if (cls.counted) {
      f1_sum += cls.f1;
      recall_sum += cls.recall;
      ++m.classes_counted;
    }
    m.correct += cls.tp;
    m.per_class.push_back(std::move(cls));
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Empty input has no defined score; NaN (null in JSON) is honest, 0 would look like a result.
  m.accuracy = m.n == 0 ? nan : ratio(m.correct, m.n);
  m.uf1 = (m.n == 0 || m.classes_counted == 0) ? nan : f1_sum / m.classes_counted;
  m.uar = (m.n == 0 || m.classes_counted == 0) ? nan : recall_sum / m.classes_counted;
  return m;
}

Metrics compute_metrics(const std::vector<int>& y_true, const std::vector<int>& y_pred, int num_classes,
                        const MetricOptions& options, const std::vector<std::string>& class_names) {
  if (y_true.size() != y_pred.size()) {
    throw RuntimeError("metrics: " + std::to_string(y_true.size()) + " true labels but " +
                       std::to_string(y_pred.size()) + " predictions");
  }
  ConfusionMatrix cm(num_classes);
  for (std::size_t i = 0; i < y_true.size(); ++i) cm.add(y_true[i], y_pred[i]);
  return compute_metrics(cm, options, class_names);
}

}  // namespace merlab::metrics
