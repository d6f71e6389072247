// index.html of a report. Per dataset: a headline answer (html_sections.h), the sortable
// results table (CIs, differences from the baseline, p-values for UF1 and UAR), per-class F1 and
// recall, links to the Markdown/LaTeX/CSV files, then the figures as small multiples in table
// order (baseline first), labelled by model / strategy / seed. Then the config keys that
// differ between runs, the sweeps (grid, command) and provenance (git commits, dirty flags,
// library versions, hosts, dates). Display names from `names`. One inline script makes the
// tables sortable and filterable (html_assets.h); nothing is loaded from the network and all
// links are relative, so the folder can be moved or served as is.
// Deterministic: the page holds no generation time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reports/display_names.h"
#include "reports/figures.h"
#include "reports/report_data.h"
#include "reports/stats_table.h"
#include "reports/table_data.h"

namespace merlab::reports {

struct TableFiles {
  std::string main, improvement, stats;  // stems relative to the report folder ("tables/casme2")
  std::string parts;                     // composite datasets only ("tables/megc2019_parts")
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
  DisplayNames names = DisplayNames::defaults();
};

std::string render_index_html(const HtmlInput& input);

}  // namespace merlab::reports
