// Hydra-like configuration: config groups, a primary config with a `defaults:` list,
// experiment files that set several groups at once, command-line overrides, interpolation,
// provenance of every value, and a content hash (the run key hashes only the identity keys:
// config/identity.h).
//
//   config::ComposeOptions o; o.overrides = {"experiment=demo", "train.epochs=3"};
//   auto c = config::compose(o);
//   int epochs = cfg::require<int>(c.node["train"], "epochs", "train");
//
// The composed node is fully resolved (no ${...} left). See README "Configuration".
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace merlab::config {

// experiments/conf of the source tree, or $MERLAB_CONFIG_ROOT when set.
std::filesystem::path default_config_root();

struct ComposeOptions {
  std::filesystem::path root = default_config_root();
  std::string primary = "config";  // <root>/<primary>.yaml
  std::vector<std::string> overrides;
};

struct Composed {
  YAML::Node node;                              // resolved configuration
  std::map<std::string, std::string> choices;   // group -> selected option ("model" -> "resnet18")
  std::vector<std::string> overrides;           // as given
  // dotted key -> every origin that set it, in order ("experiments/conf/model/x.yaml:3:1", "override 'a=1'")
  std::map<std::string, std::vector<std::string>> history;
  YAML::Node sweep;                             // the `sweep:` block, removed from `node` (may be null)
  std::string hash() const;                     // identity_hash(node): the run key (config/identity.h)
};

// Throws ConfigError with file:line:column, the offending key and suggestions.
Composed compose(const ComposeOptions& options);

// Options of a config group (file stems under <root>/<group>/), sorted.
std::vector<std::string> group_options(const std::filesystem::path& root, const std::string& group);
// Group names (directories under root), sorted.
std::vector<std::string> group_names(const std::filesystem::path& root);

// Serialisation with map keys sorted recursively, so that equal content gives equal text.
std::string canonical_yaml(const YAML::Node& node);
// XXH3-128 hex of canonical_yaml: independent of key order and of which file set what.
std::string config_hash(const YAML::Node& node);

// Deep copy (yaml-cpp nodes share storage on assignment).
YAML::Node clone(const YAML::Node& node);

// Flattened "a.b.c" -> scalar text (lists as YAML flow text), for the params table and diffs.
std::map<std::string, std::string> flatten(const YAML::Node& node);

// Dotted-path lookup; returns an undefined node (operator bool false) when absent.
YAML::Node find(const YAML::Node& root, const std::string& dotted_key);

}  // namespace merlab::config
