// Figures for a paper (report/paper/figures/): PDF bar charts sized for the page, so that fonts
// print at the paper's size instead of being scaled: per dataset and metric a column-width
// figure (3.5in x 2.2in), and per dataset one text-width figure (7in x 2.4in) with every chosen
// metric side by side. Bars: one group per model, one bar per column (strategy), error bars =
// std over seeds; labels use the display names. Drawn by gnuplot's pdfcairo terminal (8pt).
#pragma once

#include <string>
#include <vector>

#include "reports/output_files.h"
#include "reports/paper_latex.h"
#include "reports/table_data.h"

namespace merlab::reports {

struct PaperFigure {
  std::string dataset;
  std::string file;       // relative to the paper folder ("figures/bars_uf1_casme2.pdf")
  bool text_width = false;  // figure* at \textwidth
  std::string caption;    // LaTeX
  std::string label;
};

struct PaperFigurePlan {
  std::vector<PaperFigure> figures;
  std::vector<std::string> scripts;  // relative to <report>/figures/paper (gnuplot's working dir)
};

// Writes the data files and gnuplot scripts (figures/paper/bars_<dataset>.{dat,gp}, to redraw
// by hand) into `out` and records the PDFs gnuplot will draw into paper/figures/.
PaperFigurePlan write_paper_figures(const std::vector<DatasetTable>& tables, const PaperTableOptions& options,
                                    OutputFiles& out);

}  // namespace merlab::reports
