// Writing simple one-sheet .xlsx files (libxlsxwriter): the synthetic generator's annotation
// sheet and test fixtures. Cells that read fully as a number are written as numbers, empty
// cells are not written at all (so the file has gaps in its cell references, like real
// sheets), everything else is a string.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace merlab {

struct XlsxWriteOptions {
  std::string sheet_name = "Sheet1";
  // Inline strings (<is><t>) instead of the shared-string table: libxlsxwriter's
  // constant-memory mode writes them, as some exporters do.
  bool inline_strings = false;
  // Fixed document creation time so that equal content gives byte-identical files.
  long long created_unix_time = 1400000000;
};

// Throws RuntimeError naming the file when libxlsxwriter fails.
void write_xlsx(const std::filesystem::path& path, const std::vector<std::vector<std::string>>& rows,
                const XlsxWriteOptions& options = {});

// RFC 4180 CSV, quoting fields that need it; LF line ends.
void write_csv(const std::filesystem::path& path, const std::vector<std::vector<std::string>>& rows);

}  // namespace merlab
