// Leave-one-subject-out evaluation: pooled metrics (the MEGC number) plus the same metrics per
// group (per fold or per subject) and the plain mean of the per-group scores, reported side by
// side so that nobody mistakes one for the other.
//
//   std::vector<metrics::LabeledPrediction> preds = ...;   // all folds
//   auto r = metrics::evaluate_grouped(preds, 3, {}, {"negative", "positive", "surprise"});
//   r.pooled.uf1;          // MEGC UF1 over all held-out predictions
//   r.group_mean.uf1;      // mean of per-fold UF1 (differs; never report it as UF1)
#pragma once

#include <map>
#include <string>
#include <vector>

#include "framework/metrics/classification.h"

namespace merlab::metrics {

struct LabeledPrediction {
  std::string group;  // fold index as text, or subject id
  int y_true = 0;
  int y_pred = 0;
};

struct GroupSummaryMean {
  double accuracy = 0, uf1 = 0, uar = 0;  // unweighted mean over groups (NaN when no group)
  std::size_t groups = 0;
};

struct GroupedMetrics {
  Metrics pooled;                          // one confusion matrix over every prediction
  std::map<std::string, Metrics> groups;   // the same metrics inside each group (sorted by name)
  GroupSummaryMean group_mean;             // mean of the per-group scores
};

// Groups use the same AbsentClassRule: inside one LOSO fold most classes are usually absent,
// which is exactly why per-fold UF1 is a poor summary.
GroupedMetrics evaluate_grouped(const std::vector<LabeledPrediction>& predictions, int num_classes,
                                const MetricOptions& options = {},
                                const std::vector<std::string>& class_names = {});

}  // namespace merlab::metrics
