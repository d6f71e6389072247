#include "framework/common/limits.h"

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab {
namespace {

struct Field {
  const char* key;
  std::uint64_t Limits::*member;
  const char* unit;  // "bytes" values are also shown in KiB/MiB/GiB
  const char* flag;  // the flag of the standalone commands that read it; nullptr: config only
};

const std::vector<Field>& fields() {
  static const std::vector<Field> f = {
      {"xlsx_max_bytes", &Limits::xlsx_max_bytes, "bytes", nullptr},
      {"xlsx_max_entries", &Limits::xlsx_max_entries, "entries", nullptr},
      {"xlsx_max_part_bytes", &Limits::xlsx_max_part_bytes, "bytes", nullptr},
      {"sheet_max_cells", &Limits::sheet_max_cells, "cells", nullptr},
      {"sheet_max_rows", &Limits::sheet_max_rows, "rows", nullptr},
      {"csv_max_file_bytes", &Limits::csv_max_file_bytes, "bytes", "--max-file-bytes"},
      {"csv_max_line_bytes", &Limits::csv_max_line_bytes, "bytes", "--max-line-bytes"},
      {"image_max_side", &Limits::image_max_side, "pixels", "--max-image-side"},
      {"max_classes", &Limits::max_classes, "classes", "--max-classes"},
  };
  return f;
}

const Field& field(const std::string& key) {
  for (const auto& f : fields())
    if (key == f.key) return f;
  throw std::out_of_range("no limit named '" + key + "'");
}

}  // namespace

std::string bytes_text(std::uint64_t bytes) {
  std::string s = std::to_string(bytes) + " bytes";
  const char* units[] = {"GiB", "MiB", "KiB"};
  const int shifts[] = {30, 20, 10};
  for (int i = 0; i < 3; ++i) {
    const std::uint64_t one = 1ull << shifts[i];
    if (bytes < one) continue;
    if (bytes % one == 0) return s + " (" + std::to_string(bytes / one) + " " + units[i] + ")";
    char buf[32];
    std::snprintf(buf, sizeof buf, " (%.1f %s)", static_cast<double>(bytes) / static_cast<double>(one), units[i]);
    return s + buf;
  }
  return s;
}

std::uint64_t limit_value(const Limits& limits, const std::string& key) { return limits.*(field(key).member); }

std::string Limits::describe(const std::string& key) const {
  const Field& f = field(key);
  const std::uint64_t v = this->*(f.member);
  const std::string value = std::string(f.unit) == "bytes" ? bytes_text(v) : std::to_string(v) + " " + f.unit;
  const std::string raise = source == Source::command_line && f.flag ? std::string(f.flag) + " N"
                                                                      : "limits." + std::string(key) + "=N";
  return "limit limits." + std::string(key) + " = " + value + "; raise it with " + raise;
}

Limits limits_from_config(const YAML::Node& node, const std::string& where) {
  Limits limits;
  if (!node || node.IsNull()) return limits;
  if (!node.IsMap()) throw ConfigError("config key '" + where + "': expected a map of limits");
  std::vector<std::string> keys;
  // max_classes belongs to `mer eval-preds`, which reads no config: as a key it would do nothing.
  auto in_config = [](const Field& f) { return std::string(f.key) != "max_classes"; };
  for (const auto& f : fields())
    if (in_config(f)) keys.push_back(f.key);
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    const std::string full = where + "." + key;
    const Field* f = nullptr;
    for (const auto& candidate : fields())
      if (key == candidate.key && in_config(candidate)) f = &candidate;
    if (!f) throw ConfigError("config key '" + full + "' is unknown" + suggestion_text(key, keys));
    const YAML::Node& v = kv.second;
    if (v.IsNull()) continue;  // null keeps the default
    // Digits only: yaml-cpp would read "-1" as a huge unsigned value and "1e9" as an error.
    const std::string text = v.IsScalar() ? trim(v.Scalar()) : std::string();
    bool digits = !text.empty() && text.size() <= 19;
    for (char c : text) digits = digits && c >= '0' && c <= '9';
    if (!digits || std::stoull(text) == 0)
      throw ConfigError("config key '" + full + "': expected a positive integer (" + f->unit + "), got '" +
                        (v.IsScalar() ? v.Scalar() : std::string(v.IsMap() ? "a map" : "a list")) + "'");
    limits.*(f->member) = std::stoull(text);
  }
  return limits;
}

}  // namespace merlab
