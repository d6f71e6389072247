#include "framework/config/yaml_tree.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/config.h"
#include "framework/config/override_value.h"

namespace merlab::config {

namespace {

std::string position(const std::string& origin, const YAML::Mark& m) {
  if (m.is_null()) return origin;
  return origin + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

// Walks the tree as every later pass will (aliases expanded), so that the work of those passes
// is bounded: an alias bomb (`a: &a [1,1]`, `b: [*a,*a]`, ...) parses in linear time but would
// otherwise expand exponentially in composition, hashing and printing. The same walk refuses
// duplicate keys, which yaml-cpp keeps silently (the first wins on lookup).
void check_tree(const YAML::Node& n, const std::string& origin, std::size_t limit, std::size_t& count) {
  if (++count > limit) {
    throw ConfigError(origin + ": more than " + std::to_string(limit) +
                      " YAML nodes once aliases are expanded (an alias bomb?); a config needs far fewer. "
                      "The limit is set by MERLAB_YAML_MAX_NODES");
  }
  if (n.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : n) {
      // Config keys are text: every reader takes a key with as<std::string>(), which would throw
      // yaml-cpp's BadConversion, naming no file, for a complex key ('? [a, b]', '? {a: 1}').
      if (kv.first.IsMap() || kv.first.IsSequence()) {
        throw ConfigError(position(origin, kv.first.Mark()) + ": a map key must be a plain value (text), not a " +
                          (kv.first.IsMap() ? "map" : "list"));
      }
      if (kv.first.IsScalar()) {
        auto [it, inserted] = seen.emplace(kv.first.Scalar(), kv.first.Mark());
        if (!inserted) {
          throw ConfigError(position(origin, kv.first.Mark()) + ": duplicate key '" + kv.first.Scalar() +
                            "' (first at " + position(origin, it->second) + "); keep one");
        }
      }
      check_tree(kv.first, origin, limit, count);
      check_tree(kv.second, origin, limit, count);
    }
  } else if (n.IsSequence()) {
    for (const auto& x : n) check_tree(x, origin, limit, count);
  }
}

}  // namespace

std::size_t max_yaml_nodes() {
  const char* env = std::getenv("MERLAB_YAML_MAX_NODES");
  if (env && *env) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (end && *end == '\0' && v > 0) return static_cast<std::size_t>(v);
    throw ConfigError("MERLAB_YAML_MAX_NODES='" + std::string(env) + "': expected a positive integer");
  }
  return kDefaultMaxYamlNodes;
}

YAML::Node load_yaml_text(const std::string& text, const std::string& origin) {
  YAML::Node node;
  try {
    node = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(position(origin, e.mark) + ": YAML syntax error: " + e.msg);
  }
  std::size_t count = 0;
  check_tree(node, origin, max_yaml_nodes(), count);
  return node;
}

YAML::Node load_yaml_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read config file " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return load_yaml_text(ss.str(), path.string());
}

std::string origin_of(const std::string& file, const YAML::Node& node) {
  auto m = node.Mark();
  if (m.is_null()) return file;
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

YAML::Node clone(const YAML::Node& node) { return YAML::Clone(node); }

void record_leaves(const YAML::Node& value, const std::string& path, const std::string& origin, History& history) {
  if (value.IsMap() && value.size() > 0) {
    for (const auto& kv : value) {
      auto k = kv.first.as<std::string>();
      record_leaves(kv.second, path.empty() ? k : path + "." + k, origin, history);
    }
    return;
  }
  history[path].push_back(origin + "  -> " + value_text(value));
}

void merge_into(YAML::Node& dst, const YAML::Node& src, const std::string& path, History& history,
                const std::function<std::string(const YAML::Node&)>& origin) {
  if (!src.IsMap()) return;
  for (const auto& kv : src) {
    const auto key = kv.first.as<std::string>();
    const auto child_path = path.empty() ? key : path + "." + key;
    YAML::Node existing = dst[key];
    if (kv.second.IsMap() && existing.IsMap()) {
      merge_into(existing, kv.second, child_path, history, origin);
    } else {
      dst[key] = YAML::Clone(kv.second);
      if (kv.second.IsMap()) {
        // Record each leaf with its own line.
        std::function<void(const YAML::Node&, const std::string&)> rec = [&](const YAML::Node& n, const std::string& p) {
          if (n.IsMap() && n.size() > 0) {
            for (const auto& c : n) rec(c.second, p + "." + c.first.as<std::string>());
          } else {
            history[p].push_back(origin(n) + "  -> " + value_text(n));
          }
        };
        rec(kv.second, child_path);
      } else {
        history[child_path].push_back(origin(kv.second) + "  -> " + value_text(kv.second));
      }
    }
  }
}

std::vector<std::string> key_path(const std::string& dotted) {
  auto parts = split(dotted, '.');
  for (const auto& p : parts) {
    if (p.empty()) throw ConfigError("invalid key '" + dotted + "': empty component");
  }
  return parts;
}

namespace {
bool is_index(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}
// yaml-cpp's operator[] on a const node never inserts; we walk with copies (nodes are handles).
YAML::Node child(const YAML::Node& n, const std::string& k) {
  if (n.IsMap()) {
    for (const auto& kv : n)
      if (kv.first.as<std::string>() == k) return kv.second;
    return YAML::Node(YAML::NodeType::Undefined);
  }
  if (n.IsSequence() && is_index(k)) {
    auto i = std::stoul(k);
    if (i < n.size()) return n[i];
  }
  return YAML::Node(YAML::NodeType::Undefined);
}
}  // namespace

YAML::Node find(const YAML::Node& root, const std::string& dotted_key) {
  YAML::Node cur = root;
  for (const auto& k : key_path(dotted_key)) {
    if (!cur.IsDefined() || cur.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
    // reset() rebinds the handle; operator= would overwrite the node it refers to.
    cur.reset(child(cur, k));
  }
  return cur;
}

bool has_key(const YAML::Node& root, const std::string& dotted_key) { return find(root, dotted_key).IsDefined(); }

void set_key(YAML::Node& root, const std::string& dotted_key, const YAML::Node& value) {
  auto parts = key_path(dotted_key);
  YAML::Node cur = root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const auto& k = parts[i];
    if (cur.IsSequence() && is_index(k)) {
      auto idx = std::stoul(k);
      if (idx >= cur.size()) throw ConfigError("key '" + dotted_key + "': list index " + k + " out of range");
      cur.reset(cur[idx]);
      continue;
    }
    if (!cur.IsMap() && !cur.IsNull() && cur.IsDefined())
      throw ConfigError("key '" + dotted_key + "': '" + join({parts.begin(), parts.begin() + static_cast<long>(i)}, ".") +
                        "' is not a map");
    YAML::Node next = child(cur, k);
    if (!next.IsDefined() || next.IsNull()) {
      cur[k] = YAML::Node(YAML::NodeType::Map);
      next.reset(child(cur, k));
    }
    cur.reset(next);
  }
  const auto& last = parts.back();
  if (cur.IsSequence() && is_index(last)) {
    auto idx = std::stoul(last);
    if (idx >= cur.size()) throw ConfigError("key '" + dotted_key + "': list index " + last + " out of range");
    cur[idx] = value;
  } else {
    cur[last] = value;
  }
}

bool remove_key(YAML::Node& root, const std::string& dotted_key) {
  auto parts = key_path(dotted_key);
  auto parent_key = join({parts.begin(), parts.end() - 1}, ".");
  YAML::Node parent = parts.size() == 1 ? root : find(root, parent_key);
  if (!parent.IsDefined()) return false;
  if (parent.IsMap()) return parent.remove(parts.back());
  return false;
}

std::vector<std::string> all_keys(const YAML::Node& root) {
  std::vector<std::string> out;
  std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& n, const std::string& p) {
    if (!n.IsMap()) return;
    for (const auto& kv : n) {
      auto k = p.empty() ? kv.first.as<std::string>() : p + "." + kv.first.as<std::string>();
      out.push_back(k);
      walk(kv.second, k);
    }
  };
  walk(root, "");
  return out;
}

std::string value_text(const YAML::Node& node) {
  if (!node.IsDefined()) return "<undefined>";
  if (node.IsNull()) return "null";
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << node;
  return e.c_str();
}

namespace {

bool reads_as_non_string(const std::string& s) {
  if (s.empty()) return true;
  YAML::Node plain(s);
  long long i = 0;
  double d = 0;
  bool b = false;
  return grammar::from_yaml(plain).type != grammar::Value::Type::string || s == "~" ||
         YAML::convert<long long>::decode(plain, i) || YAML::convert<double>::decode(plain, d) ||
         YAML::convert<bool>::decode(plain, b);
}

void emit_node(YAML::Emitter& e, const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) {
    e << YAML::Null;
  } else if (n.IsScalar()) {
    if (n.Tag() == "!" && reads_as_non_string(n.Scalar())) e << YAML::DoubleQuoted;
    e << n.Scalar();
  } else if (n.IsSequence()) {
    if (n.Style() == YAML::EmitterStyle::Flow) e << YAML::Flow;
    e << YAML::BeginSeq;
    for (const auto& x : n) emit_node(e, x);
    e << YAML::EndSeq;
  } else {
    if (n.Style() == YAML::EmitterStyle::Flow) e << YAML::Flow;
    e << YAML::BeginMap;
    for (const auto& kv : n) {
      e << YAML::Key << kv.first.as<std::string>() << YAML::Value;
      emit_node(e, kv.second);
    }
    e << YAML::EndMap;
  }
}

}  // namespace

std::string emit_config(const YAML::Node& node) {
  YAML::Emitter e;
  emit_node(e, node);
  return e.c_str();
}

}  // namespace merlab::config
