#include "reports/tables_latex.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/format.h"

namespace merlab::reports {

namespace {

std::string label(const std::string& kind, const std::string& dataset) { return "tab:" + kind + "-" + slug(dataset); }

// Column header block: one \multicolumn{3} per strategy over Acc/UF1/UAR.
std::string grouped_header(const std::vector<std::string>& strategies, const std::string& row_header) {
  std::string top = " ", mid, bottom = latex_escape(row_header);
  int col = 2;
  for (const auto& s : strategies) {
    top += fmt::format(" & \\multicolumn{{3}}{{c}}{{{}}}", latex_escape(s));
    mid += fmt::format("\\cmidrule(lr){{{}-{}}}", col, col + 2);
    col += 3;
    for (Metric m : kMetrics) bottom += std::string(" & ") + metric_label(m);
  }
  return top + " \\\\\n" + mid + "\n" + bottom + " \\\\\n";
}

std::string column_spec(std::size_t groups) {
  std::string spec = "l";
  for (std::size_t i = 0; i < groups; ++i) spec += "ccc";
  return spec;
}

}  // namespace

std::string latex_main_table(const DatasetTable& t) {
  const bool show_n = !t.uniform_n();
  std::string out = "\\begin{table}[t]\n\\centering\n";
  out += fmt::format(
      "\\caption{{{}: accuracy, UF1 and UAR (\\%), mean $\\pm$ standard deviation over seeds{}. Bold: best column per "
      "row and metric.}}\n",
      latex_escape(t.dataset), show_n ? " (n: number of seeds)" : fmt::format(" ({} per cell)", t.max_n()));
  out += fmt::format("\\label{{{}}}\n\\begin{{tabular}}{{{}}}\n\\toprule\n", label("main", t.dataset),
                     column_spec(t.columns.size()));
  out += grouped_header(t.columns, t.row_header) + "\\midrule\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    out += latex_escape(t.rows[mi]);
    for (std::size_t si = 0; si < t.columns.size(); ++si)
      for (Metric m : kMetrics) {
        const auto& c = t.cell(mi, si);
        if (c.n() == 0) {
          out += " & --";
          continue;
        }
        const auto best = t.best_in_row(mi, m);
        const bool bold = std::find(best.begin(), best.end(), si) != best.end();
        std::string v = mean_sd(c.get(m), " \\pm ", false);
        out += bold ? " & $\\mathbf{" + v + "}$" : " & $" + v + "$";
        if (show_n) out += fmt::format(" ({})", c.n());
      }
    out += " \\\\\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
  return out;
}

std::string latex_improvement_table(const DatasetTable& t) {
  std::vector<std::string> others;
  for (std::size_t si = 0; si < t.columns.size(); ++si)
    if (!t.is_baseline(si)) others.push_back(t.columns[si]);
  std::string out = "\\begin{table}[t]\n\\centering\n";
  out += fmt::format("\\caption{{{}: relative improvement (\\%) over {}.}}\n", latex_escape(t.dataset),
                     latex_escape(t.baseline));
  out += fmt::format("\\label{{{}}}\n", label("improvement", t.dataset));
  if (!t.has_baseline() || others.empty()) {
    out += fmt::format("No DONE run of the baseline strategy {} (or no other strategy) for this dataset.\n",
                       latex_escape(t.baseline));
    return out + "\\end{table}\n";
  }
  out += fmt::format("\\begin{{tabular}}{{{}}}\n\\toprule\n", column_spec(others.size()));
  out += grouped_header(others, t.row_header) + "\\midrule\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    out += latex_escape(t.rows[mi]);
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      if (t.is_baseline(si)) continue;
      for (Metric m : kMetrics) {
        const auto v = signed_pct(t.relative_improvement(mi, si, m));
        out += v == "-" ? " & --" : " & $" + v + "$";
      }
    }
    out += " \\\\\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
  return out;
}

std::string latex_stats_table(const DatasetStats& st) {
  auto p = [](double v) {
    const auto t = p_text(v);
    return t == "-" ? std::string("--") : "$" + t + "$";
  };
  std::string out = "\\begin{table}[t]\n\\centering\n";
  out += fmt::format(
      "\\caption{{{}: pooled UF1 and UAR (\\%, seed mean) with 95\\% bootstrap intervals, and two-sided Wilcoxon "
      "signed-rank p-values over subjects against {}.}}\n",
      latex_escape(st.dataset), latex_escape(st.baseline));
  out += fmt::format("\\label{{{}}}\n\\begin{{tabular}}{{llrccrcc}}\n\\toprule\n", label("stats", st.dataset));
  out += latex_escape(st.row_header) + " & " + latex_escape(st.col_header) + " & Runs & UF1 [95\\% CI] & UAR [95\\% CI] & Subjects & $p$ (Acc) & $p$ (UF1) \\\\\n\\midrule\n";
  for (const auto& r : st.rows) {
    out += fmt::format("{} & {} & {} & {} [{}, {}] & {} [{}, {}] & {} & {} & {} \\\\\n", latex_escape(r.row),
                       latex_escape(r.column), r.runs, pct(r.ci.uf1), pct(r.ci.uf1_ci.lo), pct(r.ci.uf1_ci.hi),
                       pct(r.ci.uar), pct(r.ci.uar_ci.lo), pct(r.ci.uar_ci.hi),
                       r.is_baseline ? "--" : std::to_string(r.subjects), p(r.acc_test.p_value), p(r.uf1_test.p_value));
  }
  out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
  return out;
}

}  // namespace merlab::reports
