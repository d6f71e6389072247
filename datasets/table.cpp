#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "datasets/table.h"
#include "framework/common/error.h"

namespace merlab {

const std::string& Table::cell(std::size_t row, std::size_t col) const {
  static const std::string empty;
  if (row >= rows.size() || col >= rows[row].size()) return empty;
  return rows[row][col];
}

namespace {

// RFC 4180 from a stream buffer, one character at a time, so that a file is never held whole:
// memory is the table itself, bounded by the cell and row limits, plus one field, bounded by
// the line limit. `name` prefixes messages ("CSV" or the file path).
Table parse_csv_stream(std::streambuf& in, const Limits& limits, const std::string& name) {
  Table t;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false, any = false, first = true;
  std::size_t quote_line = 0, line = 1, line_bytes = 0, cells = 0;
  auto at_line = [&](std::size_t l) { return name + " line " + std::to_string(l); };
  auto end_field = [&] {
    if (++cells > limits.sheet_max_cells)
      throw RuntimeError(at_line(line) + ": the sheet has more than " + std::to_string(limits.sheet_max_cells) +
                         " cells; " + limits.describe("sheet_max_cells"));
    row.push_back(std::move(field));
    field.clear();
  };
  auto end_row = [&] {
    if (t.rows.size() >= limits.sheet_max_rows)
      throw RuntimeError(at_line(line) + ": the sheet has more than " + std::to_string(limits.sheet_max_rows) +
                         " rows; " + limits.describe("sheet_max_rows"));
    t.rows.push_back(std::move(row));
    row.clear();
  };
  auto new_line = [&] {
    ++line;
    line_bytes = 0;
  };
  using Traits = std::char_traits<char>;
  for (int c = in.sbumpc(); c != Traits::eof(); c = in.sbumpc()) {
    char ch = Traits::to_char_type(c);
    if (first) {  // an optional UTF-8 byte-order mark
      first = false;
      if (static_cast<unsigned char>(ch) == 0xEF && in.sgetc() == 0xBB) {
        in.sbumpc();
        if (in.sgetc() == 0xBF) {
          in.sbumpc();
          continue;
        }
        field += "\xEF\xBB";  // not a BOM after all: keep the bytes
        line_bytes = 2;
        any = true;
        continue;
      }
    }
    if (++line_bytes > limits.csv_max_line_bytes && ch != '\n' && ch != '\r')
      throw RuntimeError(at_line(line) + " is longer than " + bytes_text(limits.csv_max_line_bytes) + "; " +
                         limits.describe("csv_max_line_bytes"));
    if (in_quotes) {
      if (ch == '"') {
        if (in.sgetc() == '"') {
          field += '"';
          in.sbumpc();
          ++line_bytes;
        } else {
          in_quotes = false;
        }
      } else {
        if (ch == '\n') new_line();
        field += ch;
      }
      continue;
    }
    if (ch == '"') {
      in_quotes = true;
      quote_line = line;
      any = true;
    } else if (ch == ',') {
      end_field();
      any = true;
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && in.sgetc() == '\n') in.sbumpc();
      end_field();
      end_row();
      any = false;
      new_line();
    } else {
      field += ch;
      any = true;
    }
  }
  if (in_quotes) throw RuntimeError(name + ": unterminated quoted field starting on line " + std::to_string(quote_line));
  if (any || !field.empty()) {
    end_field();
    end_row();
  }
  return t;
}

}  // namespace

Table parse_csv(const std::string& text, const Limits& limits) {
  std::stringbuf buf(text, std::ios::in);
  return parse_csv_stream(buf, limits, "CSV");
}

Table read_csv(const std::filesystem::path& path, const Limits& limits) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.csv_max_file_bytes)
    throw RuntimeError("CSV file " + path.string() + " has " + bytes_text(size) + ", more than " +
                       bytes_text(limits.csv_max_file_bytes) + "; " + limits.describe("csv_max_file_bytes"));
  std::filebuf in;
  if (!in.open(path, std::ios::in | std::ios::binary)) throw RuntimeError("cannot read CSV file " + path.string());
  return parse_csv_stream(in, limits, "CSV file " + path.string());
}

Table read_table(const std::filesystem::path& path, const Limits& limits) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw RuntimeError("annotation file not found: " + path.string());
  if (ext == ".xlsx") return read_xlsx(path, limits);
  if (ext == ".csv") return read_csv(path, limits);
  throw RuntimeError("annotation file " + path.string() + ": expected a .xlsx or .csv file");
}

std::optional<std::size_t> column_index(const std::string& letters) {
  if (letters.empty() || letters.size() > 3) return std::nullopt;
  std::size_t v = 0;
  for (char ch : letters) {
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (u < 'A' || u > 'Z') return std::nullopt;
    v = v * 26 + static_cast<std::size_t>(u - 'A' + 1);
  }
  return v - 1;
}

std::string normalize_header(const std::string& name) {
  std::string out;
  for (unsigned char ch : name)
    if (std::isalnum(ch)) out += static_cast<char>(std::tolower(ch));
  return out;
}

std::optional<HeaderMatch> find_header(const Table& table, const std::vector<std::string>& required) {
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    HeaderMatch m;
    m.row = r;
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      std::string n = normalize_header(table.rows[r][c]);
      if (!n.empty() && !m.columns.count(n)) m.columns[n] = c;
    }
    bool all = std::all_of(required.begin(), required.end(),
                           [&](const std::string& k) { return m.columns.count(normalize_header(k)) > 0; });
    if (all) return m;
  }
  return std::nullopt;
}

}  // namespace merlab
