#include "reports/paper_preview.h"

namespace merlab::reports {

std::string paper_snippets(const std::vector<std::string>& tables, const std::vector<PaperFigure>& figures) {
  std::string out =
      "% Tables and figures of this report, for a paper: \\input{snippets} or copy the lines you need.\n"
      "% Needs \\usepackage{booktabs} and \\usepackage{graphicx}; paths are relative to this folder\n"
      "% (e.g. \\graphicspath{{report/paper/}} and \\input{report/paper/tables/...}).\n";
  for (const auto& t : tables) out += "\\input{" + t + "}\n";
  for (const auto& f : figures) {
    const std::string env = f.text_width ? "figure*" : "figure";
    out += "\\begin{" + env + "}[tbp]\n\\centering\n\\includegraphics[width=" +
           (f.text_width ? "\\textwidth" : "\\columnwidth") + "]{" + f.file + "}\n\\caption{" + f.caption +
           "}\n\\label{" + f.label + "}\n\\end{" + env + "}\n";
  }
  return out;
}

std::string paper_preview() {
  return "% Preview of the paper tables and figures: pdflatex preview.tex\n"
         "\\documentclass[twocolumn]{article}\n"
         "\\usepackage[letterpaper,textwidth=7.16in,columnsep=0.16in,textheight=9in]{geometry}\n"
         "\\usepackage{booktabs}\n"
         "\\usepackage{graphicx}\n"
         "% Pages of floats only: let a page hold as many as fit.\n"
         "\\renewcommand{\\topfraction}{0.95}\n"
         "\\renewcommand{\\bottomfraction}{0.95}\n"
         "\\renewcommand{\\textfraction}{0.05}\n"
         "\\renewcommand{\\floatpagefraction}{0.5}\n"
         "\\renewcommand{\\dbltopfraction}{0.95}\n"
         "\\renewcommand{\\dblfloatpagefraction}{0.5}\n"
         "\\setcounter{topnumber}{8}\n"
         "\\setcounter{bottomnumber}{8}\n"
         "\\setcounter{totalnumber}{16}\n"
         "\\setcounter{dbltopnumber}{8}\n"
         "\\begin{document}\n"
         "\\input{snippets}\n"
         "\\end{document}\n";
}

}  // namespace merlab::reports
