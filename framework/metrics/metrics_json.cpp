#include "framework/metrics/metrics_json.h"

namespace merlab::metrics {

void write_metrics_members(json::Writer& w, const Metrics& m) {
  w.key("n").value(m.n);
  w.key("correct").value(m.correct);
  w.key("accuracy").value(m.accuracy);
  w.key("uf1").value(m.uf1);
  w.key("uar").value(m.uar);
  w.key("classes_counted").value(m.classes_counted);
  w.key("absent_class_rule").value(to_string(m.absent));
  w.key("per_class").begin_array();
  for (std::size_t c = 0; c < m.per_class.size(); ++c) {
    const auto& k = m.per_class[c];
    w.begin_object();
    w.key("class").value(k.name);
    w.key("index").value(static_cast<std::int64_t>(c));
    w.key("support").value(k.support);
    w.key("predicted").value(k.predicted);
    w.key("tp").value(k.tp);
    w.key("precision").value(k.precision);
    w.key("recall").value(k.recall);
    w.key("f1").value(k.f1);
    w.key("counted").value(k.counted);
    w.end_object();
  }
  w.end_array();
  w.key("confusion_matrix").begin_array();
  // One compact row per line: a matrix stays readable in pretty output.
  for (const auto& row : m.confusion.rows()) w.raw(json::int_array(row));
  w.end_array();
}

void write_metrics(json::Writer& w, const Metrics& m) {
  w.begin_object();
  write_metrics_members(w, m);
  w.end_object();
}

void write_grouped(json::Writer& w, const GroupedMetrics& g, const std::string& group_label) {
  w.begin_object();
  write_grouped_members(w, g, group_label);
  w.end_object();
}

void write_grouped_members(json::Writer& w, const GroupedMetrics& g, const std::string& group_label) {
  write_metrics_members(w, g.pooled);
  w.key("per_" + group_label).begin_object();
  for (const auto& [name, m] : g.groups) {
    w.key(name).begin_object();
    w.key("n").value(m.n);
    w.key("accuracy").value(m.accuracy);
    w.key("uf1").value(m.uf1);
    w.key("uar").value(m.uar);
    w.key("classes_counted").value(m.classes_counted);
    w.end_object();
  }
  w.end_object();
  w.key(group_label + "_mean").begin_object();
  w.key(group_label + "s").value(static_cast<std::int64_t>(g.group_mean.groups));
  w.key("accuracy").value(g.group_mean.accuracy);
  w.key("uf1").value(g.group_mean.uf1);
  w.key("uar").value(g.group_mean.uar);
  w.end_object();
}

std::string to_json(const GroupedMetrics& g, const std::string& group_label, int indent) {
  json::Writer w(indent);
  write_grouped(w, g, group_label);
  return w.str() + "\n";
}

}  // namespace merlab::metrics
