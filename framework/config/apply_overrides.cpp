#include "framework/config/apply_overrides.h"

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::config {
namespace {

std::string shown(const YAML::Node& n) { return grammar::describe(grammar::from_yaml(n)); }

// Deletes `key`; list elements are removed (later ones move up), as `del list[i]`.
void delete_key(YAML::Node& root, const std::string& key) {
  auto parts = key_path(key);
  if (parts.size() > 1) {
    std::string parent_key = join({parts.begin(), parts.end() - 1}, ".");
    YAML::Node parent = find(root, parent_key);
    if (parent.IsSequence()) {
      std::size_t index = std::stoul(parts.back());
      YAML::Node rebuilt(YAML::NodeType::Sequence);
      for (std::size_t k = 0; k < parent.size(); ++k)
        if (k != index) rebuilt.push_back(parent[k]);
      set_key(root, parent_key, rebuilt);
      return;
    }
  }
  remove_key(root, key);
}

void write(YAML::Node& node, const Override& o, History& history, const std::string& origin) {
  YAML::Node existing = find(node, o.key);
  if (o.value.IsMap() && existing.IsDefined() && existing.IsMap()) {
    // Dicts merge into maps (OmegaConf.update(..., merge=True)): the other keys stay.
    YAML::Node wrapped(YAML::NodeType::Map);
    wrapped[key_path(o.key).back()] = o.value;
    auto parts = key_path(o.key);
    std::string parent_key = join({parts.begin(), parts.end() - 1}, ".");
    YAML::Node parent = parts.size() == 1 ? node : find(node, parent_key);
    merge_into(parent, wrapped, parent_key, history, [&](const YAML::Node&) { return origin; });
    return;
  }
  set_key(node, o.key, YAML::Clone(o.value));
  record_leaves(o.value, o.key, origin, history);
}

}  // namespace

void apply_key_override(YAML::Node& node, const Override& o, History& history) {
  const std::string origin = "override '" + o.text + "'";
  const YAML::Node existing = find(node, o.key);
  const bool exists = existing.IsDefined();
  switch (o.kind) {
    case Override::Kind::set:
      if (!exists) {
        throw ConfigError(origin + ": key '" + o.key + "' does not exist" + suggestion_text(o.key, all_keys(node)) +
                          " (use +" + o.key + "=... to add a new key)");
      }
      break;
    case Override::Kind::add:
      if (exists && !existing.IsNull() && !o.value.IsMap() && !o.value.IsSequence()) {
        throw ConfigError(origin + ": key '" + o.key + "' already exists (use " + o.key + "=... or ++" + o.key +
                          "=... to change it)");
      }
      break;
    case Override::Kind::force:
      break;
    case Override::Kind::remove:
      if (!exists) {
        throw ConfigError(origin + ": cannot delete '" + o.key + "': no such key" + suggestion_text(o.key, all_keys(node)));
      }
      if (o.has_value && !grammar::equal(grammar::from_yaml(existing), o.parsed.value)) {
        throw ConfigError(origin + ": cannot delete '" + o.key + "': its value is " + shown(existing) + ", not " +
                          grammar::describe(o.parsed.value));
      }
      delete_key(node, o.key);
      history[o.key].push_back(origin + "  -> deleted");
      return;
  }
  write(node, o, history, origin);
}

}  // namespace merlab::config
