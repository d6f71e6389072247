#include "framework/config/sweep.h"

#include <fnmatch.h>

#include <cmath>
#include <cstdio>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/config.h"
#include "framework/config/yaml_tree.h"

namespace merlab::config {
namespace {

// Splits on `sep` outside brackets, braces, parentheses and quotes.
std::vector<std::string> split_top_level(const std::string& s, char sep) {
  std::vector<std::string> out;
  int depth = 0;
  char quote = 0;
  std::string cur;
  for (char c : s) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[' || c == '{' || c == '(') {
      ++depth;
    } else if (c == ']' || c == '}' || c == ')') {
      --depth;
    } else if (c == sep && depth == 0) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(cur);
  return out;
}

std::string number_text(double v, bool integral) {
  if (integral) return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

std::vector<std::string> expand_range(const std::string& key, const std::string& args_text) {
  auto args = split(args_text, ',');
  if (args.empty() || args.size() > 3) throw ConfigError("sweep '" + key + "': range() takes 1 to 3 arguments");
  std::vector<double> a;
  bool integral = true;
  for (auto& x : args) {
    x = trim(x);
    char* end = nullptr;
    double v = std::strtod(x.c_str(), &end);
    if (x.empty() || *end) throw ConfigError("sweep '" + key + "': range() argument '" + x + "' is not a number");
    if (x.find_first_of(".eE") != std::string::npos) integral = false;
    a.push_back(v);
  }
  double start = a.size() >= 2 ? a[0] : 0, stop = a.size() >= 2 ? a[1] : a[0], step = a.size() == 3 ? a[2] : 1;
  if (step == 0) throw ConfigError("sweep '" + key + "': range() step must not be 0");
  std::vector<std::string> out;
  for (long i = 0;; ++i) {
    double v = start + static_cast<double>(i) * step;
    if ((step > 0 && v >= stop - 1e-12) || (step < 0 && v <= stop + 1e-12)) break;
    out.push_back(number_text(v, integral));
    if (out.size() > 100000) throw ConfigError("sweep '" + key + "': range() is too long");
  }
  if (out.empty()) throw ConfigError("sweep '" + key + "': range(" + args_text + ") is empty");
  return out;
}

std::vector<std::string> expand_glob(const std::string& key, const std::string& pattern, const std::filesystem::path& root) {
  auto options = group_options(root, key);
  if (options.empty()) {
    throw ConfigError("sweep '" + key + "=glob(" + pattern + ")': '" + key + "' is not a config group" +
                      suggestion_text(key, group_names(root)));
  }
  std::vector<std::string> out;
  for (const auto& o : options)
    if (fnmatch(trim(pattern).c_str(), o.c_str(), 0) == 0) out.push_back(o);
  if (out.empty()) {
    throw ConfigError("sweep '" + key + "=glob(" + pattern + ")' matches no option of group '" + key + "'; options: " +
                      join(options, ", "));
  }
  return out;
}

// Values of one axis from its text: "a,b,c", "range(..)", "glob(..)".
std::vector<std::string> axis_values(const std::string& key, const std::string& value, const std::filesystem::path& root) {
  std::string v = trim(value);
  if (starts_with(v, "range(") && ends_with(v, ")")) return expand_range(key, v.substr(6, v.size() - 7));
  if (starts_with(v, "glob(") && ends_with(v, ")")) return expand_glob(key, v.substr(5, v.size() - 6), root);
  auto parts = split_top_level(v, ',');
  for (auto& p : parts) p = trim(p);
  return parts;
}

std::pair<std::string, std::string> split_key_value(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos) throw ConfigError("sweep axis '" + text + "': expected key=values");
  return {trim(text.substr(0, eq)), text.substr(eq + 1)};
}

SweepAxis zipped_axis(const std::vector<std::pair<std::string, std::vector<std::string>>>& columns,
                      const std::string& where) {
  SweepAxis axis;
  std::size_t n = columns.empty() ? 0 : columns[0].second.size();
  for (const auto& [k, vals] : columns) {
    if (vals.size() != n) {
      throw ConfigError(where + ": zipped axes must have equal lengths; '" + columns[0].first + "' has " +
                        std::to_string(n) + " values but '" + k + "' has " + std::to_string(vals.size()));
    }
    axis.keys.push_back(k);
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> row;
    for (const auto& c : columns) row.push_back(c.second[i]);
    axis.values.push_back(row);
  }
  return axis;
}

std::vector<std::string> yaml_axis_values(const std::string& key, const YAML::Node& v, const std::filesystem::path& root) {
  if (v.IsSequence()) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(value_text(x));
    return out;
  }
  if (v.IsScalar()) return axis_values(key, v.Scalar(), root);
  throw ConfigError("sweep block: values of '" + key + "' must be a list or a sweep expression");
}

}  // namespace

bool is_sweep_override(const std::string& text) {
  if (starts_with(text, "zip(")) return true;
  if (starts_with(text, "~")) return false;
  auto eq = text.find('=');
  if (eq == std::string::npos) return false;
  std::string v = trim(text.substr(eq + 1));
  if (starts_with(v, "range(") || starts_with(v, "glob(")) return true;
  return split_top_level(v, ',').size() > 1;
}

SweepSpec parse_sweep_overrides(const std::vector<std::string>& overrides, const std::filesystem::path& root) {
  SweepSpec spec;
  for (const auto& text : overrides) {
    if (!is_sweep_override(text)) {
      spec.fixed.push_back(text);
      continue;
    }
    if (starts_with(text, "zip(")) {
      if (!ends_with(text, ")")) throw ConfigError("sweep '" + text + "': expected zip(key=a,b;key2=x,y)");
      std::vector<std::pair<std::string, std::vector<std::string>>> cols;
      for (const auto& part : split_top_level(text.substr(4, text.size() - 5), ';')) {
        auto [k, v] = split_key_value(part);
        cols.emplace_back(k, axis_values(k, v, root));
      }
      spec.axes.push_back(zipped_axis(cols, "sweep '" + text + "'"));
      continue;
    }
    auto [k, v] = split_key_value(text);
    SweepAxis axis;
    axis.keys = {k};
    for (const auto& x : axis_values(k, v, root)) axis.values.push_back({x});
    spec.axes.push_back(axis);
  }
  return spec;
}

void add_sweep_block(SweepSpec& spec, const YAML::Node& block, const std::filesystem::path& root) {
  if (!block || block.IsNull()) return;
  if (!block.IsMap()) throw ConfigError("sweep block: expected a map with 'grid:' and/or 'zip:'");
  for (const auto& kv : block) {
    auto k = kv.first.as<std::string>();
    if (k != "grid" && k != "zip") {
      throw ConfigError("sweep block: unknown key '" + k + "'" + suggestion_text(k, {"grid", "zip"}));
    }
  }
  if (const auto grid = block["grid"]) {
    if (!grid.IsMap()) throw ConfigError("sweep.grid: expected a map key -> values");
    for (const auto& kv : grid) {
      auto k = kv.first.as<std::string>();
      SweepAxis axis;
      axis.keys = {k};
      for (const auto& x : yaml_axis_values(k, kv.second, root)) axis.values.push_back({x});
      spec.axes.push_back(axis);
    }
  }
  if (const auto zip = block["zip"]) {
    std::vector<YAML::Node> groups;
    if (zip.IsMap()) groups.push_back(zip);
    else if (zip.IsSequence()) for (const auto& g : zip) groups.push_back(g);
    else throw ConfigError("sweep.zip: expected a map (one zipped axis) or a list of maps");
    for (const auto& g : groups) {
      if (!g.IsMap()) throw ConfigError("sweep.zip: each zipped axis is a map key -> values");
      std::vector<std::pair<std::string, std::vector<std::string>>> cols;
      for (const auto& kv : g) {
        auto k = kv.first.as<std::string>();
        cols.emplace_back(k, yaml_axis_values(k, kv.second, root));
      }
      spec.axes.push_back(zipped_axis(cols, "sweep.zip"));
    }
  }
}

std::vector<std::vector<std::string>> expand(const SweepSpec& spec) {
  std::vector<std::vector<std::string>> points{spec.fixed};
  for (const auto& axis : spec.axes) {
    std::vector<std::vector<std::string>> next;
    for (const auto& p : points) {
      for (const auto& row : axis.values) {
        auto q = p;
        for (std::size_t i = 0; i < axis.keys.size(); ++i) q.push_back(axis.keys[i] + "=" + row[i]);
        next.push_back(std::move(q));
      }
    }
    points = std::move(next);
  }
  return points;
}

}  // namespace merlab::config
