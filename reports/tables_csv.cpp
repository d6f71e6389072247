#include "reports/tables_csv.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/format.h"
#include "reports/swept_parameters.h"

namespace merlab::reports {

namespace {
std::string opt(const std::optional<double>& v) { return v ? num(*v) : ""; }
}  // namespace

std::string csv_main_table(const DatasetTable& t) {
  std::string out = "dataset,row,column,model,strategy";
  for (const auto& k : t.condition_keys) out += "," + csv_field(k);
  out += ",n,acc_mean,acc_sd,uf1_mean,uf1_sd,uar_mean,uar_sd\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi)
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      const auto& c = t.cell(mi, si);
      if (c.n() == 0) continue;
      out += fmt::format("{},{},{},{},{}", csv_field(t.dataset), csv_field(t.rows[mi]), csv_field(t.columns[si]),
                         csv_field(c.model), csv_field(c.strategy));
      // Every run of a cell has the same value of each axis key.
      for (const auto& k : t.condition_keys) out += "," + csv_field(condition_value(c.runs.front()->run, k));
      out += "," + std::to_string(c.n());
      for (Metric m : kMetrics) out += "," + num(c.get(m).mean) + "," + num(c.get(m).sd);
      out += "\n";
    }
  return out;
}

std::string csv_improvement_table(const DatasetTable& t) {
  std::string out = "dataset,row,column,model,strategy,baseline,baseline_column,acc_rel_pct,uf1_rel_pct,uar_rel_pct\n";
  if (!t.has_baseline()) return out;
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi)
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      const auto& c = t.cell(mi, si);
      if (t.is_baseline(si) || c.n() == 0) continue;
      const auto b = t.baseline_column[si];
      out += fmt::format("{},{},{},{},{},{},{}", csv_field(t.dataset), csv_field(t.rows[mi]), csv_field(t.columns[si]),
                         csv_field(c.model), csv_field(c.strategy), csv_field(t.baseline),
                         csv_field(b ? t.columns[*b] : ""));
      for (Metric m : kMetrics) out += "," + opt(t.relative_improvement(mi, si, m));
      out += "\n";
    }
  return out;
}

std::string csv_stats_table(const DatasetStats& st) {
  std::string out =
      "dataset,row,column,model,strategy,baseline_column,is_baseline,runs,uf1,uf1_lo,uf1_hi,uar,uar_lo,uar_hi,"
      "paired_resampling,resamples,subjects,acc_statistic,acc_p,acc_method,uf1_statistic,uf1_p,uf1_method\n";
  for (const auto& r : st.rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(st.dataset),
                       csv_field(r.row), csv_field(r.column), csv_field(r.model), csv_field(r.strategy),
                       csv_field(r.baseline_column), r.is_baseline ? 1 : 0, r.runs, num(r.ci.uf1),
                       num(r.ci.uf1_ci.lo), num(r.ci.uf1_ci.hi), num(r.ci.uar), num(r.ci.uar_ci.lo), num(r.ci.uar_ci.hi),
                       r.ci.paired ? 1 : 0, r.ci.resamples, r.subjects, num(r.acc_test.statistic),
                       num(r.acc_test.p_value), to_string(r.acc_test.method), num(r.uf1_test.statistic),
                       num(r.uf1_test.p_value), to_string(r.uf1_test.method));
  }
  return out;
}

std::string csv_runs(const ReportData& data, const Conditions& conditions) {
  const auto swept = swept_keys(run_records(data));
  std::string out = "run_id,sweep,dataset,model,strategy,row,column,seed,acc,uf1,uar,n_predictions,n_folds,budget,steps_per_fold";
  // One column per swept parameter, named by its override key with a "param:" prefix so that
  // it never collides with the fixed columns ("param:model", "param:seed").
  for (const auto& k : swept) out += "," + csv_field("param:" + k);
  out += "\n";
  for (const auto& rd : data.runs) {
    const auto& r = rd.run;
    const double steps = rd.mean_steps();
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", csv_field(r.run_id), csv_field(r.sweep),
                       csv_field(r.dataset), csv_field(r.model), csv_field(r.strategy),
                       csv_field(conditions.row_label(conditions.row_values(r))),
                       csv_field(conditions.col_label(conditions.col_values(r))), r.seed, opt(r.acc), opt(r.uf1),
                       opt(r.uar), rd.predictions.size(), r.n_folds, csv_field(rd.budget()),
                       std::isnan(steps) ? std::string() : fmt::format("{:.1f}", steps));
    const auto values = override_values(r);
    for (const auto& k : swept) {
      auto it = values.find(k);
      out += "," + csv_field(it == values.end() ? "" : it->second);
    }
    out += "\n";
  }
  return out;
}

}  // namespace merlab::reports
