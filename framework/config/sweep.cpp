#include "framework/config/sweep.h"


#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/config.h"
#include "framework/config/overrides.h"
#include "framework/config/sweep_functions.h"
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

std::vector<std::string> expand_glob(const std::string& key, const grammar::Sweep& glob, const std::string& text,
                                     const std::filesystem::path& root) {
  auto options = group_options(root, key);
  if (options.empty()) {
    throw ConfigError("sweep '" + text + "': glob() selects options of a config group, and '" + key +
                      "' is not one" + suggestion_text(key, group_names(root)));
  }
  auto out = grammar::glob_filter(glob, options);
  if (out.empty()) {
    throw ConfigError("sweep '" + text + "' matches no option of group '" + key + "'; options: " + join(options, ", "));
  }
  return out;
}

// The override text of every point of a parsed sweep value.
std::vector<std::string> sweep_texts(const Override& o, const std::filesystem::path& root) {
  const auto& s = o.parsed.sweep;
  if (s.kind == grammar::Sweep::Kind::glob) return expand_glob(o.key, s, o.text, root);
  std::vector<grammar::Value> points;
  try {
    points = grammar::sweep_points(s, o.text);
  } catch (const grammar::FunctionError& e) {
    throw ConfigError("sweep '" + o.text + "': " + e.what());
  }
  if (points.empty()) throw ConfigError("sweep '" + o.text + "' has no values (an empty range?)");
  std::vector<std::string> out;
  for (const auto& p : points) out.push_back(grammar::to_override_text(p));
  return out;
}

// "+key", "key@pkg": the override's left-hand side, which every point repeats.
std::string key_element(const Override& o) {
  std::string prefix = o.kind == Override::Kind::add ? "+" : o.kind == Override::Kind::force ? "++" : "";
  return prefix + o.key + (o.package ? "@" + *o.package : "");
}

// Values of one axis from an override: its sweep points, or its single value.
std::vector<std::string> axis_values(const Override& o, const std::filesystem::path& root) {
  if (o.kind == Override::Kind::remove) throw ConfigError("sweep '" + o.text + "': a deletion (~) cannot be swept");
  if (o.is_sweep()) return sweep_texts(o, root);
  return {grammar::to_override_text(o.parsed.value)};
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
    for (const auto& x : v) out.push_back(grammar::to_override_text(grammar::from_yaml(x)));
    return out;
  }
  if (v.IsScalar()) {
    // A scalar is read with the override grammar: "range(0,3)", "a,b", "glob(res*)".
    return axis_values(parse_override(key + "=" + v.Scalar()), root);
  }
  throw ConfigError("sweep block: values of '" + key + "' must be a list or a sweep expression");
}

}  // namespace

bool is_sweep_override(const std::string& text) {
  if (starts_with(text, "zip(")) return true;
  try {
    return parse_override(text).is_sweep();
  } catch (const ConfigError&) {
    return false;  // composition reports the error with its position
  }
}

SweepSpec parse_sweep_overrides(const std::vector<std::string>& overrides, const std::filesystem::path& root) {
  SweepSpec spec;
  for (const auto& text : overrides) {
    if (starts_with(text, "zip(")) {
      if (!ends_with(text, ")")) throw ConfigError("sweep '" + text + "': expected zip(key=a,b;key2=x,y)");
      std::vector<std::pair<std::string, std::vector<std::string>>> cols;
      for (const auto& part : split_top_level(text.substr(4, text.size() - 5), ';')) {
        Override o = parse_override(trim(part));
        cols.emplace_back(key_element(o), axis_values(o, root));
      }
      spec.axes.push_back(zipped_axis(cols, "sweep '" + text + "'"));
      continue;
    }
    Override o = parse_override(text);
    if (!o.is_sweep()) {
      spec.fixed.push_back(text);
      continue;
    }
    SweepAxis axis;
    axis.keys = {key_element(o)};
    for (const auto& x : axis_values(o, root)) axis.values.push_back({x});
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
