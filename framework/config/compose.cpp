// Composition: defaults list -> group files -> experiment -> key overrides -> interpolation.
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "framework/common/error.h"
#include "framework/common/hash.h"
#include "framework/common/strings.h"
#include "framework/config/config.h"
#include "framework/config/identity.h"
#include "framework/config/apply_overrides.h"
#include "framework/config/interpolation.h"
#include "framework/config/overrides.h"
#include "framework/config/yaml_tree.h"

namespace merlab::config {
namespace fs = std::filesystem;

fs::path default_config_root() {
  if (const char* env = std::getenv("MERLAB_CONFIG_ROOT")) return env;
  return fs::path(MERLAB_SOURCE_DIR) / "experiments" / "conf";
}

std::vector<std::string> group_names(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> group_options(const fs::path& root, const std::string& group) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root / group, ec))
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

struct DefaultsEntry {
  bool self = false;
  std::string group;
  std::optional<std::string> package;  // group@package
  std::string option;  // empty = null (group not selected)
  std::string origin;  // where the choice came from

  // How overrides name this entry: "model", or "model@backbone".
  std::string override_key() const { return group + (package ? "@" + *package : ""); }
};

std::string node_origin(const fs::path& file, const YAML::Node& n) { return origin_of(file.string(), n); }

// "override /model", "/model", "optional model", "model" -> "model"
std::string defaults_group_name(std::string key, bool& is_override) {
  is_override = false;
  key = trim(key);
  for (const std::string prefix : {"override ", "optional "}) {
    if (starts_with(key, prefix)) {
      is_override = is_override || prefix == "override ";
      key = trim(key.substr(prefix.size()));
    }
  }
  if (starts_with(key, "/")) key = key.substr(1);
  return key;
}

std::vector<DefaultsEntry> parse_defaults(const YAML::Node& defaults, const fs::path& file) {
  std::vector<DefaultsEntry> out;
  if (!defaults) return out;
  if (!defaults.IsSequence()) throw ConfigError(node_origin(file, defaults) + ": 'defaults' must be a list");
  for (const auto& item : defaults) {
    DefaultsEntry e;
    e.origin = node_origin(file, item);
    if (item.IsScalar() && item.Scalar() == "_self_") {
      e.self = true;
    } else if (item.IsMap() && item.size() == 1) {
      auto kv = *item.begin();
      bool ov = false;
      e.group = defaults_group_name(kv.first.as<std::string>(), ov);
      if (auto at = e.group.find('@'); at != std::string::npos) {
        e.package = e.group.substr(at + 1);
        e.group = e.group.substr(0, at);
      }
      e.option = kv.second.IsNull() ? "" : kv.second.as<std::string>();
    } else {
      throw ConfigError(e.origin + ": defaults entries are '_self_' or 'group: option'");
    }
    out.push_back(e);
  }
  return out;
}

// The package a group file declares in its header (`# @package _global_`); "_group_" if none.
std::string header_package(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto t = trim(line);
    if (t.empty()) continue;
    if (!starts_with(t, "#")) break;
    auto p = t.find("@package");
    if (p != std::string::npos) return trim(t.substr(p + 8));
  }
  return "_group_";
}

bool is_group(const fs::path& root, const std::string& key) {
  return key.find('.') == std::string::npos && fs::is_directory(root / key);
}

std::string sweep_size(const Override& o) {
  const auto& s = o.parsed.sweep;
  switch (s.kind) {
    case grammar::Sweep::Kind::choice: return std::to_string(s.list.size()) + " values";
    case grammar::Sweep::Kind::range: return "a range";
    case grammar::Sweep::Kind::interval: return "an interval";
    case grammar::Sweep::Kind::glob: return "a glob of options";
  }
  return "values";
}

// The option named by a group override: a string (Hydra also allows a list of options, which
// mer does not).
std::string group_option(const Override& o, const fs::path& root) {
  if (!o.has_value || o.value.IsNull()) return "";
  if (!o.value.IsScalar() || o.parsed.value.type != grammar::Value::Type::string) {
    throw ConfigError("override '" + o.text + "': a config group takes one option name" +
                      suggestion_text("", group_options(root, o.key)));
  }
  if (o.value.Scalar().empty()) {
    throw ConfigError("override '" + o.text + "': expected an option name of config group '" + o.key + "' (one of: " +
                      join(group_options(root, o.key), ", ") + "); '~" + o.key + "' removes the group");
  }
  return o.value.Scalar();
}

// Groups and options name files inside the config folder: `model=../train/fast` or
// `experiment=../../../../tmp/x` would read YAML from anywhere.
void check_inside_config_folder(const std::string& group, const std::string& option, const std::string& origin) {
  for (const auto& part : split(group, '/')) {
    if (part.empty() || part == "." || part == "..") {
      throw ConfigError(origin + ": config group '" + group + "': expected a group name inside the config folder");
    }
  }
  if (option.empty() || option.find_first_of("/\\") != std::string::npos || option[0] == '.') {
    throw ConfigError(origin + ": option '" + option + "' of config group '" + group +
                      "': expected a plain name (a file of " + group + "/, without '/', '\\' or a leading '.')");
  }
}

fs::path option_file(const fs::path& root, const std::string& group, const std::string& option,
                     const std::string& origin) {
  check_inside_config_folder(group, option, origin);
  // The non-throwing overloads: a name the file system refuses (too long, say) is an unknown
  // group or option like any other, not a filesystem_error naming no config.
  std::error_code ec;
  if (!fs::is_directory(root / group, ec)) {
    throw ConfigError(origin + ": unknown config group '" + group + "'" + suggestion_text(group, group_names(root)));
  }
  fs::path f = root / group / (option + ".yaml");
  if (!fs::is_regular_file(f, ec)) {
    throw ConfigError(origin + ": unknown option '" + option + "' for config group '" + group + "'" +
                      suggestion_text(option, group_options(root, group)));
  }
  return f;
}

}  // namespace

Composed compose(const ComposeOptions& options) {
  const fs::path& root = options.root;
  const fs::path primary_path = root / (options.primary + ".yaml");
  if (!fs::is_regular_file(primary_path)) throw ConfigError("primary config not found: " + primary_path.string());
  YAML::Node primary = load_yaml_file(primary_path);
  if (primary.IsNull()) primary = YAML::Node(YAML::NodeType::Map);
  if (!primary.IsMap()) throw ConfigError(primary_path.string() + ": expected a map at the top level");

  Composed out;
  out.overrides = options.overrides;

  // 1. Split overrides into group choices and key edits (Hydra: a dict value on a group name
  //    is a key edit of the group's package).
  std::vector<Override> key_overrides;
  std::vector<Override> group_overrides;
  for (const auto& text : options.overrides) {
    Override o = parse_override(text);
    if (o.is_sweep()) {
      throw ConfigError("override '" + text + "' is a sweep over " + sweep_size(o) +
                        "; run it with 'mer sweep', or write a list as " + o.key + "=[...] or a string in quotes, " +
                        o.key + "='...'");
    }
    if (is_group(root, o.key) && !o.value.IsMap()) {
      group_overrides.push_back(o);
    } else if (o.package) {
      throw ConfigError("override '" + text + "' looks like a config group override, but config group '" + o.key +
                        "' does not exist" + suggestion_text(o.key, group_names(root)));
    } else {
      key_overrides.push_back(o);
    }
  }

  // 2. Defaults list of the primary config, with _self_ appended when absent (as Hydra 1.1+).
  auto entries = parse_defaults(primary["defaults"], primary_path);
  primary.remove("defaults");
  if (std::none_of(entries.begin(), entries.end(), [](const DefaultsEntry& e) { return e.self; })) {
    DefaultsEntry self;
    self.self = true;
    entries.push_back(self);
  }
  auto entry_of = [&](const std::string& key) -> DefaultsEntry* {
    for (auto& e : entries)
      if (!e.self && e.override_key() == key) return &e;
    return nullptr;
  };
  std::vector<std::string> cli_groups;
  std::vector<const Override*> unmatched;  // group=option whose group only an experiment may list
  for (const auto& o : group_overrides) {
    const std::string key = o.key + (o.package ? "@" + *o.package : "");
    DefaultsEntry* e = entry_of(key);
    std::string option = group_option(o, root);
    switch (o.kind) {
      case Override::Kind::force:
        throw ConfigError("override '" + o.text + "': force-add (++) of config groups is not supported (as in Hydra); "
                          "write " + o.key + "=" + option + " or +" + o.key + "=" + option);
      case Override::Kind::add:
        if (e && !e->option.empty()) {
          throw ConfigError("override '" + o.text + "': config group '" + key + "' is already selected (" + key + "=" +
                            e->option + "); write " + o.text.substr(1) + " to change it");
        }
        if (!e) {
          entries.push_back(DefaultsEntry{false, o.key, o.package, option, "override '" + o.text + "'"});
        } else {
          e->option = option;
          e->origin = "override '" + o.text + "'";
        }
        break;
      case Override::Kind::remove:
        if (!e || e->option.empty() || (o.has_value && option != e->option)) {
          throw ConfigError("override '" + o.text + "': cannot delete '" + key + (o.has_value ? "=" + option : "") +
                            "': no match in the defaults list" +
                            (e && !e->option.empty() ? " (" + key + " is " + e->option + ")" : ""));
        }
        e->option.clear();
        e->origin = "override '" + o.text + "'";
        break;
      case Override::Kind::set:
        if (!e) {
          unmatched.push_back(&o);
        } else {
          e->option = option;
          e->origin = "override '" + o.text + "'";
        }
        break;
    }
    cli_groups.push_back(key);
  }

  // 3. The experiment file may re-select other groups (`override /model: learnet`); command-line
  //    choices still win.
  YAML::Node experiment_content;
  fs::path experiment_path;
  if (DefaultsEntry* exp = entry_of("experiment"); exp && !exp->option.empty()) {
    experiment_path = option_file(root, "experiment", exp->option, exp->origin);
    experiment_content = load_yaml_file(experiment_path);
    if (experiment_content.IsNull()) experiment_content = YAML::Node(YAML::NodeType::Map);
    for (const auto& d : parse_defaults(experiment_content["defaults"], experiment_path)) {
      if (d.self) continue;
      if (std::find(cli_groups.begin(), cli_groups.end(), d.override_key()) != cli_groups.end() &&
          entry_of(d.override_key()))
        continue;
      if (DefaultsEntry* e = entry_of(d.override_key())) {
        e->option = d.option;
        e->origin = d.origin;
      } else {
        // A group the primary does not list goes just before the experiment itself.
        auto pos = std::find_if(entries.begin(), entries.end(),
                                [](const DefaultsEntry& x) { return !x.self && x.group == "experiment"; });
        entries.insert(pos, d);
      }
    }
    experiment_content.remove("defaults");
  }
  for (const Override* o : unmatched) {
    const std::string key = o->key + (o->package ? "@" + *o->package : "");
    DefaultsEntry* e = entry_of(key);
    if (!e) {
      throw ConfigError("override '" + o->text + "': config group '" + key +
                        "' is not in the defaults list; to append it use +" + o->text);
    }
    e->option = group_option(*o, root);
    e->origin = "override '" + o->text + "'";
  }

  // 4. Merge in defaults-list order.
  YAML::Node node(YAML::NodeType::Map);
  for (const auto& e : entries) {
    if (e.self) {
      merge_into(node, primary, "", out.history, [&](const YAML::Node& n) { return node_origin(primary_path, n); });
      continue;
    }
    if (e.option.empty()) continue;
    out.choices[e.override_key()] = e.option;
    fs::path file = option_file(root, e.group, e.option, e.origin);
    YAML::Node content = e.group == "experiment" ? experiment_content : load_yaml_file(file);
    // An empty option file would surface later as a missing key of another name.
    if (content.IsNull()) {
      throw ConfigError(file.string() + ": the file is empty; option '" + e.option + "' of config group '" + e.group +
                        "' needs its keys (see the other files of " + (root / e.group).string() + ")");
    }
    if (!content.IsMap()) throw ConfigError(file.string() + ": expected a map at the top level");
    auto origin = [&](const YAML::Node& n) { return node_origin(file, n); };
    std::string package = e.group == "experiment" ? "_global_" : e.package ? *e.package : header_package(file);
    if (package.empty()) package = "_global_";
    if (package == "_group_") package = e.group;
    std::replace(package.begin(), package.end(), '/', '.');
    if (package == "_global_") {
      merge_into(node, content, "", out.history, origin);
    } else {
      YAML::Node wrapped(YAML::NodeType::Map);
      YAML::Node inner = content;
      auto parts = key_path(package);
      for (std::size_t k = parts.size(); k-- > 1;) {
        YAML::Node level(YAML::NodeType::Map);
        level[parts[k]] = inner;
        inner = level;
      }
      wrapped[parts[0]] = inner;
      merge_into(node, wrapped, "", out.history, origin);
    }
  }

  // 5. Key overrides, in command-line order.
  for (const auto& o : key_overrides) apply_key_override(node, o, out.history);

  // 6. The sweep block describes a grid, not a run: keep it aside.
  if (node["sweep"]) {
    out.sweep = YAML::Clone(node["sweep"]);
    node.remove("sweep");
  }

  resolve_interpolations(node, out.history);
  out.node = node;
  return out;
}

std::string Composed::hash() const { return identity_hash(node); }

}  // namespace merlab::config
