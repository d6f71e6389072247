// Annotation sheets as plain text grids, read from .xlsx (zip + SpreadsheetML) or .csv.
//
// Every cell comes back as the text a person sees: shared and inline strings as written,
// numbers in their shortest exact form (46, not 46.0; 0.5 stays 0.5), booleans as TRUE/FALSE,
// empty or absent cells as "". Rows keep their sheet positions: a sheet whose first cell is
// in row 3 yields two empty rows first, so row indices match what a spreadsheet shows
// (row index i = spreadsheet row i + 1).
//
// Sheets come from outside, so reading is bounded (framework/common/limits.h): the archive's
// entry count and decompressed size, each XML part, the cell and row counts, a CSV file's size
// and line length. Beyond a limit the reader throws a RuntimeError naming the file and the
// limit, before the memory is spent.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "framework/common/limits.h"

namespace merlab {

struct Table {
  std::vector<std::vector<std::string>> rows;
  // The cell text, or "" when the row or column does not exist.
  const std::string& cell(std::size_t row, std::size_t col) const;
};

// First worksheet of an .xlsx workbook (the first <sheet> of xl/workbook.xml).
// Throws RuntimeError naming the file and the part that is broken or the limit exceeded.
Table read_xlsx(const std::filesystem::path& path, const Limits& limits = Limits{});

// RFC 4180 CSV: quoted fields with "" escapes and embedded separators/newlines, CRLF or LF,
// an optional UTF-8 byte-order mark. Throws RuntimeError on an unterminated quote or beyond
// a limit (file size, line length, cells, rows). The file is read as a stream, never whole.
Table parse_csv(const std::string& text, const Limits& limits = Limits{});
Table read_csv(const std::filesystem::path& path, const Limits& limits = Limits{});

// By extension: .xlsx -> read_xlsx, .csv -> read_csv; anything else is a RuntimeError.
Table read_table(const std::filesystem::path& path, const Limits& limits = Limits{});

// "A" -> 0, "Z" -> 25, "AA" -> 26. Nullopt for anything that is not a column reference.
std::optional<std::size_t> column_index(const std::string& letters);

// Column names compared loosely: lower case, letters and digits only ("Onset Frame" ==
// "OnsetFrame" == "onset_frame").
std::string normalize_header(const std::string& name);

// The header row: the first row holding every one of `required` (normalized names).
// Returns the row index and a map normalized name -> column index (the first occurrence of
// each non-empty name in that row), or nullopt when no row has all of them.
struct HeaderMatch {
  std::size_t row = 0;
  std::map<std::string, std::size_t> columns;
};
std::optional<HeaderMatch> find_header(const Table& table, const std::vector<std::string>& required);

}  // namespace merlab
