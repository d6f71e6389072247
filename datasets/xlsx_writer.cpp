#include "datasets/xlsx_writer.h"

#include <xlsxwriter.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "framework/common/error.h"

namespace merlab {
namespace {

bool as_number(const std::string& s, double& out) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) || std::isspace(static_cast<unsigned char>(s.back())))
    return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return *end == '\0' && std::isfinite(out) && s.find_first_of("xXnN") == std::string::npos;  // no hex/inf/nan
}

}  // namespace

void write_xlsx(const std::filesystem::path& path, const std::vector<std::vector<std::string>>& rows,
                const XlsxWriteOptions& options) {
  lxw_workbook_options wo{};
  wo.constant_memory = options.inline_strings ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &wo);
  if (!wb) throw RuntimeError("cannot create xlsx file " + path.string());
  lxw_doc_properties props{};
  props.created = static_cast<time_t>(options.created_unix_time);
  workbook_set_properties(wb, &props);
  lxw_worksheet* ws = workbook_add_worksheet(wb, options.sheet_name.c_str());
  lxw_error err = LXW_NO_ERROR;
  for (std::size_t r = 0; r < rows.size() && err == LXW_NO_ERROR; ++r) {
    for (std::size_t c = 0; c < rows[r].size() && err == LXW_NO_ERROR; ++c) {
      const std::string& v = rows[r][c];
      if (v.empty()) continue;
      double d = 0;
      auto row = static_cast<lxw_row_t>(r);
      auto col = static_cast<lxw_col_t>(c);
      err = as_number(v, d) ? worksheet_write_number(ws, row, col, d, nullptr)
                            : worksheet_write_string(ws, row, col, v.c_str(), nullptr);
    }
  }
  lxw_error close_err = workbook_close(wb);
  if (err != LXW_NO_ERROR) throw RuntimeError("writing xlsx file " + path.string() + ": " + lxw_strerror(err));
  if (close_err != LXW_NO_ERROR)
    throw RuntimeError("writing xlsx file " + path.string() + ": " + lxw_strerror(close_err));
}

void write_csv(const std::filesystem::path& path, const std::vector<std::vector<std::string>>& rows) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw RuntimeError("cannot write CSV file " + path.string());
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& v = row[c];
      if (c) out << ',';
      if (v.find_first_of(",\"\r\n") != std::string::npos) {
        out << '"';
        for (char ch : v) out << (ch == '"' ? "\"\"" : std::string(1, ch));
        out << '"';
      } else {
        out << v;
      }
    }
    out << '\n';
  }
  if (!out) throw RuntimeError("writing CSV file " + path.string() + " failed");
}

}  // namespace merlab
