#include "framework/config/interpolation.h"

#include <cstdlib>
#include <set>
#include <vector>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::config {
namespace {

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

  // Resolves the scalar at `path` (and, recursively, what it references).
  YAML::Node resolve_key(const std::string& path) {
    YAML::Node node = find(root_, path);
    if (!node.IsDefined() || !node.IsScalar() || node.Scalar().find("${") == std::string::npos) return node;
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
    history_[path].push_back("interpolation '" + text + "'  -> " + value_text(result));
    return result;
  }

  YAML::Node lookup(const std::string& expr, const std::string& at) {
    if (starts_with(expr, "env:")) {
      std::string rest = expr.substr(4);
      auto comma = rest.find(',');
      std::string var = trim(comma == std::string::npos ? rest : rest.substr(0, comma));
      const char* v = std::getenv(var.c_str());
      if (v) return YAML::Node(std::string(v));
      if (comma == std::string::npos) {
        throw ConfigError("config key '" + at + "': environment variable " + var + " is not set and '${" + expr +
                          "}' has no default");
      }
      std::string def = trim(rest.substr(comma + 1));
      return def.empty() ? YAML::Node(std::string()) : YAML::Load(def);
    }
    std::string key = trim(expr);
    if (!has_key(root_, key)) {
      throw ConfigError("config key '" + at + "': interpolation '${" + expr + "}' refers to unknown key '" + key + "'" +
                        suggestion_text(key, all_keys(root_)));
    }
    YAML::Node target = resolve_key(key);
    // Containers may hold interpolations themselves.
    if (target.IsMap() || target.IsSequence()) walk(target, key);
    return YAML::Clone(find(root_, key));
  }

  YAML::Node substitute(const std::string& text, const std::string& at) {
    // Whole-value reference keeps the referenced node's type.
    if (starts_with(text, "${") && text.find("${", 2) == std::string::npos && text.back() == '}' &&
        text.find('}') == text.size() - 1) {
      return lookup(text.substr(2, text.size() - 3), at);
    }
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
      auto start = text.find("${", i);
      if (start == std::string::npos) {
        out += text.substr(i);
        break;
      }
      out += text.substr(i, start - i);
      auto end = text.find('}', start);
      if (end == std::string::npos) throw ConfigError("config key '" + at + "': unterminated '${' in '" + text + "'");
      YAML::Node v = lookup(text.substr(start + 2, end - start - 2), at);
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
};

}  // namespace

void resolve_interpolations(YAML::Node& root, History& history) { Resolver(root, history).resolve_all(); }

}  // namespace merlab::config
