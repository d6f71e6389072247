#include "reports/figures.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "reports/figure_style.h"
#include "reports/format.h"
#include "reports/gnuplot.h"
#include "reports/parts_table.h"
#include "reports/stats_table.h"

namespace merlab::reports {

namespace {

// Figures per generated script: several scripts let gnuplot processes run in parallel, and a
// fixed size keeps the script files identical whatever the machine.
constexpr std::size_t kFiguresPerScript = 40;
const char* kMissing = "?";

struct Block {
  Figure figure;
  int width = 640, height = 400;  // pixels (png/svg); pdf uses width/100 x height/100 inches
  std::string body;               // gnuplot commands after terminal and output are set
};

std::string terminal(const std::string& format, int w, int h) {
  // PNG at kPngScale times the SVG's pixels with fonts and lines scaled alike: the same
  // drawing, sharp at 200 pixels per inch of its nominal size.
  if (format == "png")
    return fmt::format("set terminal pngcairo noenhanced size {},{} font 'sans,10' fontscale {} linewidth {}", w * kPngScale,
                       h * kPngScale, kPngScale, kPngScale);
  if (format == "svg") return fmt::format("set terminal svg noenhanced size {},{} font 'sans,10' background '#ffffff'", w, h);
  return fmt::format("set terminal pdfcairo noenhanced size {:.2f}in,{:.2f}in font 'sans,8'", w / 100.0, h / 100.0);
}

// Gnuplot double-quoted string literal (backslash escapes interpreted there).
std::string gp_dquote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string data_value(double v) { return std::isnan(v) ? kMissing : fmt::format("{:.6f}", v); }
std::string data_value(const std::optional<double>& v) { return v ? data_value(*v) : kMissing; }
// A label column: double quotes delimit it for gnuplot, so inner ones are replaced.
std::string data_label(std::string s) {
  std::replace(s.begin(), s.end(), '"', '\'');
  return "\"" + s + "\"";
}

// Distinct file stems even when two labels slug to the same text.
class Stems {
 public:
  std::string make(const std::string& wanted) {
    std::string s = wanted;
    for (int i = 2; used_.count(s); ++i) s = wanted + "_" + std::to_string(i);
    used_.insert(s);
    return s;
  }

 private:
  std::set<std::string> used_;
};

const char* kCommonStyle =
    "set encoding utf8\n"
    "set datafile missing '?'\n"
    "set grid ytics lc rgb '#dddddd'\n"
    "set border lw 1\n";

std::string histogram_style(bool errorbars) {
  // Error bars with caps as wide as half a bar, drawn over the bars in black.
  return std::string(errorbars ? "set style histogram errorbars gap 2 lw 1.5\nset bars 0.5 front\n"
                               : "set style histogram clustered gap 2\n") +
         "set style data histograms\nset style fill solid 0.85 border -1\nset boxwidth 0.9\n";
}

// Colour and fill of a table column's bars.
std::string column_style(const StrategyColours& colours, const DatasetTable& t, std::size_t column) {
  return fmt::format("lc rgb '{}' {}", colours.column(t, column), StrategyColours::fill(t, column));
}

// Chance level of a k-class problem (uniform guessing: UAR = 1/k, UF1 about 1/k), dashed.
std::string chance_line(int classes) {
  if (classes < 2) return "";
  const double c = 100.0 / classes;
  return fmt::format(
      "set arrow from graph 0, first {0:.4f} to graph 1, first {0:.4f} nohead dt 2 lw 1 lc rgb '#555555' back\n"
      "set label 'chance (1/{1})' at graph 0.01, first {0:.4f} offset 0,0.6 left font ',8' tc rgb '#555555'\n",
      c, classes);
}

int classes_of(const DatasetTable& t) {
  for (const auto& row : t.cells)
    for (const auto& c : row)
      if (c.n() > 0) return static_cast<int>(c.runs.front()->run.classes.size());
  return 0;
}

// File-name part of a cell: its model and strategy, then its condition id when it has one, so
// that a sweep without extra keys keeps the names curves_<dataset>_<model>_<strategy>.
std::string cell_stem(const Cell& c) {
  std::string s = slug(c.model) + "_" + slug(c.strategy);
  return c.condition.empty() ? s : s + "_" + slug(c.condition);
}

std::string xtics_rotation(std::size_t labels) {
  return labels > 6 ? "set xtics rotate by -45 left nomirror\n" : "set xtics nomirror\n";
}

// Bootstrap interval of a cell, from the stats rows (NaN bounds when the cell has none).
const StatRow* stat_row(const DatasetStats& st, const std::string& row, const std::string& column) {
  for (const auto& r : st.rows)
    if (r.row == row && r.column == column) return &r;
  return nullptr;
}

// Bars per cell: mean over seeds, error bars the bootstrap 95% interval; per table column three
// data columns (mean, low, high) for UF1, then three for UAR.
struct BarValues {
  std::string text;
  double top = 0;  // highest bar or interval bound (%)
};

BarValues bars_data(const DatasetTable& t, const DatasetStats& st) {
  BarValues out;
  out.text = "# " + t.row_header;
  for (const auto& c : t.columns) out.text += fmt::format(" | {}: uf1 ci_lo ci_hi uar ci_lo ci_hi (%)", c);
  out.text += "\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    out.text += data_label(t.rows[mi]);
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      const auto* r = t.cell(mi, si).n() > 0 ? stat_row(st, t.rows[mi], t.columns[si]) : nullptr;
      for (Metric m : {Metric::uf1, Metric::uar}) {
        if (!r) {
          out.text += " ? ? ?";
          continue;
        }
        const double mean = m == Metric::uf1 ? r->ci.uf1 : r->ci.uar;
        const auto& ci = m == Metric::uf1 ? r->ci.uf1_ci : r->ci.uar_ci;
        // Without an interval (NaN bounds) the bar is drawn without an error bar.
        const double lo = std::isnan(ci.lo) ? mean : ci.lo, hi = std::isnan(ci.hi) ? mean : ci.hi;
        out.text += " " + data_value(mean * 100) + " " + data_value(lo * 100) + " " + data_value(hi * 100);
        if (!std::isnan(hi)) out.top = std::max(out.top, hi * 100);
        if (!std::isnan(mean)) out.top = std::max(out.top, mean * 100);
      }
    }
    out.text += "\n";
  }
  return out;
}

// A y range from 0 that holds every bar and error bar with room for the caps, in steps of 10.
std::string percent_yrange(double top) { return fmt::format("set yrange [0:{:.0f}]\n", std::min(110.0, std::ceil((top + 4) / 10) * 10)); }

Block bars_block(const DatasetTable& t, Metric m, const std::string& dat, double top, const StrategyColours& colours,
                 Stems& stems) {
  Block b;
  b.figure.kind = std::string("bars_") + metric_key(m);
  b.figure.dataset = t.dataset;
  b.figure.title = fmt::format("{}: {} per model and strategy (mean over seeds; error bars: bootstrap 95% CI)", t.dataset,
                               metric_label(m));
  b.figure.stem = stems.make(fmt::format("bars_{}_{}", metric_key(m), slug(t.dataset)));
  b.width = std::max(560, 160 + static_cast<int>(t.rows.size() * t.columns.size()) * 28);
  b.height = 360;
  std::string s = kCommonStyle + histogram_style(true) + xtics_rotation(t.rows.size());
  // Without an x range gnuplot leaves a group's width of empty space on each side.
  s += fmt::format("set xrange [-0.5:{}-0.5]\n", t.rows.size());
  s += "set key outside top center horizontal\n" + percent_yrange(top) + chance_line(classes_of(t));
  s += fmt::format("set ylabel '{} (%)'\nset title {}\n", metric_label(m),
                   gp_quote(fmt::format("{}: {} (error bars: bootstrap 95% CI)", t.dataset, metric_label(m))));
  std::vector<std::string> parts;
  for (std::size_t si = 0; si < t.columns.size(); ++si) {
    const std::size_t col = 2 + si * 6 + (m == Metric::uf1 ? 0 : 3);
    parts.push_back(fmt::format("{} using {}:{}:{}{} {} title {}", si == 0 ? gp_quote(dat) : "''", col, col + 1, col + 2,
                                si == 0 ? ":xtic(1)" : "", column_style(colours, t, si), gp_quote(t.columns[si])));
  }
  s += "plot " + join(parts, ", ") + "\n";
  b.body = s;
  return b;
}


// Per-part bars of a composite (parts_table.h): per table cell, one bar per part and one for
// the whole composite, mean over seeds; data columns: UF1 per part then all, UAR alike.
std::string parts_data(const PartsTable& p) {
  std::string out = "# cell";
  for (const char* m : {"uf1", "uar"}) {
    for (const auto& part : p.parts) out += fmt::format(" | {} {}", part, m);
    out += fmt::format(" | all {}", m);
  }
  out += " (%)\n";
  for (const auto& r : p.rows) {
    out += data_label(r.row + " / " + r.column);
    for (const auto* v : {&r.uf1, &r.uar})
      for (const auto& s : *v) out += " " + data_value(s.mean * 100);
    out += "\n";
  }
  return out;
}

Block parts_block(const PartsTable& p, Metric m, const std::string& dat, int classes, Stems& stems) {
  static const std::vector<std::string> palette = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9"};
  Block b;
  b.figure.kind = std::string("parts_") + metric_key(m);
  b.figure.dataset = p.dataset;
  b.figure.title = fmt::format("{}: {} per part and on the whole composite (mean over seeds)", p.dataset, metric_label(m));
  b.figure.stem = stems.make(fmt::format("parts_{}_{}", metric_key(m), slug(p.dataset)));
  const std::size_t bars = p.parts.size() + 1;
  // Cell labels ("learnet / dual_phase_di test=full protocol=lodo") are long and drawn slanted:
  // the figure grows with the longest so that the plot keeps its height.
  std::size_t longest = 0;
  for (const auto& r : p.rows) longest = std::max(longest, r.row.size() + 3 + r.column.size());
  b.width = std::max(560, 160 + static_cast<int>(p.rows.size() * bars) * 24 + static_cast<int>(longest) * 4);
  b.height = 320 + static_cast<int>(longest) * 6;
  double top = 0;
  for (const auto& r : p.rows)
    for (const auto& s : m == Metric::uf1 ? r.uf1 : r.uar)
      if (!std::isnan(s.mean)) top = std::max(top, s.mean * 100);
  std::string s = kCommonStyle + histogram_style(false) + xtics_rotation(p.rows.size() > 3 ? 7 : p.rows.size());
  s += fmt::format("set xrange [-0.5:{}-0.5]\n", p.rows.size());
  s += "set key outside top center horizontal\n" + percent_yrange(top) + chance_line(classes);
  s += fmt::format("set ylabel '{} (%)'\nset title {}\n", metric_label(m),
                   gp_quote(fmt::format("{}: {} per part", p.dataset, metric_label(m))));
  std::vector<std::string> series;
  for (std::size_t i = 0; i < bars; ++i) {
    const std::size_t col = 2 + (m == Metric::uf1 ? 0 : bars) + i;
    const std::string colour = i < p.parts.size() ? palette[i % palette.size()] : "#7f7f7f";
    series.push_back(fmt::format("{} using {}{} lc rgb '{}' title {}", i == 0 ? gp_quote(dat) : "''", col,
                                 i == 0 ? ":xtic(1)" : "", colour, gp_quote(i < p.parts.size() ? p.parts[i] : "all")));
  }
  s += "plot " + join(series, ", ") + "\n";
  b.body = s;
  return b;
}

std::string improvement_data(const DatasetTable& t) {
  std::string out = "# " + t.row_header;
  for (std::size_t si = 0; si < t.columns.size(); ++si)
    if (!t.is_baseline(si)) out += fmt::format(" | {}: acc uf1 uar relative improvement (%)", t.columns[si]);
  out += "\n";
  for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
    out += data_label(t.rows[mi]);
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      if (t.is_baseline(si)) continue;
      for (Metric m : kMetrics) out += " " + data_value(t.relative_improvement(mi, si, m));
    }
    out += "\n";
  }
  return out;
}

Block improvement_block(const DatasetTable& t, const std::string& dat, const StrategyColours& colours, Stems& stems) {
  Block b;
  b.figure.kind = "improvement";
  b.figure.dataset = t.dataset;
  b.figure.title = fmt::format("{}: relative improvement over {} (%)", t.dataset, t.baseline);
  b.figure.stem = stems.make("improvement_" + slug(t.dataset));
  std::size_t others = 0;
  for (std::size_t si = 0; si < t.columns.size(); ++si) others += t.is_baseline(si) ? 0 : 1;
  b.width = std::max(560, 200 + static_cast<int>(t.rows.size() * others) * 36);
  b.height = 560;
  std::string s = kCommonStyle + histogram_style(false) + xtics_rotation(t.rows.size());
  // The bars start at 0 whatever the sign of the changes.
  s += fmt::format("set xrange [-0.5:{}-0.5]\n", t.rows.size());
  s += "set key below horizontal\nset xzeroaxis lt -1\nset yrange [*<0:0<*]\n";
  s += "set multiplot layout 2,1 title " + gp_quote(b.figure.title) + "\n";
  for (Metric m : {Metric::uf1, Metric::uar}) {
    s += fmt::format("set title '{}'\nset ylabel '{} change (%)'\n", metric_label(m), metric_label(m));
    std::vector<std::string> parts;
    std::size_t k = 0;
    for (std::size_t si = 0; si < t.columns.size(); ++si) {
      if (t.is_baseline(si)) continue;
      const std::size_t col = 2 + k * 3 + static_cast<std::size_t>(m);
      parts.push_back(fmt::format("{} using {}{} {} title {}", k == 0 ? gp_quote(dat) : "''", col, k == 0 ? ":xtic(1)" : "",
                                  column_style(colours, t, si), gp_quote(t.columns[si])));
      ++k;
    }
    s += "plot " + join(parts, ", ") + "\n";
  }
  s += "unset multiplot\n";
  b.body = s;
  return b;
}

std::string confusion_data(const RunData& r) {
  const auto& cm = r.pooled.confusion;
  std::string out = "# row-normalised confusion matrix (rows: true class, columns: predicted)\n";
  for (int i = 0; i < cm.num_classes(); ++i) {
    const double support = static_cast<double>(cm.support(i));
    for (int j = 0; j < cm.num_classes(); ++j)
      out += (j ? " " : "") + data_value(support > 0 ? static_cast<double>(cm.at(i, j)) / support : 0.0);
    out += "\n";
  }
  return out;
}

// `row` and `column`: the labels of the run's table cell (model and strategy, plus the keys
// that tell conditions apart), so that a matrix is named as a person reads the tables.
Block confusion_block(const RunData& r, const std::string& row, const std::string& column, const std::string& dat,
                      Stems& stems) {
  Block b;
  const auto& run = r.run;
  b.figure.kind = "confusion";
  b.figure.dataset = run.dataset;
  b.figure.run_id = run.run_id;
  b.figure.title = fmt::format("{} / {} / seed {}: acc {}, UF1 {}, UAR {}", row, column, run.seed, pct(r.pooled.accuracy),
                               pct(r.pooled.uf1), pct(r.pooled.uar));
  b.figure.label = fmt::format("{} / {} / seed {}: UF1 {}%, UAR {}%", row, column, run.seed, pct(r.pooled.uf1), pct(r.pooled.uar));
  b.figure.stem = stems.make("confusion_" + slug(run.run_id));
  const int k = r.pooled.confusion.num_classes();
  b.width = std::max(380, 160 + 50 * k);
  b.height = std::max(300, 120 + 50 * k);
  std::vector<std::string> tics;
  for (int i = 0; i < k; ++i)
    tics.push_back(fmt::format("{} {}", gp_quote(i < static_cast<int>(run.classes.size()) ? run.classes[static_cast<std::size_t>(i)] : std::to_string(i)), i));
  std::string s = kCommonStyle;
  s += "unset grid\nset size ratio -1\n";
  s += fmt::format("set xrange [-0.5:{}.5]\nset yrange [{}.5:-0.5]\n", k - 1, k - 1);
  s += "set xtics (" + join(tics, ", ") + ") rotate by -30 left nomirror\nset ytics (" + join(tics, ", ") + ") nomirror\n";
  s += "set xlabel 'predicted'\nset ylabel 'true'\nset cbrange [0:1]\nunset colorbox\n";
  s += "set palette defined (0 '#ffffff', 1 '#08306b')\n";
  // Two-line title: a double-quoted gnuplot string, where \n is a newline.
  s += fmt::format("set title {}\n", gp_dquote(fmt::format("{} / {} / seed {}", row, column, run.seed)) +
                                         " . \"\\n\" . " +
                                         gp_dquote(fmt::format("acc {}%  UF1 {}%  UAR {}%", pct(r.pooled.accuracy),
                                                               pct(r.pooled.uf1), pct(r.pooled.uar))));
  s += fmt::format(
      "plot {0} matrix with image notitle, {0} matrix using 1:2:(sprintf('%.2f',$3)):($3 > 0.5 ? 0xffffff : 0x000000) "
      "with labels tc rgb variable font ',8' notitle\n",
      gp_quote(dat));
  b.body = s;
  return b;
}

struct SubjectTable {
  std::vector<std::string> subjects;
  std::vector<std::string> strategies;  // column labels
  std::vector<std::string> styles;      // their bar colours and fills
  std::map<std::string, std::map<std::string, std::pair<double, double>>> values;  // strategy -> subject -> acc, uf1
};

std::string subjects_data(const SubjectTable& st) {
  std::string out = "# subject";
  for (const auto& s : st.strategies) out += fmt::format(" | {}: accuracy uf1 (%)", s);
  out += "\n";
  for (const auto& subj : st.subjects) {
    out += data_label(subj);
    for (const auto& s : st.strategies) {
      const auto& m = st.values.at(s);
      auto it = m.find(subj);
      out += it == m.end() ? std::string(" ? ?")
                           : " " + data_value(it->second.first * 100) + " " + data_value(it->second.second * 100);
    }
    out += "\n";
  }
  return out;
}

Block subjects_block(const DatasetTable& t, const std::string& model, const SubjectTable& st, const std::string& dat,
                     Stems& stems) {
  Block b;
  b.figure.kind = "subjects";
  b.figure.dataset = t.dataset;
  b.figure.title = fmt::format("{} / {}: per-subject accuracy and UF1 (seed-averaged)", t.dataset, model);
  b.figure.stem = stems.make(fmt::format("subjects_{}_{}", slug(t.dataset), slug(model)));
  b.width = std::max(560, 160 + static_cast<int>(st.subjects.size() * st.strategies.size()) * 12);
  b.height = 560;
  std::string s = kCommonStyle + histogram_style(false) + xtics_rotation(st.subjects.size() > 12 ? 7 : 1);
  s += "set key below horizontal\nset yrange [0:105]\n";
  s += "set multiplot layout 2,1 title " + gp_quote(b.figure.title) + "\n";
  for (int k = 0; k < 2; ++k) {
    s += k == 0 ? "set ylabel 'accuracy (%)'\n" : "set ylabel 'UF1 (%)'\n";
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < st.strategies.size(); ++i)
      parts.push_back(fmt::format("{} using {}{} {} title {}", i == 0 ? gp_quote(dat) : "''", 2 + i * 2 + k,
                                  i == 0 ? ":xtic(1)" : "", st.styles[i], gp_quote(st.strategies[i])));
    s += "plot " + join(parts, ", ") + "\n";
  }
  s += "unset multiplot\n";
  b.body = s;
  return b;
}

// Curves of one cell: each run's fold-averaged curve, averaged again over runs per epoch.
struct CurveRow {
  int epoch = 0;
  std::optional<double> v[6];  // train_loss, val_loss, test_loss, train_acc, val_acc, test_acc
};

std::vector<CurveRow> cell_curve(const Cell& cell) {
  std::map<int, std::pair<std::array<double, 6>, std::array<int, 6>>> acc;
  for (const auto* r : cell.runs)
    for (const auto& e : r->curve) {
      auto& a = acc[e.epoch];
      const std::optional<double> vals[6] = {e.train_loss, e.val_loss, e.monitor_test_loss,
                                             e.train_acc,  e.val_acc,  e.monitor_test_acc};
      for (int k = 0; k < 6; ++k)
        if (vals[k]) {
          a.first[static_cast<std::size_t>(k)] += *vals[k];
          ++a.second[static_cast<std::size_t>(k)];
        }
    }
  std::vector<CurveRow> out;
  for (const auto& [epoch, a] : acc) {
    CurveRow row;
    row.epoch = epoch;
    for (std::size_t k = 0; k < 6; ++k)
      if (a.second[k] > 0) row.v[k] = a.first[k] / a.second[k];
    out.push_back(row);
  }
  return out;
}

std::string curve_data(const std::vector<CurveRow>& rows) {
  std::string out =
      "# epoch train_loss val_loss monitor_test_loss train_acc val_acc monitor_test_acc"
      " (mean over folds and seeds; monitor_test_*: held-out fold, monitor only)\n";
  for (const auto& r : rows) {
    out += std::to_string(r.epoch + 1);
    for (const auto& v : r.v) out += " " + data_value(v);
    out += "\n";
  }
  return out;
}

Block curves_block(const DatasetTable& t, std::size_t mi, std::size_t si, const std::vector<CurveRow>& rows,
                   const std::string& dat, Stems& stems) {
  Block b;
  const auto& row = t.rows[mi];
  const auto& column = t.columns[si];
  b.figure.kind = "curves";
  b.figure.dataset = t.dataset;
  b.figure.title = fmt::format("{} / {} / {}: training curves (mean over folds and {} seed{})", t.dataset, row, column,
                               t.cell(mi, si).n(), t.cell(mi, si).n() == 1 ? "" : "s");
  b.figure.label = fmt::format("{} / {} ({} seed{})", row, column, t.cell(mi, si).n(), t.cell(mi, si).n() == 1 ? "" : "s");
  b.figure.stem = stems.make(fmt::format("curves_{}_{}", slug(t.dataset), cell_stem(t.cell(mi, si))));
  // Small multiples: compact, read side by side on the page.
  b.width = 560;
  b.height = 300;
  bool has[6] = {false, false, false, false, false, false};
  for (const auto& r : rows)
    for (int k = 0; k < 6; ++k) has[k] = has[k] || r.v[k].has_value();
  const char* names[3] = {"train", "validation (inner split)", "test fold (monitor only)"};
  const char* styles[3] = {"lw 2 lc rgb '#1f77b4'", "lw 2 lc rgb '#2ca02c'", "lw 2 dt 2 lc rgb '#d62728'"};
  // Loss on a log axis (a linear one flattens the train curve next to the test loss); the legend
  // below the panels, where it cannot cover a curve.
  bool positive_loss = true;
  for (const auto& r : rows)
    for (int k = 0; k < 3; ++k) positive_loss = positive_loss && (!r.v[k] || *r.v[k] > 0);
  std::string s = kCommonStyle;
  s += "set xlabel 'epoch'\nset key below horizontal samplen 2 font ',8'\n";
  s += "set multiplot layout 1,2 title " + gp_quote(b.figure.label) + "\n";
  for (int panel = 0; panel < 2; ++panel) {
    s += panel == 0 ? (positive_loss ? "set ylabel 'loss (log scale)'\nset logscale y\n" : "set ylabel 'loss'\n")
                    : "unset logscale y\nset ylabel 'accuracy'\nset yrange [0:1]\n";
    std::vector<std::string> parts;
    for (int k = 0; k < 3; ++k) {
      const int col = panel * 3 + k;
      if (!has[col]) continue;
      parts.push_back(fmt::format("{} using 1:{} with linespoints pt 7 ps 0.4 {} title {}",
                                  parts.empty() ? gp_quote(dat) : "''", col + 2, styles[k], gp_quote(names[k])));
    }
    s += "plot " + join(parts, ", ") + "\n";
  }
  s += "unset multiplot\n";
  b.body = s;
  return b;
}

std::string ext_of(const std::string& format) { return format; }

// "sub2" before "sub10": digit runs compare by value, everything else bytewise.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i2 = i, j2 = j;
      while (i2 < a.size() && std::isdigit(static_cast<unsigned char>(a[i2]))) ++i2;
      while (j2 < b.size() && std::isdigit(static_cast<unsigned char>(b[j2]))) ++j2;
      auto na = a.substr(i, i2 - i), nb = b.substr(j, j2 - j);
      na.erase(0, std::min(na.find_first_not_of('0'), na.size()));
      nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size()));
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = i2;
      j = j2;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

void check_figure_format(const std::string& format) {
  if (format != "png" && format != "svg" && format != "pdf")
    throw UsageError("unknown figure format '" + format + "'; valid: png, svg, pdf");
}

FigurePlan write_figure_sources(const std::vector<DatasetTable>& tables,
                                const std::vector<DatasetStats>& stats, const FigureOptions& options, OutputFiles& out) {
  for (const auto& f : options.formats) check_figure_format(f);
  FigurePlan plan;
  std::vector<Block> blocks;
  Stems stems;
  auto add_data = [&](const std::string& name, const std::string& content) {
    out.write("figures/" + name, content);
    plan.data_files.push_back("figures/" + name);
    return name;
  };

  const StrategyColours colours(tables);
  for (std::size_t ti = 0; ti < tables.size(); ++ti) {
    const auto& t = tables[ti];
    const std::string ds = slug(t.dataset);
    const auto values = bars_data(t, stats.at(ti));
    const auto bars = add_data("bars_" + ds + ".dat", values.text);
    blocks.push_back(bars_block(t, Metric::uf1, bars, values.top, colours, stems));
    blocks.push_back(bars_block(t, Metric::uar, bars, values.top, colours, stems));
    bool compared = false;  // a column with a baseline to compare against (not only baselines)
    for (std::size_t si = 0; si < t.columns.size(); ++si) compared = compared || !t.is_baseline(si);
    if (t.has_baseline() && compared) {
      const auto imp = add_data("improvement_" + ds + ".dat", improvement_data(t));
      blocks.push_back(improvement_block(t, imp, colours, stems));
    }
    if (const auto parts = build_parts_table(t)) {
      const auto dat = add_data("parts_" + ds + ".dat", parts_data(*parts));
      blocks.push_back(parts_block(*parts, Metric::uf1, dat, classes_of(t), stems));
      blocks.push_back(parts_block(*parts, Metric::uar, dat, classes_of(t), stems));
    }
    for (std::size_t mi = 0; mi < t.rows.size(); ++mi) {
      SubjectTable st;
      std::set<std::string> subjects;
      for (std::size_t si = 0; si < t.columns.size(); ++si) {
        const auto& cell = t.cell(mi, si);
        if (cell.n() == 0) continue;
        st.strategies.push_back(t.columns[si]);
        st.styles.push_back(column_style(colours, t, si));
        auto& m = st.values[t.columns[si]];
        const auto acc = subject_means(cell, Metric::acc);
        const auto uf1 = subject_means(cell, Metric::uf1);
        for (std::size_t i = 0; i < acc.size(); ++i) {
          m[acc[i].first] = {acc[i].second, uf1[i].second};
          subjects.insert(acc[i].first);
        }
      }
      st.subjects.assign(subjects.begin(), subjects.end());
      std::stable_sort(st.subjects.begin(), st.subjects.end(), natural_less);
      if (!st.subjects.empty()) {
        const auto name = add_data(fmt::format("subjects_{}_{}.dat", ds, slug(t.rows[mi])), subjects_data(st));
        blocks.push_back(subjects_block(t, t.rows[mi], st, name, stems));
      }
      for (std::size_t si = 0; si < t.columns.size(); ++si) {
        const auto rows = cell_curve(t.cell(mi, si));
        if (rows.empty()) continue;
        const auto name =
            add_data(fmt::format("curves_{}_{}.dat", ds, cell_stem(t.cell(mi, si))), curve_data(rows));
        blocks.push_back(curves_block(t, mi, si, rows, name, stems));
      }
    }
  }
  // Confusion matrices in table order (rows, then columns with the baseline first, then seeds).
  for (const auto& t : tables)
    for (std::size_t mi = 0; mi < t.rows.size(); ++mi)
      for (std::size_t si = 0; si < t.columns.size(); ++si)
        for (const auto* r : t.cell(mi, si).runs) {
          if (r->pooled.confusion.num_classes() == 0) continue;
          const auto name = add_data("confusion_" + slug(r->run.run_id) + ".dat", confusion_data(*r));
          blocks.push_back(confusion_block(*r, t.rows[mi], t.columns[si], name, stems));
        }

  // Scripts: fixed-size chunks of figures, each figure once per format.
  for (std::size_t start = 0; start < blocks.size(); start += kFiguresPerScript) {
    std::string script = "# Generated by mer report; run from this folder: gnuplot <this file>\n";
    for (std::size_t i = start; i < std::min(blocks.size(), start + kFiguresPerScript); ++i) {
      auto& b = blocks[i];
      for (const auto& f : options.formats) {
        const std::string file = b.figure.stem + "." + ext_of(f);
        script += "\n" + terminal(f, b.width, b.height) + "\nset output " + gp_quote(file) + "\nreset\n" + b.body +
                  "unset output\n";
        b.figure.files.push_back("figures/" + file);
        out.record("figures/" + file);
      }
    }
    const std::string name = fmt::format("plots-{}.gp", plan.scripts.size() + 1);
    out.write("figures/" + name, script);
    plan.scripts.push_back(name);
  }
  for (auto& b : blocks) {
    b.figure.width = b.width;
    b.figure.height = b.height;
    plan.figures.push_back(std::move(b.figure));
  }
  return plan;
}

}  // namespace merlab::reports
