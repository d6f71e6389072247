#include "framework/config/interpolation.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/override_value.h"
#include "framework/config/yaml_tree.h"

namespace merlab::config {
namespace {

// End (index of the closing '}') of the interpolation starting at `start` ("${"), counting
// nested "${...}" and skipping quoted text; npos when unterminated.
std::size_t closing_brace(const std::string& text, std::size_t start) {
  int depth = 0;
  char quote = 0;
  for (std::size_t k = start; k < text.size(); ++k) {
    char c = text[k];
    if (quote) {
      if (c == '\\') ++k;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      if (depth >= 1) quote = c;
    } else if (c == '$' && k + 1 < text.size() && text[k + 1] == '{') {
      ++depth;
      ++k;
    } else if (c == '}') {
      if (--depth == 0) return k;
    }
  }
  return std::string::npos;
}

// Splits resolver arguments at top-level commas.
std::vector<std::string> split_args(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  char quote = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '{' || c == '[' || c == '(') {
      ++depth;
    } else if (c == '}' || c == ']' || c == ')') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(trim(cur));
  return out;
}

bool is_quoted(const std::string& s) {
  return s.size() >= 2 && (s[0] == '\'' || s[0] == '"') && s.back() == s[0];
}

class Resolver {
 public:
  Resolver(YAML::Node& root, History& history) : root_(root), history_(history) {}

  void resolve_all() { walk(root_, ""); }

 private:
  // Collects the paths first, then resolves: the tree must not change while it is iterated.
  void walk(const YAML::Node& node, const std::string& path) {
    std::vector<std::string> pending;
    collect(node, path, pending);
    for (const auto& p : pending) resolve_key(p);
  }

  static void collect(const YAML::Node& node, const std::string& path, std::vector<std::string>& out) {
    auto join_path = [&](const std::string& k) { return path.empty() ? k : path + "." + k; };
    if (node.IsMap()) {
      for (const auto& kv : node) collect(kv.second, join_path(kv.first.as<std::string>()), out);
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) collect(node[i], join_path(std::to_string(i)), out);
    } else if (node.IsScalar() && node.Scalar().find("${") != std::string::npos) {
      out.push_back(path);
    }
  }

  // Resolves the scalar at `path` (and, recursively, what it references). A resolved value is
  // never resolved again: it may hold a literal "${" from an escape.
  YAML::Node resolve_key(const std::string& path) {
    YAML::Node node = find(root_, path);
    if (done_.count(path) || !node.IsDefined() || !node.IsScalar() || node.Scalar().find("${") == std::string::npos)
      return node;
    if (std::find(stack_.begin(), stack_.end(), path) != stack_.end()) {
      std::vector<std::string> cycle(std::find(stack_.begin(), stack_.end(), path), stack_.end());
      cycle.push_back(path);
      throw ConfigError("interpolation cycle: " + join(cycle, " -> "));
    }
    stack_.push_back(path);
    const std::string text = node.Scalar();
    YAML::Node result = substitute(text, path);
    stack_.pop_back();
    set_key(root_, path, result);
    done_.insert(path);
    history_[path].push_back("interpolation '" + text + "'  -> " + value_text(result));
    return result;
  }

  // ".b" at "a.x" -> "a.b"; "..c" at "a.x.y" -> "a.c" (the node holding the interpolation is
  // the parent of `at`).
  std::string absolute_key(const std::string& key, const std::string& at) const {
    if (key.empty() || key[0] != '.') return key;
    std::size_t dots = key.find_first_not_of('.');
    if (dots == std::string::npos) throw ConfigError("config key '" + at + "': interpolation '${" + key + "}' names no key");
    auto parts = split(at, '.');
    if (dots > parts.size()) {
      throw ConfigError("config key '" + at + "': interpolation '${" + key + "}' goes above the root");
    }
    parts.resize(parts.size() - dots);
    std::string prefix = join(parts, ".");
    return prefix.empty() ? key.substr(dots) : prefix + "." + key.substr(dots);
  }

  YAML::Node key_value(const std::string& expr, const std::string& at) {
    std::string key = absolute_key(trim(expr), at);
    YAML::Node target = resolve_key(key);
    // Containers may hold interpolations themselves.
    if (target.IsMap() || target.IsSequence()) walk(target, key);
    return YAML::Clone(find(root_, key));
  }

  bool key_exists(const std::string& expr, const std::string& at) {
    std::string key = absolute_key(trim(expr), at);
    return has_key(root_, key);
  }

  // An argument of a resolver: nested interpolations resolved, quotes removed.
  std::string argument(const std::string& raw, const std::string& at) {
    std::string t = trim(raw);
    if (is_quoted(t)) return t.substr(1, t.size() - 2);
    YAML::Node v = substitute(t, at);
    return v.IsNull() ? "null" : v.IsScalar() ? v.Scalar() : value_text(v);
  }

  YAML::Node lookup(const std::string& expr, const std::string& at) {
    auto colon = expr.find(':');
    std::string resolver = colon == std::string::npos ? "" : trim(expr.substr(0, colon));
    bool is_resolver = colon != std::string::npos && resolver.find_first_of("${}") == std::string::npos &&
                       resolver.find('.') != 0;
    if (!is_resolver) {
      std::string key = absolute_key(trim(expr), at);
      if (!has_key(root_, key)) {
        throw ConfigError("config key '" + at + "': interpolation '${" + expr + "}' refers to unknown key '" + key + "'" +
                          suggestion_text(key, all_keys(root_)));
      }
      return key_value(expr, at);
    }
    auto args = split_args(expr.substr(colon + 1));
    if (resolver == "env" || resolver == "oc.env") {
      std::string var = argument(args[0], at);
      if (const char* v = std::getenv(var.c_str())) {
        YAML::Node n{std::string(v)};
        if (resolver == "oc.env") n.SetTag("!");  // OmegaConf's oc.env returns a string
        return n;
      }
      if (args.size() < 2) {
        throw ConfigError("config key '" + at + "': environment variable " + var + " is not set and '${" + expr +
                          "}' has no default");
      }
      std::string raw = trim(args[1]);
      std::string def = argument(raw, at);
      if (resolver == "env") {
        return def.empty() ? YAML::Node(std::string())
                           : load_yaml_text(def, "config key '" + at + "': default of '${" + expr + "}'");
      }
      if (!is_quoted(raw) && grammar::from_yaml(YAML::Node(def)).type != grammar::Value::Type::string &&
          def != "null") {
        throw ConfigError("config key '" + at + "': the default of oc.env must be a string or null, got " + def +
                          " (quote it: '" + def + "')");
      }
      if (!is_quoted(raw) && def == "null") return YAML::Node(YAML::NodeType::Null);
      YAML::Node n{def};
      n.SetTag("!");
      return n;
    }
    if (resolver == "oc.select") {
      std::string key = trim(args[0]);
      if (key_exists(key, at)) {
        YAML::Node v = key_value(key, at);
        if (!v.IsNull() || args.size() < 2) return v;
      }
      if (args.size() < 2) return YAML::Node(YAML::NodeType::Null);
      std::string raw = trim(args[1]);
      std::string def = argument(raw, at);
      if (is_quoted(raw)) {
        YAML::Node n{def};
        n.SetTag("!");
        return n;
      }
      return grammar::to_yaml(grammar::from_yaml(YAML::Node(def)));
    }
    throw ConfigError("config key '" + at + "': unknown resolver '" + resolver + "' in '${" + expr +
                      "}' (known: env, oc.env, oc.select)");
  }

  YAML::Node substitute(const std::string& text, const std::string& at) {
    // Whole-value reference keeps the referenced node's type.
    if (starts_with(text, "${") && closing_brace(text, 0) == text.size() - 1) {
      return lookup(text.substr(2, text.size() - 3), at);
    }
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
      if (text.compare(i, 3, "\\${") == 0) {  // escaped: literal ${
        out += "${";
        i += 3;
        continue;
      }
      if (text.compare(i, 4, "\\\\${") == 0) {  // escaped backslash, then an interpolation
        out += "\\";
        i += 2;
        continue;
      }
      if (text.compare(i, 2, "${") != 0) {
        out += text[i++];
        continue;
      }
      auto end = closing_brace(text, i);
      if (end == std::string::npos) throw ConfigError("config key '" + at + "': unterminated '${' in '" + text + "'");
      YAML::Node v = lookup(text.substr(i + 2, end - i - 2), at);
      if (!v.IsScalar() && !v.IsNull()) {
        throw ConfigError("config key '" + at + "': '" + text + "' embeds a map or list; only scalars can be embedded in text");
      }
      out += v.IsNull() ? "null" : v.Scalar();
      i = end + 1;
    }
    return YAML::Node(out);
  }

  YAML::Node& root_;
  History& history_;
  std::vector<std::string> stack_;
  std::set<std::string> done_;
};

}  // namespace

void resolve_interpolations(YAML::Node& root, History& history) { Resolver(root, history).resolve_all(); }

}  // namespace merlab::config
