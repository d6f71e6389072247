#include "reports/paper_latex.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "framework/common/strings.h"
#include "reports/format.h"

namespace merlab::reports {

const char* to_string(PaperLayout l) {
  switch (l) {
    case PaperLayout::metric_columns: return "metric_columns";
    case PaperLayout::per_metric: return "per_metric";
    default: return "transposed";
  }
}

double text_width_pt(const std::string& text, bool bold) {
  // cmr10 advance widths (pt); cmbx10 is about 15% wider.
  static const double lower[26] = {5.0, 5.56, 4.44, 5.56, 4.44, 3.06, 5.0, 5.56, 2.78, 3.06, 5.28, 2.78, 8.33,
                                   5.56, 5.0, 5.56, 5.28, 3.92, 3.94, 3.89, 5.56, 5.28, 7.22, 5.28, 5.28, 4.44};
  static const double upper[26] = {7.5, 7.08, 7.22, 7.64, 6.81, 6.53, 7.85, 7.5, 3.61, 5.14, 7.78, 6.25, 9.17,
                                   7.5, 7.78, 6.81, 7.78, 7.36, 5.56, 7.22, 7.5, 7.5, 10.28, 7.5, 7.5, 6.11};
  double w = 0;
  for (unsigned char c : text) {
    if (c >= 'a' && c <= 'z') w += lower[c - 'a'];
    else if (c >= 'A' && c <= 'Z') w += upper[c - 'A'];
    else if (c >= '0' && c <= '9') w += 5.0;
    else if (c == '.' || c == ',' || c == ':' || c == ';' || c == '\'') w += 2.78;
    else if (c == ' ' || c == '-') w += 3.33;
    else if (c == '(' || c == ')' || c == '[' || c == ']') w += 3.89;
    else if (c == '+' || c == '=') w += 7.78;
    else if (c == '/') w += 5.0;
    else if (c == '_') w += 6.0;  // \_ is a rule a little wider than a letter
    else w += 7.5;                // anything else (UTF-8 bytes count each): overestimate
  }
  return bold ? w * 1.15 : w;
}

namespace {

// Measured with pdflatex in article 10pt: `\,$\pm$\,` takes 16.1pt between the numbers (math
// spacing included), a superscript dagger 4.05pt; rounded up.
constexpr double kPlusMinus = 17.5;
constexpr double kMarker = 4.2;
constexpr double kSafety = 1.0;  // the constants above are rounded up already

struct Text {
  std::string latex;
  double width = 0;  // at 10pt
};

Text plain(const std::string& s) { return {latex_escape(s), text_width_pt(s)}; }

// A header stacked on several lines (nested tabular, no package needed) so that a long label
// ("Dual-phase DI + spatial") does not widen its column more than necessary.
Text stacked(const std::string& s, double target, bool stack = true) {
  if (!stack) return {latex_escape(s), text_width_pt(s)};
  const auto words = split(s, ' ');
  std::vector<std::string> lines;
  for (const auto& w : words) {
    if (!lines.empty() && text_width_pt(lines.back() + " " + w) <= target) lines.back() += " " + w;
    else lines.push_back(w);
  }
  Text t;
  for (const auto& l : lines) t.width = std::max(t.width, text_width_pt(l));
  if (lines.size() <= 1) return {latex_escape(s), text_width_pt(s)};
  std::vector<std::string> escaped;
  for (const auto& l : lines) escaped.push_back(latex_escape(l));
  t.latex = "\\begin{tabular}[b]{@{}c@{}}" + join(escaped, "\\\\") + "\\end{tabular}";
  return t;
}

bool is_test_token(const std::string& key) {
  const std::string full = kTestKey;
  return full == key || (full.size() > key.size() && full.compare(full.size() - key.size(), key.size(), key) == 0 &&
                         full[full.size() - key.size() - 1] == '.');
}

std::string display_tokens(const std::string& label, const std::string& strategy, const DisplayNames& names,
                           bool drop_default_test, bool* dropped) {
  std::vector<std::string> out;
  for (const auto& tok : split(label, ' ')) {
    const auto eq = tok.find('=');
    if (eq == std::string::npos) {
      out.push_back(names.strategies.count(tok) ? names.strategy(tok) : names.model(tok));
      continue;
    }
    if (drop_default_test && is_test_token(tok.substr(0, eq)) && !strategy.empty() &&
        tok.substr(eq + 1) == default_test_input(strategy)) {
      if (dropped) *dropped = true;
      continue;
    }
    out.push_back(tok);
  }
  return join(out, " ");
}

bool unique(const std::vector<std::string>& v) { return std::set<std::string>(v.begin(), v.end()).size() == v.size(); }

}  // namespace

std::vector<std::string> paper_column_labels(const DatasetTable& t, const DisplayNames& names, bool* test_dropped) {
  std::vector<std::string> out;
  bool dropped = false;
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    out.push_back(display_tokens(t.columns[c], t.column_strategy[c], names, true, &dropped));
  if (!unique(out)) {  // the test input told two columns apart: keep it everywhere
    dropped = false;
    out.clear();
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      out.push_back(display_tokens(t.columns[c], t.column_strategy[c], names, false, nullptr));
  }
  if (!unique(out)) out = t.columns;  // display names merged two labels: show the labels
  if (test_dropped) *test_dropped = dropped;
  return out;
}

std::vector<std::string> paper_row_labels(const DatasetTable& t, const DisplayNames& names) {
  std::vector<std::string> out;
  for (const auto& r : t.rows) out.push_back(display_tokens(r, "", names, false, nullptr));
  return unique(out) ? out : t.rows;
}

namespace {

// One tabular to print: label (stub) columns, then data columns, optionally grouped under a
// header row of \multicolumn groups.
struct Grid {
  std::vector<std::string> stub_headers;
  std::vector<std::string> groups;     // empty: one header row
  std::size_t per_group = 1;
  std::vector<std::string> headers;    // one per data column
  struct Row {
    std::vector<Text> stubs;
    std::vector<Text> cells;
    bool rule_before = false;
  };
  std::vector<Row> rows;
};

struct Rendered {
  std::string body;  // \begin{tabular} ... \end{tabular}
  double width = 0;
};

// `scale`: font size relative to 10pt (cmr9/cmr8 are relatively wider than a scaled cmr10, so
// the factors are rounded up); `tabcolsep` (pt) does not scale with the font.
// `stack`: headers wider than their column go on several lines (else on one).
Rendered render(const Grid& g, double scale = 1.0, double tabcolsep = 6.0, bool stack = true) {
  const double col_sep = 2 * tabcolsep;  // between two columns; the outer ones are @{}
  const std::size_t ns = g.stub_headers.size(), nd = g.headers.size();
  std::vector<double> cw(ns + nd, 0);
  for (const auto& r : g.rows) {
    for (std::size_t i = 0; i < ns; ++i) cw[i] = std::max(cw[i], r.stubs[i].width);
    for (std::size_t i = 0; i < nd; ++i) cw[ns + i] = std::max(cw[ns + i], r.cells[i].width);
  }
  std::vector<Text> stub_h, data_h;
  for (std::size_t i = 0; i < ns; ++i) {
    stub_h.push_back(stacked(g.stub_headers[i], cw[i], stack));
    cw[i] = std::max(cw[i], stub_h.back().width);
  }
  for (std::size_t i = 0; i < nd; ++i) {
    data_h.push_back(stacked(g.headers[i], std::max(cw[ns + i], 30.0), stack));
    cw[ns + i] = std::max(cw[ns + i], data_h.back().width);
  }
  double width = 0;
  for (double w : cw) width += w * scale;
  width += col_sep * static_cast<double>(cw.size() - 1);
  std::vector<Text> group_h;
  for (std::size_t gi = 0; gi < g.groups.size(); ++gi) {
    double span = col_sep / scale * static_cast<double>(g.per_group - 1);  // in 10pt units
    for (std::size_t k = 0; k < g.per_group; ++k) span += cw[ns + gi * g.per_group + k];
    group_h.push_back(stacked(g.groups[gi], span, stack));
    if (group_h.back().width > span) width += (group_h.back().width - span) * scale;  // LaTeX widens the span
  }
  std::string spec = "@{}" + std::string(ns, 'l') + std::string(nd, 'c') + "@{}";
  std::string out = "\\begin{tabular}{" + spec + "}\n\\toprule\n";
  const int depth = g.groups.empty() ? 1 : 2;
  if (depth == 2) {
    std::string top(ns > 0 ? ns - 1 : 0, '&'), mid;
    for (std::size_t gi = 0; gi < g.groups.size(); ++gi) {
      const std::size_t first = ns + gi * g.per_group + 1;
      top += fmt::format(" & \\multicolumn{{{}}}{{c}}{{{}}}", g.per_group, group_h[gi].latex);
      mid += fmt::format("\\cmidrule(lr){{{}-{}}}", first, first + g.per_group - 1);
    }
    out += top + " \\\\\n" + mid + "\n";
  }
  std::vector<std::string> hdr;
  for (const auto& h : stub_h) hdr.push_back(h.latex);
  for (const auto& h : data_h) hdr.push_back(h.latex);
  out += join(hdr, " & ") + " \\\\\n\\midrule\n";
  for (std::size_t ri = 0; ri < g.rows.size(); ++ri) {
    const auto& r = g.rows[ri];
    if (r.rule_before && ri > 0) out += "\\midrule\n";
    std::vector<std::string> cells;
    for (const auto& s : r.stubs) cells.push_back(s.latex);
    for (const auto& c : r.cells) cells.push_back(c.latex);
    out += join(cells, " & ") + " \\\\\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n";
  return {out, width};
}

constexpr int kPaperDecimals = 1;

std::string fixed(double fraction) { return fmt::format("{:.{}f}", 100.0 * fraction, kPaperDecimals); }

struct Context {
  const DatasetTable* t;
  const PaperTableOptions* o;
  std::vector<std::string> rows, cols;
  std::vector<std::vector<std::vector<bool>>> marks;  // [metric index in o->metrics][row][col]
  bool show_n = false;

  Text cell(std::size_t r, std::size_t c, std::size_t mi) const {
    const Metric m = o->metrics[mi];
    const auto& cell = t->cell(r, c);
    if (cell.n() == 0 || std::isnan(cell.get(m).mean)) return {"--", 6.7};
    const auto best = t->best_in_row(r, m, kPaperDecimals);
    const bool bold = std::find(best.begin(), best.end(), c) != best.end();
    const auto& s = cell.get(m);
    std::string mean = fixed(s.mean), text = mean;
    double w = text_width_pt(mean, bold);
    if (!std::isnan(s.sd)) {
      const auto sd = fixed(s.sd);
      text += "\\,$\\pm$\\," + sd;
      w += kPlusMinus + text_width_pt(sd, bold);
    }
    if (bold) text = "\\textbf{" + text + "}";
    if (marks[mi][r][c]) {
      text += o->significance.marker;
      w += kMarker;
    }
    if (show_n) {
      text += fmt::format("\\,({})", cell.n());
      w += 1.7 + text_width_pt(fmt::format("({})", cell.n()));
    }
    return {text, w};
  }
};

Grid metric_columns_grid(const Context& x, const std::vector<std::size_t>& metrics) {
  Grid g;
  g.stub_headers = {x.t->row_header};
  if (metrics.size() > 1) {
    g.groups = x.cols;
    g.per_group = metrics.size();
  }
  for (std::size_t c = 0; c < x.cols.size(); ++c)
    for (auto mi : metrics) g.headers.push_back(metrics.size() > 1 ? x.o->names.metric(metric_key(x.o->metrics[mi])) : x.cols[c]);
  for (std::size_t r = 0; r < x.rows.size(); ++r) {
    Grid::Row row;
    row.stubs = {plain(x.rows[r])};
    for (std::size_t c = 0; c < x.cols.size(); ++c)
      for (auto mi : metrics) row.cells.push_back(x.cell(r, c, mi));
    g.rows.push_back(std::move(row));
  }
  return g;
}

Grid transposed_grid(const Context& x) {
  Grid g;
  g.stub_headers = {x.t->row_header, x.t->col_header};
  for (Metric m : x.o->metrics) g.headers.push_back(x.o->names.metric(metric_key(m)));
  for (std::size_t r = 0; r < x.rows.size(); ++r)
    for (std::size_t c = 0; c < x.cols.size(); ++c) {
      Grid::Row row;
      row.stubs = {c == 0 ? plain(x.rows[r]) : Text{}, plain(x.cols[c])};
      row.rule_before = c == 0;
      for (std::size_t mi = 0; mi < x.o->metrics.size(); ++mi) row.cells.push_back(x.cell(r, c, mi));
      g.rows.push_back(std::move(row));
    }
  return g;
}

std::string metric_list(const Context& x, const std::vector<std::size_t>& metrics) {
  std::vector<std::string> n;
  for (auto mi : metrics) n.push_back(x.o->names.metric(metric_key(x.o->metrics[mi])));
  if (n.size() == 1) return n[0];
  return join(std::vector<std::string>(n.begin(), n.end() - 1), ", ") + " and " + n.back();
}

std::string caption(const Context& x, const std::vector<std::size_t>& metrics, bool transposed, bool test_dropped) {
  const auto& t = *x.t;
  const auto& o = *x.o;
  int lo = 0, hi = 0;
  for (const auto& row : t.cells)
    for (const auto& c : row)
      if (c.n() > 0) {
        lo = lo == 0 ? c.n() : std::min(lo, c.n());
        hi = std::max(hi, c.n());
      }
  std::string seeds = lo == hi ? fmt::format("{} seed{}", hi, hi == 1 ? "" : "s")
                               : fmt::format("{}--{} seeds (per cell in parentheses)", lo, hi);
  std::string out = fmt::format("{}: {} (\\%), mean\\,$\\pm$\\,std over {}. Bold: best {} per {}{}.",
                                latex_escape(o.names.dataset(t.dataset)), latex_escape(metric_list(x, metrics)), seeds,
                                latex_escape(t.col_header == "Strategy" ? "strategy" : t.col_header),
                                latex_escape(t.row_header == "Model" ? "model" : t.row_header),
                                metrics.size() > 1 ? " and metric" : "");
  if (t.has_baseline()) {
    // alpha as typed (0.05, 0.01): shortest form of the number
    out += fmt::format(" {}: $p<{}$ against {} (paired two-sided Wilcoxon signed-rank test over subjects{}).",
                       o.significance.marker, num(o.significance.alpha), latex_escape(o.names.strategy(t.baseline)),
                       o.significance.holm ? ", Holm-corrected across the strategies of each model" : "");
  }
  if (test_dropped) {
    bool phase_only = std::find(t.column_strategy.begin(), t.column_strategy.end(), "dual_phase_only") !=
                      t.column_strategy.end();
    out += fmt::format(" Test input: each strategy's default (full DI{}) unless the label shows test=.",
                       phase_only ? fmt::format(", phase\\_mean for {}", latex_escape(o.names.strategy("dual_phase_only"))) : "");
  }
  (void)transposed;
  return out;
}

std::string environment(const Context& x, const Rendered& r, const std::string& size, double tabcolsep, bool scaled,
                        const std::string& caption_text, const std::string& label) {
  const std::string env = x.o->two_column ? "table*" : "table";
  std::string out = "\\begin{" + env + "}[tbp]\n\\centering\n";
  if (size != "normalsize") out += "\\" + size + "\n";
  if (tabcolsep != 6.0) out += fmt::format("\\setlength{{\\tabcolsep}}{{{}pt}}\n", tabcolsep);
  out += "\\caption{" + caption_text + "}\n\\label{" + label + "}\n";
  if (scaled) out += "\\resizebox{" + std::string(x.o->two_column ? "\\textwidth" : "\\columnwidth") + "}{!}{%\n" + r.body + "}\n";
  else out += r.body;
  return out + "\\end{" + env + "}\n";
}

}  // namespace

PaperTable paper_table(const DatasetTable& t, const DatasetStats& stats, const PaperTableOptions& o) {
  Context x{&t, &o, paper_row_labels(t, o.names), {}, {}, !t.uniform_n()};
  bool test_dropped = false;
  x.cols = paper_column_labels(t, o.names, &test_dropped);
  for (Metric m : o.metrics) x.marks.push_back(significance_marks(t, stats, m, o.significance));
  const double budget = o.two_column ? o.text_width_pt : o.column_width_pt;
  const std::string base_label = "tab:paper-" + slug(t.dataset);
  std::vector<std::size_t> all(o.metrics.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;

  struct Candidate {
    PaperLayout layout;
    std::vector<Grid> grids;
    std::vector<std::vector<std::size_t>> metrics;  // per grid
  };
  std::vector<Candidate> candidates;
  candidates.push_back({PaperLayout::metric_columns, {metric_columns_grid(x, all)}, {all}});
  if (all.size() > 1) {
    Candidate per{PaperLayout::per_metric, {}, {}};
    for (auto mi : all) {
      per.grids.push_back(metric_columns_grid(x, {mi}));
      per.metrics.push_back({mi});
    }
    candidates.push_back(per);
  }
  candidates.push_back({PaperLayout::transposed, {transposed_grid(x)}, {all}});

  // Font size, its width factor and \tabcolsep, from the most to the least comfortable. Every
  // layout is tried at the larger sizes before any layout at \footnotesize.
  struct Size {
    std::string name;
    double scale, tabcolsep;
    bool stack;  // headers on several lines: only once one-line headers do not fit
  };
  const std::vector<Size> comfortable = {{"normalsize", 1.0, 6, false}, {"normalsize", 1.0, 6, true},
                                         {"small", 0.93, 6, true}, {"small", 0.93, 4, true}};
  const Size tight = {"footnotesize", 0.86, 3, true};
  auto emit = [&](const Candidate& c, const Size& size, bool scaled) {
    PaperTable p;
    p.layout = c.layout;
    p.font_size = size.name;
    p.scaled = scaled;
    for (std::size_t i = 0; i < c.grids.size(); ++i) {
      const auto r = render(c.grids[i], size.scale, size.tabcolsep, size.stack);
      p.width_pt = std::max(p.width_pt, r.width);
      const auto label =
          c.grids.size() > 1 ? base_label + "-" + metric_key(o.metrics[c.metrics[i][0]]) : base_label;
      p.latex += environment(x, r, size.name, size.tabcolsep, scaled,
                             caption(x, c.metrics[i], c.layout == PaperLayout::transposed, test_dropped), label);
    }
    return p;
  };
  auto fits = [&](const Candidate& c, const Size& size) {
    for (const auto& g : c.grids) {
      if (render(g, size.scale, size.tabcolsep, size.stack).width * kSafety > budget) return false;
    }
    return true;
  };
  for (const auto& c : candidates)
    for (const auto& size : comfortable)
      if (fits(c, size)) return emit(c, size, false);
  for (const auto& c : candidates)
    if (fits(c, tight)) return emit(c, tight, false);
  return emit(candidates.back(), tight, true);
}

}  // namespace merlab::reports
