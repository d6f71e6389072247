// Canonical text of a config tree (JSON, a subset of YAML flow style), the basis of config
// hashes and run keys.
#include <cmath>
#include <cstdio>
#include <map>

#include "framework/common/hash.h"
#include "framework/config/config.h"
#include "framework/config/yaml_tree.h"

namespace merlab::config {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Plain scalars that are numbers or booleans get one spelling (1e-3 == 0.001, True == true),
// so that equal content hashes equally however it was written.
std::string canonical_scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return quoted(s);  // explicitly quoted string stays a string
  if (s == "true" || s == "True" || s == "TRUE") return "true";
  if (s == "false" || s == "False" || s == "FALSE") return "false";
  if (s == "null" || s == "~" || s == "Null" || s == "NULL") return "null";
  // YAML's spellings of the non-finite floats (what an override inf/nan becomes).
  if (s == ".inf" || s == "+.inf" || s == ".Inf" || s == ".INF") return "inf";
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return "-inf";
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return "nan";
  if (!s.empty()) {
    char* end = nullptr;
    long long i = std::strtoll(s.c_str(), &end, 10);
    if (end && *end == '\0' && s.find_first_of(".eE") == std::string::npos) return std::to_string(i);
    double d = std::strtod(s.c_str(), &end);
    if (end && *end == '\0' && std::isfinite(d) && s.find_first_of("xX") == std::string::npos) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      std::string t = buf;
      if (t.find_first_of(".eEn") == std::string::npos) t += ".0";  // keep float-ness
      return t;
    }
  }
  return quoted(s);
}

void emit(const YAML::Node& n, std::string& out) {
  if (!n.IsDefined() || n.IsNull()) {
    out += "null";
  } else if (n.IsScalar()) {
    out += canonical_scalar(n);
  } else if (n.IsSequence()) {
    out += "[";
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i) out += ",";
      emit(n[i], out);
    }
    out += "]";
  } else {
    std::map<std::string, YAML::Node> sorted;
    for (const auto& kv : n) sorted.emplace(kv.first.as<std::string>(), kv.second);
    out += "{";
    bool first = true;
    for (const auto& [k, v] : sorted) {
      if (!first) out += ",";
      first = false;
      out += quoted(k) + ":";
      emit(v, out);
    }
    out += "}";
  }
}

}  // namespace

std::string canonical_yaml(const YAML::Node& node) {
  std::string out;
  emit(node, out);
  return out;
}

std::string config_hash(const YAML::Node& node) { return hash_hex(canonical_yaml(node)); }

std::map<std::string, std::string> flatten(const YAML::Node& node) {
  std::map<std::string, std::string> out;
  std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& n, const std::string& p) {
    if (n.IsMap() && n.size() > 0) {
      for (const auto& kv : n) walk(kv.second, p.empty() ? kv.first.as<std::string>() : p + "." + kv.first.as<std::string>());
    } else if (!p.empty()) {
      out[p] = value_text(n);
    }
  };
  walk(node, "");
  return out;
}

}  // namespace merlab::config
