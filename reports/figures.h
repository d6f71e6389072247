// Report figures: the data files and gnuplot scripts that draw them (gnuplot.h runs them).
//
// Per dataset:
//   bars_<metric>_<dataset>   grouped bars of UF1 and of UAR (mean ± std over seeds) per table
//                             row, one bar per column (conditions.h labels)
//   improvement_<dataset>     relative improvement (%) of UF1 and UAR over the baseline
//   subjects_<dataset>_<row>  per-subject accuracy and UF1 (seed-averaged) per column
//   curves_<dataset>_<model>_<strategy>[_<condition id>]  training curves per epoch of one
//                             cell (the id only when it has extra keys), averaged over folds and
//                             seeds: train loss/acc, inner validation, and the held-out fold's
//                             test loss/acc labelled "monitor only" (never used for selection)
// Per run:
//   confusion_<run_id>        row-normalised confusion matrix (recall per true class)
// Each figure is written once per requested format (png, svg, pdf) under <out>/figures/.
#pragma once

#include <string>
#include <vector>

#include "reports/output_files.h"
#include "reports/report_data.h"
#include "reports/table_data.h"

namespace merlab::reports {

struct Figure {
  std::string kind;                // bars_uf1, bars_uar, improvement, subjects, curves, confusion
  std::string dataset;
  std::string title;               // caption for the HTML page
  std::string stem;                // file name without extension, inside figures/
  std::string run_id;              // confusion only
  std::vector<std::string> files;  // paths relative to the report folder, one per format
};

struct FigureOptions {
  std::vector<std::string> formats = {"png", "svg"};  // subset of png, svg, pdf
};

struct FigurePlan {
  std::vector<Figure> figures;
  std::vector<std::string> scripts;     // relative to <out>/figures
  std::vector<std::string> data_files;  // relative to the report folder
};

// Validates a format name ("png", "svg", "pdf"); throws UsageError otherwise.
void check_figure_format(const std::string& format);

// Writes the data files and scripts into figures/ of `out` and returns what gnuplot will draw
// (the figure files are recorded in `out` too). Deterministic: same data, same bytes.
FigurePlan write_figure_sources(const ReportData& data, const std::vector<DatasetTable>& tables,
                                const FigureOptions& options, OutputFiles& out);

}  // namespace merlab::reports
