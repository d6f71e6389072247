// Typed access to config nodes with errors that name the full key and what was expected.
//
//   int epochs = cfg::require<int>(train_node, "epochs", "train");
//   double p   = cfg::value_or<double>(op_node, "p", 0.5, "aug.spatial.ops[2]");
//
// `where` is the dotted path of `node` itself, so messages read "config key 'train.epochs': ...".
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "framework/common/error.h"

namespace merlab::cfg {

inline std::string join_key(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

template <typename T>
const char* type_name() {
  if constexpr (std::is_same_v<T, bool>) return "a boolean";
  else if constexpr (std::is_integral_v<T>) return "an integer";
  else if constexpr (std::is_floating_point_v<T>) return "a number";
  else if constexpr (std::is_same_v<T, std::string>) return "a string";
  else return "a value of the expected type";
}

template <typename T>
T convert(const YAML::Node& value, const std::string& full_key) {
  try {
    if constexpr (std::is_same_v<T, std::string>) {
      if (!value.IsScalar()) throw YAML::BadConversion(value.Mark());
    }
    return value.as<T>();
  } catch (const YAML::Exception&) {
    std::string got = value.IsScalar() ? "'" + value.Scalar() + "'"
                      : value.IsSequence() ? std::string("a list")
                      : value.IsMap() ? std::string("a map") : std::string("null");
    throw ConfigError("config key '" + full_key + "': expected " + type_name<T>() + ", got " + got);
  }
}

// `???` marks a mandatory value the user must set (Hydra's MISSING), e.g. dataset.root.
inline bool is_missing_marker(const YAML::Node& v) { return v.IsScalar() && v.Scalar() == "???"; }

template <typename T>
T require(const YAML::Node& node, const std::string& key, const std::string& where) {
  if (!node || !node.IsMap() || !node[key] || node[key].IsNull()) {
    throw ConfigError("config key '" + join_key(where, key) + "' is required (expected " + type_name<T>() + ")");
  }
  if (is_missing_marker(node[key])) {
    throw ConfigError("config key '" + join_key(where, key) + "' must be set, e.g. " + join_key(where, key) + "=VALUE");
  }
  return convert<T>(node[key], join_key(where, key));
}

template <typename T>
T value_or(const YAML::Node& node, const std::string& key, const T& fallback, const std::string& where) {
  if (!node || !node.IsMap() || !node[key] || node[key].IsNull()) return fallback;
  if (is_missing_marker(node[key])) {
    throw ConfigError("config key '" + join_key(where, key) + "' must be set, e.g. " + join_key(where, key) + "=VALUE");
  }
  return convert<T>(node[key], join_key(where, key));
}

template <typename T>
std::vector<T> list_or(const YAML::Node& node, const std::string& key, const std::vector<T>& fallback,
                       const std::string& where) {
  if (!node || !node.IsMap() || !node[key] || node[key].IsNull()) return fallback;
  const auto& v = node[key];
  if (!v.IsSequence()) throw ConfigError("config key '" + join_key(where, key) + "': expected a list");
  std::vector<T> out;
  for (std::size_t i = 0; i < v.size(); ++i)
    out.push_back(convert<T>(v[i], join_key(where, key) + "[" + std::to_string(i) + "]"));
  return out;
}

// Value must be one of `allowed`.
std::string choice(const YAML::Node& node, const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& allowed, const std::string& where);

}  // namespace merlab::cfg
