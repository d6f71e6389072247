#include "reports/html_sections.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "reports/conditions.h"
#include "reports/format.h"
#include "reports/headline.h"
#include "reports/paper_latex.h"

namespace merlab::reports {

namespace {

std::string esc(const std::string& s) { return html_escape(s); }

// Percent with the report's two decimals, "-" for NaN.
std::string pc(double fraction) { return pct(fraction); }

std::string pp(const std::optional<double>& diff) {
  if (!diff || std::isnan(*diff)) return "-";
  return fmt::format("{:+.2f}", *diff);
}

std::string ci_text(const Interval& ci) {
  if (std::isnan(ci.lo) || std::isnan(ci.hi)) return "-";
  return "[" + pc(ci.lo) + ", " + pc(ci.hi) + "]";
}

// A cell with its sort value; NaN sorts as empty.
std::string num_td(const std::string& text, double sort_value) {
  if (std::isnan(sort_value)) return "<td data-v=\"\">" + esc(text) + "</td>";
  return fmt::format("<td data-v=\"{}\">{}</td>", num(sort_value), esc(text));
}

std::string p_td(const WilcoxonResult& w) {
  if (w.method == WilcoxonMethod::none || std::isnan(w.p_value)) return "<td data-v=\"\">-</td>";
  // The normal approximation (ties or zero differences) is marked, the exact test is not.
  const std::string mark = w.method == WilcoxonMethod::normal ? " ≈" : "";
  return fmt::format("<td data-v=\"{}\" title=\"{} test, {} pairs\">{}{}</td>", num(w.p_value), to_string(w.method), w.pairs,
                     esc(p_text(w.p_value)), mark);
}

const StatRow* find_stat(const DatasetStats& st, const DatasetTable& t, std::size_t row, std::size_t column) {
  for (const auto& r : st.rows)
    if (r.row == t.rows[row] && r.column == t.columns[column]) return &r;
  return nullptr;
}

std::string mean_sd_text(const Summary& s) {
  if (s.n == 0 || std::isnan(s.mean)) return "-";
  if (s.n < 2 || std::isnan(s.sd)) return pc(s.mean);
  return pc(s.mean) + " ± " + pc(s.sd);
}

std::string significance(double p) {
  if (std::isnan(p)) return "no paired test";
  return fmt::format("p = {}{}", p_text(p), p < 0.05 ? ", significant at 0.05" : "");
}

std::string metric_sentence(const char* metric, const MetricComparison& m) {
  return fmt::format("{} {} pp ({})", metric, pp(m.diff_pp), significance(m.p));
}

}  // namespace

DisplayLabels display_labels(const DatasetTable& t, const DisplayNames& names) {
  return {paper_row_labels(t, names), paper_column_labels(t, names, nullptr)};
}

std::string headline_html(const DatasetTable& t, const DatasetStats& st, const DisplayLabels& labels,
                          const DisplayNames& names) {
  const auto h = build_headline(t, st);
  std::string out = "<div class=\"headline\">\n<p><b>What this dataset shows</b> (pooled UF1 and UAR, mean over seeds; "
                    "differences in percentage points against " + esc(names.strategy(t.baseline)) +
                    "; p: paired Wilcoxon signed-rank test over subjects):</p>\n<ul>\n";
  if (h.rows.empty()) out += "<li>No DONE run.</li>\n";
  for (const auto& r : h.rows) {
    const auto& model = labels.rows[r.row];
    std::string li = "<li><b>" + esc(model) + "</b>: ";
    if (!r.best_is_baseline && r.compared) {
      li += fmt::format("<b>{}</b> is best with UF1 {}% (95% CI {}), {} than {} ({} pp, {}); UAR {}% (95% CI {}), {}.",
                        esc(labels.columns[r.best]), pc(r.best_uf1), ci_text(r.best_uf1_ci),
                        r.uf1.diff_pp && *r.uf1.diff_pp > 0 ? "higher" : "no higher", esc(labels.columns[*r.compared]),
                        pp(r.uf1.diff_pp), significance(r.uf1.p), pc(r.best_uar), ci_text(r.best_uar_ci),
                        metric_sentence("difference", r.uar));
    } else if (r.best_is_baseline && r.compared) {
      li += fmt::format("the baseline <b>{}</b> is best with UF1 {}% (95% CI {}); the best alternative, {}, differs by {}; {}.",
                        esc(labels.columns[r.best]), pc(r.best_uf1), ci_text(r.best_uf1_ci), esc(labels.columns[*r.compared]),
                        metric_sentence("UF1", r.uf1), metric_sentence("UAR", r.uar));
    } else {
      li += fmt::format("<b>{}</b>: UF1 {}% (95% CI {}), UAR {}% (95% CI {}); no baseline cell to compare with.",
                        esc(labels.columns[r.best]), pc(r.best_uf1), ci_text(r.best_uf1_ci), pc(r.best_uar), ci_text(r.best_uar_ci));
    }
    if (r.is_floor) {
      li += " <i>This is the linear floor.</i>";
    } else if (r.floor_uf1) {
      const double diff = 100 * (r.best_uf1 - *r.floor_uf1);
      const bool above_ci = !std::isnan(r.best_uf1_ci.lo) && r.best_uf1_ci.lo > *r.floor_uf1;
      li += fmt::format(" {} the linear floor ({} best UF1 {}%) by {:+.2f} pp{}.", diff > 0 ? "Beats" : "Does <b>not</b> beat",
                        esc(names.model(kLinearFloorModel)), pc(*r.floor_uf1), diff,
                        diff > 0 ? (above_ci ? ", its CI above the floor" : ", within its CI") : "");
    }
    out += li + "</li>\n";
  }
  out += "</ul>\n";
  if (!h.has_floor)
    out += "<p class=\"note\">No " + std::string(kLinearFloorModel) +
           " run in this dataset: the linear floor is not measured (add model=linear_probe to the sweep).</p>\n";
  return out + "</div>\n";
}

std::string results_table_html(const DatasetTable& t, const DatasetStats& st, const DisplayLabels& labels) {
  std::string h =
      "<table class=\"sortable results\">\n<thead><tr><th>" + esc(t.row_header) + "</th><th>" + esc(t.col_header) +
      "</th><th>Seeds</th><th>Acc (%)</th><th>UF1 (%)</th><th>UF1 95% CI</th><th>ΔUF1 (pp)</th><th>p (UF1)</th>"
      "<th>UAR (%)</th><th>UAR 95% CI</th><th>ΔUAR (pp)</th><th>p (UAR)</th><th>Steps/fold</th></tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const auto& cell = t.cell(r, c);
      if (cell.n() == 0) continue;
      const auto* s = find_stat(st, t, r, c);
      std::optional<double> duf1, duar;
      const auto b = t.baseline_column[c];
      if (b && *b != c && t.cell(r, *b).n() > 0) {
        duf1 = 100 * (cell.get(Metric::uf1).mean - t.cell(r, *b).get(Metric::uf1).mean);
        duar = 100 * (cell.get(Metric::uar).mean - t.cell(r, *b).get(Metric::uar).mean);
      }
      double steps = 0;
      int folds = 0;
      for (const auto* run : cell.runs)
        for (auto n : run->fold_steps) steps += static_cast<double>(n), ++folds;
      const double steps_mean = folds ? steps / folds : NAN;
      // The config labels (what --rows/--cols and the CSV files use) as tooltips.
      h += "<tr><td class=\"l\" title=\"" + esc(t.rows[r]) + "\">" + esc(labels.rows[r]) + "</td><td class=\"l\" title=\"" +
           esc(t.columns[c]) + "\">" + esc(labels.columns[c]) + (t.is_baseline(c) ? " (baseline)" : "") + "</td>";
      h += num_td(std::to_string(cell.n()), cell.n());
      for (Metric m : {Metric::acc, Metric::uf1}) h += num_td(mean_sd_text(cell.get(m)), cell.get(m).mean);
      h += s ? num_td(ci_text(s->ci.uf1_ci), s->ci.uf1_ci.lo) : "<td data-v=\"\">-</td>";
      h += num_td(pp(duf1), duf1 ? *duf1 : NAN);
      h += s ? p_td(s->uf1_test) : "<td data-v=\"\">-</td>";
      h += num_td(mean_sd_text(cell.get(Metric::uar)), cell.get(Metric::uar).mean);
      h += s ? num_td(ci_text(s->ci.uar_ci), s->ci.uar_ci.lo) : "<td data-v=\"\">-</td>";
      h += num_td(pp(duar), duar ? *duar : NAN);
      h += s ? p_td(s->uar_test) : "<td data-v=\"\">-</td>";
      h += num_td(std::isnan(steps_mean) ? "-" : fmt::format("{:.0f}", steps_mean), steps_mean);
      h += "</tr>\n";
    }
  return h + "</tbody>\n</table>\n";
}

std::string per_class_table_html(const DatasetTable& t, const DisplayLabels& labels) {
  std::vector<std::string> classes;
  for (const auto& row : t.cells)
    for (const auto& c : row)
      if (c.n() > 0 && classes.empty()) classes = c.runs.front()->run.classes;
  std::string h = "<table class=\"sortable per-class\">\n<thead><tr><th>" + esc(t.row_header) + "</th><th>" +
                  esc(t.col_header) + "</th>";
  for (const auto& k : classes) h += "<th>F1 " + esc(k) + "</th>";
  for (const auto& k : classes) h += "<th>Recall " + esc(k) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const auto& cell = t.cell(r, c);
      if (cell.n() == 0) continue;
      std::vector<double> f1(classes.size(), 0), recall(classes.size(), 0);
      std::vector<int> n(classes.size(), 0);
      for (const auto* run : cell.runs)
        for (std::size_t k = 0; k < classes.size() && k < run->pooled.per_class.size(); ++k) {
          const auto& pc_k = run->pooled.per_class[k];
          if (pc_k.support == 0) continue;  // absent from this run's ground truth: undefined
          f1[k] += pc_k.f1;
          recall[k] += pc_k.recall;
          ++n[k];
        }
      h += "<tr><td class=\"l\">" + esc(labels.rows[r]) + "</td><td class=\"l\">" + esc(labels.columns[c]) + "</td>";
      for (std::size_t k = 0; k < classes.size(); ++k) h += n[k] ? num_td(pc(f1[k] / n[k]), f1[k] / n[k]) : num_td("-", NAN);
      for (std::size_t k = 0; k < classes.size(); ++k)
        h += n[k] ? num_td(pc(recall[k] / n[k]), recall[k] / n[k]) : num_td("-", NAN);
      h += "</tr>\n";
    }
  return h + "</tbody>\n</table>\n";
}

std::string parts_table_html(const PartsTable& t) {
  std::string h = "<table class=\"sortable per-part\">\n<thead><tr><th>" + esc(t.row_header) + "</th><th>" +
                  esc(t.col_header) + "</th>";
  for (const auto& p : t.parts) h += "<th>" + esc(p) + " UF1</th><th>" + esc(p) + " UAR</th>";
  h += "<th>all UF1</th><th>all UAR</th></tr></thead>\n<tbody>\n";
  for (const auto& r : t.rows) {
    h += "<tr><td class=\"l\">" + esc(r.row) + "</td><td class=\"l\">" + esc(r.column) + "</td>";
    for (std::size_t i = 0; i < r.uf1.size(); ++i)
      for (const auto* s : {&r.uf1[i], &r.uar[i]}) h += num_td(mean_sd(*s, " ± ", false), s->mean);
    h += "</tr>\n";
  }
  return h + "</tbody>\n</table>\n<p class=\"note\">Each part's clips scored alone (one confusion matrix per part "
             "and run); under protocol lodo a part's clips are its held-out fold.</p>\n";
}

std::string config_differences_html(const ReportData& data, const DisplayNames& names) {
  std::set<std::string> keys;
  for (const auto& r : data.runs)
    for (const auto& [k, v] : r.run.params)
      if (!ignored_config_key(k)) keys.insert(k);
  std::vector<std::string> varying;
  std::map<std::string, std::string> shared;
  for (const auto& k : keys) {
    std::set<std::string> values;
    for (const auto& r : data.runs) {
      auto it = r.run.params.find(k);
      values.insert(it == r.run.params.end() ? "(unset)" : it->second);
    }
    if (values.size() > 1) varying.push_back(k);
    else shared[k] = *values.begin();
  }
  std::string h = "<p>" + std::to_string(varying.size()) + " config key" + (varying.size() == 1 ? "" : "s") +
                  " differ between the " + std::to_string(data.runs.size()) +
                  " DONE runs (the seed is a column; paths, output, runtime and launcher settings never change results "
                  "and are left out).</p>\n<div style=\"overflow:auto\">\n<table class=\"sortable config-diff\">\n<thead><tr>"
                  "<th>Model</th><th>Strategy</th><th>Seed</th><th>Run</th>";
  for (const auto& k : varying) h += "<th>" + esc(k) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (const auto& r : data.runs) {
    h += "<tr><td class=\"l\">" + esc(names.model(r.run.model)) + "</td><td class=\"l\">" + esc(names.strategy(r.run.strategy)) +
         "</td>" + num_td(std::to_string(r.run.seed), static_cast<double>(r.run.seed)) + "<td class=\"l\"><code>" +
         esc(r.run.run_id) + "</code></td>";
    for (const auto& k : varying) {
      auto it = r.run.params.find(k);
      h += "<td class=\"l\">" + esc(it == r.run.params.end() ? "(unset)" : it->second) + "</td>";
    }
    h += "</tr>\n";
  }
  h += "</tbody>\n</table>\n</div>\n";
  h += "<details><summary>Settings every run shares (" + std::to_string(shared.size()) + (shared.size() == 1 ? " key" : " keys") +
       ")</summary>\n<table>\n";
  for (const auto& [k, v] : shared) h += "<tr><th>" + esc(k) + "</th><td class=\"l\">" + esc(v) + "</td></tr>\n";
  return h + "</table>\n</details>\n";
}

}  // namespace merlab::reports
