#include "reports/tables_markdown.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/format.h"

namespace merlab::reports {

namespace {

std::string seeds_note(const DatasetTable& t) {
  if (t.uniform_n()) return fmt::format("{} seed{} per cell", t.max_n(), t.max_n() == 1 ? "" : "s");
  return "seeds differ between cells: n shown per cell";
}

}  // namespace

std::string markdown_main_table(const DatasetTable& t) {
  std::string out = fmt::format("### {}: accuracy, UF1, UAR (%)\n\n", md_escape(t.dataset));
  out += fmt::format("Mean ± sample std over seeds of DONE runs ({}); **bold**: best column of the row for each metric.\n\n",
                     seeds_note(t));
  out += "| " + md_escape(t.row_header) + " |";
  std::string rule = "|---|";
  for (const auto& s : t.columns)
    for (Metric m : kMetrics) {
      out += fmt::format(" {} {} |", md_escape(s), metric_label(m));
      rule += "---:|";
    }
  out += "\n" + rule + "\n";
  const bool show_n = !t.uniform_n();
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    out += "| " + md_escape(t.rows[mi]) + " |";
    for (std::size_t si = 0; si < t.columns.size(); ++si)
      for (Metric m : kMetrics) {
        const auto& c = t.cell(mi, si);
        std::string text = mean_sd(c.get(m), " ± ", show_n && c.n() > 0);
        const auto best = t.best_in_row(mi, m);
        if (c.n() > 0 && std::find(best.begin(), best.end(), si) != best.end()) text = "**" + text + "**";
        out += " " + text + " |";
      }
    out += "\n";
  }
  return out;
}

std::string markdown_improvement_table(const DatasetTable& t) {
  std::string out = fmt::format("### {}: relative improvement over {} (%)\n\n", md_escape(t.dataset), md_escape(t.baseline));
  if (!t.has_baseline())
    return out + fmt::format("No DONE run of the baseline strategy '{}' for this dataset.\n", md_escape(t.baseline));
  out += "100 × (mean − baseline mean) / baseline mean, of the seed means above, against the baseline column of the "
         "same test input and keys.\n\n| " + md_escape(t.row_header) + " |";
  std::string rule = "|---|";
  for (std::size_t si = 0; si < t.columns.size(); ++si) {
    if (t.is_baseline(si)) continue;
    for (Metric m : kMetrics) {
      out += fmt::format(" {} {} |", md_escape(t.columns[si]), metric_label(m));
      rule += "---:|";
    }
  }
  out += "\n" + rule + "\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    out += "| " + md_escape(t.rows[mi]) + " |";
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      if (t.is_baseline(si)) continue;
      for (Metric m : kMetrics) out += " " + signed_pct(t.relative_improvement(mi, si, m)) + " |";
    }
    out += "\n";
  }
  return out;
}

std::string markdown_stats_table(const DatasetStats& st) {
  std::string out = fmt::format("### {}: confidence intervals and paired tests against {}\n\n", md_escape(st.dataset),
                                md_escape(st.baseline));
  out +=
      "UF1/UAR: seed mean of the pooled metric (%) with its 95% percentile-bootstrap interval over clips. "
      "p: two-sided Wilcoxon signed-rank test over subjects (per-subject accuracy or UF1, seed-averaged) "
      "against the baseline column of the same row.\n\n";
  out += "| " + md_escape(st.row_header) + " | " + md_escape(st.col_header) + " | Runs | UF1 | UF1 95% CI | UAR | UAR 95% CI | Subjects | p (Acc) | p (UF1) | Test |\n";
  out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const auto& r : st.rows) {
    out += fmt::format("| {} | {} | {} | {} | [{}, {}] | {} | [{}, {}] | {} | {} | {} | {} |\n", md_escape(r.row),
                       md_escape(r.column) + (r.is_baseline ? " (baseline)" : ""), r.runs, pct(r.ci.uf1),
                       pct(r.ci.uf1_ci.lo), pct(r.ci.uf1_ci.hi), pct(r.ci.uar), pct(r.ci.uar_ci.lo), pct(r.ci.uar_ci.hi),
                       r.is_baseline ? "-" : std::to_string(r.subjects), p_text(r.acc_test.p_value),
                       p_text(r.uf1_test.p_value), test_method_text(r));
  }
  return out;
}

}  // namespace merlab::reports
