// The two LaTeX files of report/paper/ that tie it together:
//   snippets.tex  \input of every table and a figure environment per figure, to be \input (or
//                 copied piecewise) into a paper; needs booktabs and graphicx
//   preview.tex   a two-column article (3.5in columns, 7.16in text: the IEEE/ACM page) that
//                 \inputs snippets.tex, so `pdflatex preview.tex` shows every table and figure
//                 at the size it will have in the paper, and reports any box that overflows
#pragma once

#include <string>
#include <vector>

#include "reports/paper_figures.h"

namespace merlab::reports {

// `tables`: paths of the table files relative to the paper folder, in print order.
std::string paper_snippets(const std::vector<std::string>& tables, const std::vector<PaperFigure>& figures);
std::string paper_preview();

}  // namespace merlab::reports
