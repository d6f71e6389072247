#include "framework/config/override_value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "framework/config/override_lexer.h"
#include "framework/config/override_parser.h"

namespace merlab::config::grammar {

Value Value::boolean(bool v) {
  Value x;
  x.type = Type::boolean;
  x.b = v;
  return x;
}
Value Value::integer(long long v) {
  Value x;
  x.type = Type::integer;
  x.i = v;
  return x;
}
Value Value::floating(double v) {
  Value x;
  x.type = Type::floating;
  x.f = v;
  return x;
}
Value Value::string(std::string v, bool quoted) {
  Value x;
  x.type = Type::string;
  x.s = std::move(v);
  x.quoted = quoted;
  return x;
}
Value Value::list(std::vector<Value> v) {
  Value x;
  x.type = Type::list;
  x.items = std::move(v);
  return x;
}

std::string python_float(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Shortest %e text that reads back to the same double, as Python's repr does.
  char buf[64];
  for (int p = 0; p < 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string t = buf;
  bool negative = t[0] == '-';
  if (negative) t.erase(0, 1);
  auto e_pos = t.find('e');
  int exponent = std::atoi(t.c_str() + e_pos + 1);
  std::string digits;
  for (std::size_t k = 0; k < e_pos; ++k)
    if (t[k] != '.') digits += t[k];
  std::string out;
  if (exponent < -4 || exponent >= 16) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += eb;
  } else if (exponent >= 0) {
    std::size_t int_len = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() < int_len) digits.append(int_len - digits.size(), '0');
    out = digits.substr(0, int_len) + "." + (digits.size() > int_len ? digits.substr(int_len) : "0");
  } else {
    out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  }
  return negative ? "-" + out : out;
}

namespace {

// Quoting as Hydra's QuotedString.with_quotes(): a quote is escaped with '\', and the
// backslashes just before a quote (or before the closing quote) are doubled.
std::string single_quoted(const std::string& s) {
  std::string out = "'";
  std::size_t k = 0;
  while (k < s.size()) {
    if (s[k] == '\\') {
      std::size_t n = 0;
      while (k + n < s.size() && s[k + n] == '\\') ++n;
      bool before_quote = k + n == s.size() || s[k + n] == '\'';
      out.append(before_quote ? 2 * n : n, '\\');
      k += n;
    } else if (s[k] == '\'') {
      out += "\\'";
      ++k;
    } else {
      out += s[k++];
    }
  }
  return out + "'";
}

// Dict keys cannot be quoted in Hydra's grammar; special characters are escaped instead.
std::string escaped_key(const std::string& s) {
  static const std::string special = "\\()[]{}:=, \t";
  std::string out;
  for (char c : s) {
    if (special.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

std::string to_override_text(const Value& v) {
  switch (v.type) {
    case Value::Type::null: return "null";
    case Value::Type::boolean: return v.b ? "true" : "false";
    case Value::Type::integer: return std::to_string(v.i);
    case Value::Type::floating: return python_float(v.f);
    case Value::Type::string: {
      // Unquoted when it reads back as the same string, else quoted.
      if (!v.s.empty()) {
        try {
          Item back = parse_value_text(v.s, "value");
          if (!back.is_sweep && back.value.type == Value::Type::string && back.value.s == v.s) return v.s;
        } catch (const std::exception&) {
        }
      }
      return single_quoted(v.s);
    }
    case Value::Type::list: {
      std::string out = "[";
      for (std::size_t k = 0; k < v.items.size(); ++k) out += (k ? "," : "") + to_override_text(v.items[k]);
      return out + "]";
    }
    case Value::Type::dict: {
      std::string out = "{";
      for (std::size_t k = 0; k < v.entries.size(); ++k)
        out += (k ? "," : "") + escaped_key(v.entries[k].first) + ":" + to_override_text(v.entries[k].second);
      return out + "}";
    }
  }
  return "";
}

YAML::Node to_yaml(const Value& v) {
  switch (v.type) {
    case Value::Type::null: return YAML::Node(YAML::NodeType::Null);
    case Value::Type::boolean: return YAML::Node(v.b ? "true" : "false");
    case Value::Type::integer: return YAML::Node(std::to_string(v.i));
    case Value::Type::floating:
      if (std::isnan(v.f)) return YAML::Node(".nan");
      if (std::isinf(v.f)) return YAML::Node(v.f > 0 ? ".inf" : "-.inf");
      return YAML::Node(python_float(v.f));
    case Value::Type::string: {
      YAML::Node n(v.s);
      n.SetTag("!");
      return n;
    }
    case Value::Type::list: {
      YAML::Node n(YAML::NodeType::Sequence);
      for (const auto& x : v.items) n.push_back(to_yaml(x));
      return n;
    }
    case Value::Type::dict: {
      YAML::Node n(YAML::NodeType::Map);
      for (const auto& [k, x] : v.entries) n[k] = to_yaml(x);
      return n;
    }
  }
  return {};
}

Value from_yaml(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return Value::null();
  if (n.IsSequence()) {
    Value out = Value::list({});
    for (const auto& x : n) out.items.push_back(from_yaml(x));
    return out;
  }
  if (n.IsMap()) {
    Value out;
    out.type = Value::Type::dict;
    for (const auto& kv : n) out.entries.emplace_back(kv.first.as<std::string>(), from_yaml(kv.second));
    return out;
  }
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return Value::string(s, true);
  // Untagged scalars are typed as the override grammar types a whole token, plus YAML's
  // spellings of inf and nan.
  if (!s.empty() && match_int(s, 0) == s.size()) return Value::integer(int_of_token(s, s));
  if (!s.empty() && match_float(s, 0) == s.size()) return Value::floating(float_of_token(s));
  if (s == ".inf" || s == "+.inf" || s == ".Inf" || s == ".INF") return Value::floating(HUGE_VAL);
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return Value::floating(-HUGE_VAL);
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return Value::floating(std::nan(""));
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "false") return Value::boolean(lower == "true");
  if (lower == "null" || s == "~") return Value::null();
  return Value::string(s);
}

bool equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return a.number() == b.number();
  if (a.type != b.type) return false;
  switch (a.type) {
    case Value::Type::null: return true;
    case Value::Type::string: return a.s == b.s;
    case Value::Type::list:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t k = 0; k < a.items.size(); ++k)
        if (!equal(a.items[k], b.items[k])) return false;
      return true;
    case Value::Type::dict: {
      if (a.entries.size() != b.entries.size()) return false;
      for (const auto& [k, x] : a.entries) {
        bool found = false;
        for (const auto& [k2, y] : b.entries)
          if (k == k2) found = equal(x, y);
        if (!found) return false;
      }
      return true;
    }
    default: return false;
  }
}

std::string describe(const Value& v) {
  switch (v.type) {
    case Value::Type::string: return json_string(v.s);
    case Value::Type::list: {
      std::string out = "[";
      for (std::size_t k = 0; k < v.items.size(); ++k) out += (k ? ", " : "") + describe(v.items[k]);
      return out + "]";
    }
    case Value::Type::dict: {
      std::string out = "{";
      for (std::size_t k = 0; k < v.entries.size(); ++k)
        out += (k ? ", " : "") + json_string(v.entries[k].first) + ": " + describe(v.entries[k].second);
      return out + "}";
    }
    default: return to_override_text(v);
  }
}

std::string describe(const Item& item) {
  if (!item.is_sweep) return describe(item.value);
  const Sweep& s = item.sweep;
  std::string out;
  auto strings = [](const std::vector<std::string>& v) {
    std::string t = "[";
    for (std::size_t k = 0; k < v.size(); ++k) t += (k ? ", " : "") + json_string(v[k]);
    return t + "]";
  };
  switch (s.kind) {
    case Sweep::Kind::choice:
      out = "choice(";
      for (std::size_t k = 0; k < s.list.size(); ++k) out += (k ? ", " : "") + describe(s.list[k]);
      out += ")";
      break;
    case Sweep::Kind::range:
      out = "range(" + describe(s.start) + ", " + describe(s.stop) + ", " + describe(s.step) + ")";
      break;
    case Sweep::Kind::interval:
      out = "interval(" + python_float(s.begin) + ", " + python_float(s.end) + ")";
      break;
    case Sweep::Kind::glob:
      out = "glob(" + strings(s.include) + ", " + strings(s.exclude) + ")";
      break;
  }
  if (s.shuffle) out += " shuffled";
  if (!s.tags.empty()) out += " tags=" + strings(s.tags);
  return out;
}

}  // namespace merlab::config::grammar
