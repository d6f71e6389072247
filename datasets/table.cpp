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

Table parse_csv(const std::string& text) {
  Table t;
  std::size_t i = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false, any = false;
  std::size_t quote_line = 0, line = 1;
  for (; i < text.size(); ++i) {
    char ch = text[i];
    if (in_quotes) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (ch == '\n') ++line;
        field += ch;
      }
      continue;
    }
    if (ch == '"') {
      in_quotes = true;
      quote_line = line;
      any = true;
    } else if (ch == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      t.rows.push_back(std::move(row));
      row.clear();
      any = false;
      ++line;
    } else {
      field += ch;
      any = true;
    }
  }
  if (in_quotes) throw RuntimeError("CSV: unterminated quoted field starting on line " + std::to_string(quote_line));
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table read_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RuntimeError("cannot read CSV file " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  try {
    return parse_csv(ss.str());
  } catch (const RuntimeError& e) {
    throw RuntimeError(path.string() + ": " + e.what());
  }
}

Table read_table(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw RuntimeError("annotation file not found: " + path.string());
  if (ext == ".xlsx") return read_xlsx(path);
  if (ext == ".csv") return read_csv(path);
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
