#include "framework/metrics/predictions_csv.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::metrics {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  std::size_t end = line.size();
  if (end > 0 && line[end - 1] == '\r') --end;
  for (std::size_t i = 0; i < end; ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < end && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

namespace {

// A label that reads as a number (an optional sign, digits, a fraction or an exponent) is
// meant as a class index, never as a class name.
bool looks_numeric(const std::string& s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digits = false;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digits = true, ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digits = true, ++i;
  }
  if (!digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    bool exp = false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) exp = true, ++i;
    if (!exp) return false;
  }
  return i == s.size();
}

// The index of a label made of decimal digits only, when it is below `count`.
std::optional<int> index_below(const std::string& s, std::size_t count) {
  if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const unsigned long long v = std::stoull(s);
  if (v >= count) return std::nullopt;
  return static_cast<int>(v);
}

struct RawRow {
  std::size_t line;
  std::string subject, y_true, y_pred;
};

// One line into `line` (without its '\n'), never more than `max_bytes`: a file with no line
// break is not read whole. False at the end of the file.
enum class LineStatus { ok, end, too_long };
LineStatus read_line(std::streambuf& in, std::string& line, std::uint64_t max_bytes) {
  using Traits = std::char_traits<char>;
  line.clear();
  int c = in.sbumpc();
  if (c == Traits::eof()) return LineStatus::end;
  for (; c != Traits::eof() && c != '\n'; c = in.sbumpc()) {
    if (line.size() >= max_bytes && !(c == '\r' && in.sgetc() == '\n')) return LineStatus::too_long;
    line.push_back(Traits::to_char_type(c));
  }
  return LineStatus::ok;
}

}  // namespace

PredictionTable read_predictions_csv(const std::filesystem::path& file, const std::vector<std::string>& classes,
                                     const Limits& limits) {
  const std::string f = file.string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > limits.csv_max_file_bytes)
    throw RuntimeError(f + ": predictions file of " + bytes_text(size) + ", more than " +
                       bytes_text(limits.csv_max_file_bytes) + "; " + limits.describe("csv_max_file_bytes"));
  std::filebuf in;
  if (!in.open(file, std::ios::in | std::ios::binary)) throw RuntimeError(f + ": cannot open predictions file");

  std::string line;
  std::size_t line_no = 0;
  auto next_line = [&] {
    const LineStatus s = read_line(in, line, limits.csv_max_line_bytes);
    if (s == LineStatus::end) return false;
    ++line_no;
    if (s == LineStatus::too_long)
      throw RuntimeError(f + ":" + std::to_string(line_no) + ": line longer than " +
                         bytes_text(limits.csv_max_line_bytes) + "; " + limits.describe("csv_max_line_bytes"));
    return true;
  };
  std::vector<std::string> header;
  while (next_line()) {
    if (line_no == 1 && starts_with(line, "\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 BOM
    if (trim(line).empty()) continue;
    header = split_csv_line(line);
    break;
  }
  if (header.empty()) {
    throw RuntimeError(f + ":" + std::to_string(std::max<std::size_t>(line_no, 1)) +
                       ": empty file; expected a header line with the columns subject,y_true,y_pred");
  }
  const std::size_t header_line = line_no;
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto name = trim(header[i]);
    if (!column.emplace(name, i).second) {
      throw RuntimeError(f + ":" + std::to_string(header_line) + ": column '" + name + "' appears twice in the header");
    }
  }
  std::size_t idx[3];
  const char* required[3] = {"subject", "y_true", "y_pred"};
  for (int k = 0; k < 3; ++k) {
    auto it = column.find(required[k]);
    if (it == column.end()) {
      throw RuntimeError(f + ":" + std::to_string(header_line) + ": missing column '" + required[k] +
                         "'; the header must name subject, y_true and y_pred (found: " + join(header, ",") + ")");
    }
    idx[k] = it->second;
  }

  std::vector<RawRow> raw;
  while (next_line()) {
    if (trim(line).empty()) continue;
    auto fields = split_csv_line(line);
    if (fields.size() != header.size()) {
      throw RuntimeError(f + ":" + std::to_string(line_no) + ": " + std::to_string(fields.size()) +
                         " fields, expected " + std::to_string(header.size()) + " as in the header");
    }
    RawRow r{line_no, trim(fields[idx[0]]), trim(fields[idx[1]]), trim(fields[idx[2]])};
    for (int k = 0; k < 3; ++k) {
      const std::string& v = k == 0 ? r.subject : (k == 1 ? r.y_true : r.y_pred);
      if (v.empty()) throw RuntimeError(f + ":" + std::to_string(line_no) + ": empty '" + required[k] + "' value");
    }
    raw.push_back(std::move(r));
  }
  if (raw.empty()) {
    throw RuntimeError(f + ":" + std::to_string(line_no + 1) + ": no prediction rows after the header");
  }

  PredictionTable table;
  std::map<std::string, int> by_name;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (!by_name.emplace(classes[i], static_cast<int>(i)).second) {
      throw UsageError("--classes: class '" + classes[i] + "' is listed twice");
    }
  }

  // Labels are all class names or all class indices: a label that reads as a number is an
  // index, so -1, 1.5 and an index beyond the classes are errors rather than new class names,
  // and so is a file mixing indices and names. With --classes, a numeric label that is also a
  // listed name is read as that name when every label is a listed name.
  struct Seen {
    std::size_t line;
    std::string label;
  };
  std::optional<Seen> first_index;
  auto at = [&](std::size_t l) { return f + ":" + std::to_string(l) + ": "; };
  const std::size_t index_count = classes.empty() ? limits.max_classes : classes.size();
  const std::string index_range = "0.." + std::to_string(index_count - 1);
  auto index_hint = [&] {
    return classes.empty() ? " (" + limits.describe("max_classes") + ")" : std::string(" (the --classes list)");
  };
  for (const auto& r : raw) {
    for (const std::string* v : {&r.y_true, &r.y_pred}) {
      const char* col = v == &r.y_true ? "y_true" : "y_pred";
      const bool numeric = looks_numeric(*v);
      if (!classes.empty() && !by_name.count(*v) && !index_below(*v, classes.size()))
        throw RuntimeError(at(r.line) + col + " label '" + *v + "' is not one of the classes (" + join(classes, ",") +
                           ") nor an index " + index_range);
      if (numeric && !by_name.count(*v) && !index_below(*v, index_count))
        throw RuntimeError(at(r.line) + col + " label '" + *v + "' is not a class index: expected an integer " +
                           index_range + index_hint() + ", or class names throughout");
      if (numeric && !first_index) first_index = Seen{r.line, *v};
    }
  }
  // With --classes, a numeric label that is also a class name fits both readings.
  bool names = !first_index;
  if (!classes.empty() && !names) {
    names = std::all_of(raw.begin(), raw.end(), [&](const RawRow& r) { return by_name.count(r.y_true) && by_name.count(r.y_pred); });
  }
  if (!names) {
    for (const auto& r : raw) {
      for (const std::string* v : {&r.y_true, &r.y_pred}) {
        if (index_below(*v, index_count)) continue;
        throw RuntimeError(at(r.line) + (v == &r.y_true ? "y_true" : "y_pred") + " label '" + *v +
                           "' is a class name, but line " + std::to_string(first_index->line) + " has the index '" +
                           first_index->label + "': expected class names throughout or indices " + index_range +
                           " throughout");
      }
    }
  }

  if (!classes.empty()) {
    table.class_names = classes;
  } else if (!names) {
    int max_label = 0;
    for (const auto& r : raw) max_label = std::max({max_label, *index_below(r.y_true, index_count), *index_below(r.y_pred, index_count)});
    for (int c = 0; c <= max_label; ++c) table.class_names.push_back(std::to_string(c));
  } else {
    std::set<std::string> sorted;  // sorted, so the mapping does not depend on row order
    for (const auto& r : raw) {
      sorted.insert(r.y_true);
      sorted.insert(r.y_pred);
    }
    table.class_names.assign(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < table.class_names.size(); ++i) by_name[table.class_names[i]] = static_cast<int>(i);
  }
  auto label = [&](const std::string& v) { return names ? by_name.at(v) : *index_below(v, index_count); };
  table.rows.reserve(raw.size());
  for (const auto& r : raw) {
    table.rows.push_back({r.subject, label(r.y_true), label(r.y_pred)});
  }
  return table;
}

}  // namespace merlab::metrics
