#include "reports/parts_table.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "reports/format.h"

namespace merlab::reports {

std::optional<PartsTable> build_parts_table(const DatasetTable& table) {
  PartsTable t;
  t.dataset = table.dataset;
  t.row_header = table.row_header;
  t.col_header = table.col_header;
  std::set<std::string> parts;
  for (const auto& row : table.cells)
    for (const auto& c : row)
      for (const auto* r : c.runs)
        for (const auto& p : r->parts) parts.insert(p.subject);
  if (parts.empty()) return std::nullopt;
  t.parts.assign(parts.begin(), parts.end());
  for (std::size_t mi = 0; mi < table.rows.size(); ++mi)
    for (std::size_t si = 0; si < table.columns.size(); ++si) {
      const Cell& c = table.cell(mi, si);
      if (c.n() == 0) continue;
      PartsRow out{table.rows[mi], table.columns[si], c.n(), {}, {}};
      for (const auto& part : t.parts) {
        std::vector<double> uf1, uar;
        for (const auto* r : c.runs)
          for (const auto& p : r->parts)
            if (p.subject == part) uf1.push_back(p.uf1), uar.push_back(p.uar);
        out.uf1.push_back(summarize(uf1));
        out.uar.push_back(summarize(uar));
      }
      out.uf1.push_back(c.get(Metric::uf1));
      out.uar.push_back(c.get(Metric::uar));
      t.rows.push_back(std::move(out));
    }
  return t;
}

namespace {

std::string seeds_text(const PartsTable& t) {
  std::set<int> n;
  for (const auto& r : t.rows) n.insert(r.n);
  if (n.size() == 1) return fmt::format("{} seed{} per row", *n.begin(), *n.begin() == 1 ? "" : "s");
  return "seeds differ between rows";
}

}  // namespace

std::string markdown_parts_table(const PartsTable& t) {
  std::string out = fmt::format("### {}: UF1 and UAR per part (%)\n\n", md_escape(t.dataset));
  out += fmt::format("Each part's clips scored alone (one confusion matrix per part and run), mean ± sample std over "
                     "seeds ({}); last columns: the whole composite.\n\n",
                     seeds_text(t));
  out += "| " + md_escape(t.row_header) + " | " + md_escape(t.col_header) + " |";
  std::string rule = "|---|---|";
  for (const auto& p : t.parts) {
    out += fmt::format(" {} UF1 | {} UAR |", md_escape(p), md_escape(p));
    rule += "---:|---:|";
  }
  out += " all UF1 | all UAR |\n" + rule + "---:|---:|\n";
  for (const auto& r : t.rows) {
    out += "| " + md_escape(r.row) + " | " + md_escape(r.column) + " |";
    for (std::size_t i = 0; i < r.uf1.size(); ++i)
      out += " " + mean_sd(r.uf1[i], " ± ", false) + " | " + mean_sd(r.uar[i], " ± ", false) + " |";
    out += "\n";
  }
  return out;
}

std::string csv_parts_table(const PartsTable& t) {
  std::string out = "dataset,row,column,n,part,uf1_mean,uf1_sd,uar_mean,uar_sd\n";
  for (const auto& r : t.rows)
    for (std::size_t i = 0; i < r.uf1.size(); ++i) {
      const std::string part = i < t.parts.size() ? t.parts[i] : "all";
      out += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(t.dataset), csv_field(r.row), csv_field(r.column), r.n,
                         csv_field(part), num(r.uf1[i].mean), num(r.uf1[i].sd), num(r.uar[i].mean), num(r.uar[i].sd));
    }
  return out;
}

std::string latex_parts_table(const PartsTable& t) {
  const std::size_t groups = t.parts.size() + 1;
  std::string spec = "ll", top = " & ", mid, bottom = latex_escape(t.row_header) + " & " + latex_escape(t.col_header);
  int col = 3;
  for (std::size_t i = 0; i < groups; ++i) {
    spec += "cc";
    top += fmt::format(" & \\multicolumn{{2}}{{c}}{{{}}}", latex_escape(i < t.parts.size() ? t.parts[i] : "All"));
    mid += fmt::format("\\cmidrule(lr){{{}-{}}}", col, col + 1);
    col += 2;
    bottom += " & UF1 & UAR";
  }
  std::string out = "\\begin{table}[t]\n\\centering\n";
  out += fmt::format("\\caption{{{}: UF1 and UAR (\\%) per part, each part's clips scored alone, mean $\\pm$ standard "
                     "deviation over seeds ({}).}}\n",
                     latex_escape(t.dataset), latex_escape(seeds_text(t)));
  out += fmt::format("\\label{{tab:parts-{}}}\n\\begin{{tabular}}{{{}}}\n\\toprule\n", slug(t.dataset), spec);
  out += top + " \\\\\n" + mid + "\n" + bottom + " \\\\\n\\midrule\n";
  for (const auto& r : t.rows) {
    out += latex_escape(r.row) + " & " + latex_escape(r.column);
    for (std::size_t i = 0; i < r.uf1.size(); ++i)
      out += " & " + mean_sd(r.uf1[i], " $\\pm$ ", false) + " & " + mean_sd(r.uar[i], " $\\pm$ ", false);
    out += " \\\\\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
  return out;
}

}  // namespace merlab::reports
