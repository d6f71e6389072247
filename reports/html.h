// index.html of a report: every table (rendered, with links to its Markdown/LaTeX/CSV files),
// every figure (PNG inline when drawn, links to the other formats), the sweeps' configuration
// (config YAML, grid, command) and provenance (git commits, dirty flags, library versions,
// hosts, dates). All links are relative, so the folder can be moved or served as is.
// Deterministic: the page holds no generation time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reports/figures.h"
#include "reports/report_data.h"
#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

struct TableFiles {
  std::string main, improvement, stats;  // stems relative to the report folder ("tables/casme2")
};

struct HtmlInput {
  const ReportData* data = nullptr;
  const std::vector<DatasetTable>* tables = nullptr;
  const std::vector<DatasetStats>* stats = nullptr;
  std::vector<TableFiles> table_files;  // parallel to tables
  std::string runs_csv;                 // relative path
  const std::vector<Figure>* figures = nullptr;  // may be empty (no figures drawn)
  std::string figures_note;             // e.g. why there are no figures
  std::string generator;                // "mer 0.1.0 (commit ...)"
  std::string options_text;             // baseline, bootstrap resamples and seed
};

std::string render_index_html(const HtmlInput& input);

}  // namespace merlab::reports
