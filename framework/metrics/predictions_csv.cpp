#include "framework/metrics/predictions_csv.h"

#include <algorithm>
#include <fstream>
#include <map>
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

bool is_index(const std::string& s) {
  return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct RawRow {
  std::size_t line;
  std::string subject, y_true, y_pred;
};

}  // namespace

PredictionTable read_predictions_csv(const std::filesystem::path& file, const std::vector<std::string>& classes) {
  const std::string f = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RuntimeError(f + ": cannot open predictions file");

  std::string line;
  std::size_t line_no = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++line_no;
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
  while (std::getline(in, line)) {
    ++line_no;
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
  bool integer_labels = false;
  if (!classes.empty()) {
    table.class_names = classes;
    for (std::size_t i = 0; i < classes.size(); ++i) {
      if (!by_name.emplace(classes[i], static_cast<int>(i)).second) {
        throw UsageError("--classes: class '" + classes[i] + "' is listed twice");
      }
    }
  } else {
    integer_labels = std::all_of(raw.begin(), raw.end(), [](const RawRow& r) { return is_index(r.y_true) && is_index(r.y_pred); });
    if (integer_labels) {
      int max_label = 0;
      for (const auto& r : raw) max_label = std::max({max_label, std::stoi(r.y_true), std::stoi(r.y_pred)});
      // The label space 0..max is allocated (names, k x k confusion matrix): one stray large
      // integer would ask for gigabytes. Such a label is not a class index.
      constexpr int kMaxInferredClasses = 1000;
      if (max_label >= kMaxInferredClasses) {
        auto it = std::find_if(raw.begin(), raw.end(), [&](const RawRow& r) {
          return std::stoi(r.y_true) == max_label || std::stoi(r.y_pred) == max_label;
        });
        throw RuntimeError(f + ":" + std::to_string(it->line) + ": integer label " + std::to_string(max_label) +
                           " would make " + std::to_string(max_label + 1) + " classes (at most " +
                           std::to_string(kMaxInferredClasses) + " are inferred); name the classes with --classes");
      }
      for (int c = 0; c <= max_label; ++c) table.class_names.push_back(std::to_string(c));
    } else {
      std::set<std::string> names;  // sorted, so the mapping does not depend on row order
      for (const auto& r : raw) {
        names.insert(r.y_true);
        names.insert(r.y_pred);
      }
      table.class_names.assign(names.begin(), names.end());
      for (std::size_t i = 0; i < table.class_names.size(); ++i) by_name[table.class_names[i]] = static_cast<int>(i);
    }
  }

  const int k = static_cast<int>(table.class_names.size());
  auto label = [&](const std::string& v, std::size_t at, const char* col) -> int {
    if (integer_labels) return std::stoi(v);
    auto it = by_name.find(v);
    if (it != by_name.end()) return it->second;
    if (is_index(v) && std::stoi(v) < k) return std::stoi(v);  // integer index into --classes
    throw RuntimeError(f + ":" + std::to_string(at) + ": " + col + " label '" + v +
                       "' is not one of the classes (" + join(table.class_names, ",") + ") nor an index 0.." +
                       std::to_string(k - 1));
  };
  table.rows.reserve(raw.size());
  for (const auto& r : raw) {
    table.rows.push_back({r.subject, label(r.y_true, r.line, "y_true"), label(r.y_pred, r.line, "y_pred")});
  }
  return table;
}

}  // namespace merlab::metrics
