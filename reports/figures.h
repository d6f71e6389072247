// Report figures: the data files and gnuplot scripts that draw them (gnuplot.h runs them).
//
// Per dataset:
//   bars_<metric>_<dataset>   grouped bars of UF1 and of UAR (mean over seeds, error bars with
//                             caps: the bootstrap 95% CI) per table row, one bar per column
//                             (conditions.h labels), the chance level 1/K dashed
//   improvement_<dataset>     relative improvement (%) of UF1 and UAR over the baseline
//   parts_<metric>_<dataset>  composite datasets only: UF1 and UAR per part and on the whole
//                             composite per table cell (parts_table.h)
//   subjects_<dataset>_<row>  per-subject accuracy and UF1 (seed-averaged) per column
//   curves_<dataset>_<model>_<strategy>[_<condition id>]  training curves per epoch of one
//                             cell (the id only when it has extra keys), averaged over folds and
//                             seeds: train loss/acc, inner validation, and the held-out fold's
//                             test loss/acc labelled "monitor only" (never used for selection)
// Per run:
//   confusion_<run_id>        row-normalised confusion matrix (recall per true class)
// Each figure is written once per requested format (png, svg, pdf) under <out>/figures/; PNGs at
// kPngScale times the SVG's pixels (figure_style.h), one colour per strategy in every figure.
#pragma once

#include <string>
#include <vector>

#include "reports/output_files.h"
#include "reports/report_data.h"
#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

struct Figure {
  std::string kind;                // bars_uf1, bars_uar, improvement, subjects, curves, confusion
  std::string dataset;
  std::string title;               // caption for the HTML page
  std::string label;               // short caption in a grid of small multiples ("learnet / single_di / seed 1")
  int width = 0, height = 0;       // nominal size in pixels (the SVG's; PNGs hold kPngScale times more)
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
// `stats` is parallel to `tables` (the bars' error bars are its bootstrap intervals).
FigurePlan write_figure_sources(const std::vector<DatasetTable>& tables,
                                const std::vector<DatasetStats>& stats, const FigureOptions& options, OutputFiles& out);

}  // namespace merlab::reports
