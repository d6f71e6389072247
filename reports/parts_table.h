// Composite datasets (MEGC 2019 and any dataset=composite): UF1 and UAR of every table cell on
// each part's clips alone, beside the whole composite, as MEGC reports them. Per cell and part
// the mean +- sample std over the cell's seeds of that part's pooled metric (one confusion
// matrix over its clips). Under protocol.name=lodo a part's clips are exactly its held-out fold,
// so the same table is the per-held-out-dataset result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/table_data.h"

namespace merlab::reports {

struct PartsRow {
  std::string row, column;        // labels of the table cell
  int n = 0;                      // seeds
  std::vector<Summary> uf1, uar;  // per part (PartsTable::parts order), then the whole composite
};

struct PartsTable {
  std::string dataset;
  std::string row_header, col_header;
  std::vector<std::string> parts;  // part labels, sorted
  std::vector<PartsRow> rows;      // non-empty cells, in table order (rows, then columns)
};

// Nullopt when the table's runs are not of a composite dataset.
std::optional<PartsTable> build_parts_table(const DatasetTable& table);

std::string markdown_parts_table(const PartsTable& t);
std::string csv_parts_table(const PartsTable& t);
std::string latex_parts_table(const PartsTable& t);

}  // namespace merlab::reports
