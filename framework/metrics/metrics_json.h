// JSON form of metrics, shared by `mer eval-preds` and anything that writes metrics files.
//
// write_metrics emits an object:
//   {"n", "correct", "accuracy", "uf1", "uar", "classes_counted", "absent_class_rule",
//    "per_class": [{"class", "index", "support", "predicted", "tp", "precision", "recall",
//                   "f1", "counted"}...],
//    "confusion_matrix": [[...], ...]}            (rows = true class, columns = predicted)
// write_grouped emits the pooled object's members plus
//   "per_group": {"<group>": {"n", "accuracy", "uf1", "uar", "classes_counted"}, ...},
//   "group_mean": {"groups", "accuracy", "uf1", "uar"}
// with `group_label` replacing "group" in those two names (e.g. "per_subject", "subject_mean").
#pragma once

#include <string>

#include "framework/metrics/json.h"
#include "framework/metrics/loso.h"

namespace merlab::metrics {

void write_metrics_members(json::Writer& w, const Metrics& m);  // members only (no braces)
void write_metrics(json::Writer& w, const Metrics& m);
void write_grouped(json::Writer& w, const GroupedMetrics& g, const std::string& group_label = "group");
void write_grouped_members(json::Writer& w, const GroupedMetrics& g, const std::string& group_label = "group");

std::string to_json(const GroupedMetrics& g, const std::string& group_label = "group", int indent = 2);

}  // namespace merlab::metrics
