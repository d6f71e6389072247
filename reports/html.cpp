#include "reports/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <set>

#include "framework/common/strings.h"
#include "reports/format.h"

namespace merlab::reports {

namespace {

std::string utc(double t) {
  const auto secs = static_cast<std::time_t>(std::floor(t));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string link(const std::string& href, const std::string& text) {
  return "<a href=\"" + html_escape(href) + "\">" + html_escape(text) + "</a>";
}

std::string file_links(const std::string& stem) {
  return "<p class=\"files\">" + link(stem + ".md", "Markdown") + " · " + link(stem + ".tex", "LaTeX") + " · " +
         link(stem + ".csv", "CSV") + "</p>\n";
}

std::string main_table(const DatasetTable& t) {
  const bool show_n = !t.uniform_n();
  std::string h = "<table>\n<tr><th rowspan=\"2\">" + html_escape(t.row_header) + "</th>";
  for (const auto& s : t.columns) h += "<th colspan=\"3\">" + html_escape(s) + "</th>";
  h += "</tr>\n<tr>";
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    for (Metric m : kMetrics) h += std::string("<th>") + metric_label(m) + "</th>";
  h += "</tr>\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    h += "<tr><th>" + html_escape(t.rows[mi]) + "</th>";
    for (std::size_t si = 0; si < t.columns.size(); ++si)
      for (Metric m : kMetrics) {
        const auto& c = t.cell(mi, si);
        const auto best = t.best_in_row(mi, m);
        const bool bold = c.n() > 0 && std::find(best.begin(), best.end(), si) != best.end();
        const auto text = html_escape(mean_sd(c.get(m), " ± ", show_n && c.n() > 0));
        h += bold ? "<td><b>" + text + "</b></td>" : "<td>" + text + "</td>";
      }
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

// Optimizer steps per fold of every cell (mean over its folds and seeds) and the budget rule,
// so a reader sees whether the strategies of a model were trained equally long.
std::string budget_table(const DatasetTable& t) {
  std::string h = "<table>\n<tr><th>" + html_escape(t.row_header) + "</th>";
  for (const auto& s : t.columns) h += "<th>" + html_escape(s) + "</th>";
  h += "</tr>\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    h += "<tr><th>" + html_escape(t.rows[mi]) + "</th>";
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      const auto& c = t.cell(mi, si);
      double sum = 0;
      int n = 0;
      std::set<std::string> budgets;
      for (const auto* r : c.runs) {
        for (auto s : r->fold_steps) sum += static_cast<double>(s), ++n;
        budgets.insert(r->budget());
      }
      std::string text = n == 0 ? "-" : fmt::format("{:.0f}", sum / n);
      if (!budgets.empty()) text += " (" + join(std::vector<std::string>(budgets.begin(), budgets.end()), "/") + ")";
      h += "<td>" + html_escape(text) + "</td>";
    }
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

std::string improvement_table(const DatasetTable& t) {
  if (!t.has_baseline()) return "<p>No DONE run of the baseline strategy " + html_escape(t.baseline) + ".</p>\n";
  std::string h = "<table>\n<tr><th rowspan=\"2\">" + html_escape(t.row_header) + "</th>";
  for (std::size_t si = 0; si < t.columns.size(); ++si)
    if (!t.is_baseline(si)) h += "<th colspan=\"3\">" + html_escape(t.columns[si]) + "</th>";
  h += "</tr>\n<tr>";
  for (std::size_t si = 0; si < t.columns.size(); ++si)
    if (!t.is_baseline(si))
      for (Metric m : kMetrics) h += std::string("<th>") + metric_label(m) + "</th>";
  h += "</tr>\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    h += "<tr><th>" + html_escape(t.rows[mi]) + "</th>";
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      if (t.is_baseline(si)) continue;
      for (Metric m : kMetrics) h += "<td>" + signed_pct(t.relative_improvement(mi, si, m)) + "</td>";
    }
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

std::string stats_table(const DatasetStats& st) {
  std::string h =
      "<table>\n<tr><th>" + html_escape(st.row_header) + "</th><th>" + html_escape(st.col_header) + "</th><th>Runs</th><th>UF1</th><th>UF1 95% CI</th><th>UAR</th>"
      "<th>UAR 95% CI</th><th>Subjects</th><th>p (Acc)</th><th>p (UF1)</th><th>Test</th></tr>\n";
  for (const auto& r : st.rows) {
    h += fmt::format(
        "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>[{}, {}]</td><td>{}</td><td>[{}, {}]</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(r.row), html_escape(r.column) + (r.is_baseline ? " (baseline)" : ""), r.runs, pct(r.ci.uf1),
        pct(r.ci.uf1_ci.lo), pct(r.ci.uf1_ci.hi), pct(r.ci.uar), pct(r.ci.uar_ci.lo), pct(r.ci.uar_ci.hi),
        r.is_baseline ? "-" : std::to_string(r.subjects), html_escape(p_text(r.acc_test.p_value)),
        html_escape(p_text(r.uf1_test.p_value)), test_method_text(r));
  }
  return h + "</table>\n";
}

std::string figure_html(const Figure& f) {
  std::string png, others;
  for (const auto& file : f.files) {
    const auto ext = file.substr(file.rfind('.') + 1);
    if (ext == "png") png = file;
    others += (others.empty() ? "" : " · ") + link(file, ext);
  }
  const std::string shown = png.empty() ? (f.files.empty() ? "" : f.files.front()) : png;
  std::string h = "<figure>\n";
  if (!shown.empty() && shown.substr(shown.rfind('.') + 1) != "pdf")
    h += "<a href=\"" + html_escape(shown) + "\"><img src=\"" + html_escape(shown) + "\" alt=\"" + html_escape(f.title) +
         "\" loading=\"lazy\"></a>\n";
  h += "<figcaption>" + html_escape(f.title) + " (" + others + ")</figcaption>\n</figure>\n";
  return h;
}

std::string distinct(const std::vector<RunData>& runs, const std::function<std::string(const storage::RunRecord&)>& get) {
  std::set<std::string> values;
  for (const auto& r : runs) values.insert(get(r.run));
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + (v.empty() ? std::string("(none)") : v);
  return out;
}

std::string provenance(const ReportData& d) {
  std::string h = "<table>\n";
  auto row = [&](const std::string& k, const std::string& v) {
    h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>\n";
  };
  row("results database", d.db_path.filename().string());
  std::string counts;
  for (const auto& [status, n] : d.status_counts) counts += (counts.empty() ? "" : ", ") + fmt::format("{} {}", n, status);
  row("runs", counts.empty() ? "none" : counts);
  row("git commit", distinct(d.runs, [](const storage::RunRecord& r) {
        return r.git_commit + (r.git_dirty ? " (dirty)" : "");
      }));
  std::map<std::string, std::set<std::string>> versions;
  for (const auto& r : d.runs)
    for (const auto& [lib, v] : r.run.versions) versions[lib].insert(v);
  for (const auto& [lib, vs] : versions) {
    std::string all;
    for (const auto& v : vs) all += (all.empty() ? "" : ", ") + v;
    row("version: " + lib, all);
  }
  row("hosts", distinct(d.runs, [](const storage::RunRecord& r) { return r.host; }));
  double first = 0, last = 0;
  for (const auto& r : d.runs) {
    if (r.run.started && (first == 0 || *r.run.started < first)) first = *r.run.started;
    if (r.run.ended && *r.run.ended > last) last = *r.run.ended;
  }
  if (first > 0) row("first run started", utc(first));
  if (last > 0) row("last run ended", utc(last));
  return h + "</table>\n";
}

const char* kStyle =
    "body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin:0.5em 0}"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}"
    "tr>th:first-child{text-align:left}pre{background:#f6f6f6;padding:0.8em;overflow:auto;max-height:30em}"
    "figure{display:inline-block;margin:0.5em;vertical-align:top}img{max-width:100%}"
    "figcaption{font-size:0.9em;max-width:900px}.files{font-size:0.9em}";

}  // namespace

std::string render_index_html(const HtmlInput& in) {
  const auto& d = *in.data;
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>MERLab report: " + html_escape(d.db_path.parent_path().filename().string()) + "</title>\n";
  h += std::string("<style>") + kStyle + "</style>\n</head>\n<body>\n";
  h += "<h1>MERLab report</h1>\n<p>" + html_escape(in.options_text) + "</p>\n";
  h += "<p>Generated by " + html_escape(in.generator) + ". Every run: " + link(in.runs_csv, "runs.csv") + ".</p>\n";
  h += "<h2>Contents</h2>\n<ul>\n";
  for (const auto& t : *in.tables) h += "<li><a href=\"#" + html_escape(slug(t.dataset)) + "\">" + html_escape(t.dataset) + "</a></li>\n";
  h += "<li><a href=\"#runs\">Confusion matrices per run</a></li>\n<li><a href=\"#config\">Configuration</a></li>\n"
       "<li><a href=\"#provenance\">Provenance</a></li>\n</ul>\n";
  if (d.runs.empty()) h += "<p><b>No DONE run in this database yet.</b></p>\n";
  if (!in.figures_note.empty()) h += "<p><b>" + html_escape(in.figures_note) + "</b></p>\n";

  for (std::size_t i = 0; i < in.tables->size(); ++i) {
    const auto& t = (*in.tables)[i];
    const auto& files = in.table_files[i];
    h += "<h2 id=\"" + html_escape(slug(t.dataset)) + "\">" + html_escape(t.dataset) + "</h2>\n";
    h += "<h3>Accuracy, UF1, UAR (%), mean ± std over seeds</h3>\n" + main_table(t) + file_links(files.main);
    h += "<h3>Training budget: optimizer steps per fold (train.budget)</h3>\n" + budget_table(t);
    h += "<h3>Relative improvement over " + html_escape(t.baseline) + " (%)</h3>\n" + improvement_table(t) +
         file_links(files.improvement);
    h += "<h3>Bootstrap 95% intervals and Wilcoxon signed-rank tests against " + html_escape(t.baseline) + "</h3>\n" +
         stats_table((*in.stats)[i]) + file_links(files.stats);
    if (in.figures) {
      // One heading per group of figure kinds, in this order.
      const std::vector<std::pair<std::string, std::vector<std::string>>> groups = {
          {"Scores per model", {"bars_uf1", "bars_uar"}},
          {"Relative improvement", {"improvement"}},
          {"Per-subject scores", {"subjects"}},
          {"Training curves", {"curves"}}};
      for (const auto& [heading, kinds] : groups) {
        bool any = false;
        for (const auto& kind : kinds)
          for (const auto& f : *in.figures)
            if (f.dataset == t.dataset && f.kind == kind) {
              if (!any) h += "<h3>" + heading + "</h3>\n";
              any = true;
              h += figure_html(f);
            }
      }
    }
  }

  h += "<h2 id=\"runs\">Confusion matrices per run</h2>\n";
  if (in.figures)
    for (const auto& f : *in.figures)
      if (f.kind == "confusion") h += figure_html(f);

  h += "<h2 id=\"config\">Configuration</h2>\n";
  if (d.sweeps.empty()) h += "<p>No sweep record in this database.</p>\n";
  for (const auto& s : d.sweeps) {
    h += "<h3>Sweep " + html_escape(s.name) + "</h3>\n<table>\n";
    h += "<tr><th>created</th><td>" + html_escape(s.created > 0 ? utc(s.created) : "-") + "</td></tr>\n";
    h += "<tr><th>grid points</th><td>" + std::to_string(s.n_points) + "</td></tr>\n";
    h += "<tr><th>command</th><td><code>" + html_escape(s.command) + "</code></td></tr>\n</table>\n";
    h += "<h4>Grid</h4>\n<pre>" + html_escape(s.grid_spec) + "</pre>\n";
    h += "<h4>Base configuration</h4>\n<pre>" + html_escape(s.config_yaml) + "</pre>\n";
  }
  h += "<h2 id=\"provenance\">Provenance</h2>\n" + provenance(d);
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace merlab::reports
