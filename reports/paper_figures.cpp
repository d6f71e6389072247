#include "reports/paper_figures.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "framework/common/strings.h"
#include "reports/figure_style.h"
#include "reports/format.h"
#include "reports/gnuplot.h"

namespace merlab::reports {

namespace {

// Data and scripts stay out of paper/ (which holds only what goes into a paper); gnuplot runs
// in their folder and writes the PDFs into paper/figures/.
const std::string kSourceDir = "figures/paper/";
const std::string kPdfFromSources = "../../paper/figures/";

std::string value(double fraction) { return std::isnan(fraction) ? "?" : fmt::format("{:.4f}", 100.0 * fraction); }

std::string quoted_label(std::string s) {
  std::replace(s.begin(), s.end(), '"', '\'');
  return "\"" + s + "\"";
}

// Plot commands of one metric: data columns per table column are (mean, sd) in metric order.
std::string bars(const std::string& dat, const DatasetTable& t, const std::vector<std::string>& cols, std::size_t mi,
                 std::size_t n_metrics, const std::string& ylabel, const StrategyColours& colours) {
  // Without an x range gnuplot leaves a bar's width of empty space on each side.
  std::string s = fmt::format("set xrange [-0.5:{}-0.5]\n", t.rows.size()) + "set style data histogram\nset style histogram errorbars gap 1 lw 1\nset bars 0.5 front\n"
                  "set style fill solid 0.75 border -1\nset boxwidth 0.9\nset datafile missing '?'\n"
                  "set yrange [0:*]\nset grid ytics\nset key outside top center horizontal samplen 1\n"
                  "set ylabel " + gp_quote(ylabel) + "\nset xtics nomirror scale 0\n";
  std::vector<std::string> parts;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const std::size_t mean_col = 2 + 2 * (c * n_metrics + mi);
    // The same colour per strategy as in every other figure of the report.
    parts.push_back(fmt::format("{} using {}:{}{} lc rgb '{}' {} title {}", c == 0 ? gp_quote(dat) : "''", mean_col,
                                mean_col + 1, c == 0 ? ":xtic(1)" : "", colours.column(t, c), StrategyColours::fill(t, c),
                                gp_quote(cols[c])));
  }
  return s + "plot " + join(parts, ", \\\n     ") + "\n";
}

}  // namespace

PaperFigurePlan write_paper_figures(const std::vector<DatasetTable>& tables, const PaperTableOptions& o,
                                    OutputFiles& out) {
  const std::string paper_dir = "paper";
  PaperFigurePlan plan;
  const StrategyColours colours(tables);
  const auto& metrics = o.metrics;
  for (const auto& t : tables) {
    const auto ds = slug(t.dataset);
    const auto rows = paper_row_labels(t, o.names);
    const auto cols = paper_column_labels(t, o.names, nullptr);
    std::string dat = "# row";
    for (const auto& c : cols)
      for (Metric m : metrics) dat += fmt::format(" | {} {} mean sd", c, metric_key(m));
    dat += "\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      dat += quoted_label(rows[r]);
      for (std::size_t c = 0; c < cols.size(); ++c)
        for (Metric m : metrics) {
          const auto& cell = t.cell(r, c);
          const bool empty = cell.n() == 0;
          dat += " " + value(empty ? std::nan("") : cell.get(m).mean);
          dat += " " + value(empty || std::isnan(cell.get(m).sd) ? (empty ? std::nan("") : 0.0) : cell.get(m).sd);
        }
      dat += "\n";
    }
    const std::string dat_name = "bars_" + ds + ".dat";
    out.write(kSourceDir + dat_name, dat);
    const auto dataset = latex_escape(o.names.dataset(t.dataset));
    std::string script;
    for (std::size_t mi = 0; mi < metrics.size(); ++mi) {
      const auto key = metric_key(metrics[mi]);
      const auto name = o.names.metric(key);
      const auto file = fmt::format("bars_{}_{}.pdf", key, ds);
      script += fmt::format("set terminal pdfcairo noenhanced size 3.5in,2.2in font ',8'\nset output {}\nreset\n",
                            gp_quote(kPdfFromSources + file));
      script += bars(dat_name, t, cols, mi, metrics.size(), name + " (%)", colours) + "unset output\n\n";
      out.record(paper_dir + "/figures/" + file);
      plan.figures.push_back({t.dataset, "figures/" + file, false,
                              fmt::format("{}: {} (\\%) per {}, mean over seeds; error bars: std.", dataset,
                                          latex_escape(name), latex_escape(t.row_header == "Model" ? "model" : t.row_header)),
                              fmt::format("fig:paper-{}-{}", ds, key)});
    }
    const auto wide = fmt::format("bars_{}.pdf", ds);
    script += fmt::format("set terminal pdfcairo noenhanced size 7in,2.4in font ',8'\nset output {}\nreset\n",
                          gp_quote(kPdfFromSources + wide));
    script += fmt::format("set multiplot layout 1,{}\n", metrics.size());
    std::vector<std::string> names;
    for (std::size_t mi = 0; mi < metrics.size(); ++mi) {
      names.push_back(o.names.metric(metric_key(metrics[mi])));
      script += bars(dat_name, t, cols, mi, metrics.size(), names.back() + " (%)", colours);
    }
    script += "unset multiplot\nunset output\n";
    out.record(paper_dir + "/figures/" + wide);
    plan.figures.push_back({t.dataset, "figures/" + wide, true,
                            fmt::format("{}: {} (\\%) per {}, mean over seeds; error bars: std.", dataset,
                                        latex_escape(join(names, ", ")),
                                        latex_escape(t.row_header == "Model" ? "model" : t.row_header)),
                            fmt::format("fig:paper-{}", ds)});
    const auto gp = "bars_" + ds + ".gp";
    out.write(kSourceDir + gp, script);
    plan.scripts.push_back(gp);
  }
  return plan;
}

}  // namespace merlab::reports
