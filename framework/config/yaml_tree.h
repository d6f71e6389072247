// Low-level operations on YAML trees used by composition: loading with file:line:column errors,
// deep merge with provenance, dotted-path navigation, canonical text.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace merlab::config {

// Parses a YAML file; a syntax error becomes ConfigError "path:line:column: message". A
// duplicate key is an error naming both lines, and so is a tree of more than max_yaml_nodes()
// nodes once aliases are expanded (an alias bomb would make every later pass exponential).
YAML::Node load_yaml_file(const std::filesystem::path& path);
// Parses YAML text with the same checks; `origin` names it in errors.
YAML::Node load_yaml_text(const std::string& text, const std::string& origin);

// Node limit of load_yaml_*: $MERLAB_YAML_MAX_NODES, else kDefaultMaxYamlNodes (the largest
// shipped config has a few hundred nodes).
inline constexpr std::size_t kDefaultMaxYamlNodes = 100000;
std::size_t max_yaml_nodes();

// Records, per dotted key, every origin that set it.
using History = std::map<std::string, std::vector<std::string>>;

// "file:line:col" for a node parsed from `file` (line/column 1-based).
std::string origin_of(const std::string& file, const YAML::Node& node);

// Deep-merges `src` into `dst` at `path` (maps merge, everything else replaces) and records the
// origin of every leaf written. `origin` receives each source node (to attach its line).
void merge_into(YAML::Node& dst, const YAML::Node& src, const std::string& path, History& history,
                const std::function<std::string(const YAML::Node&)>& origin);

// Splits "a.b.0.c" into components.
std::vector<std::string> key_path(const std::string& dotted);

// Navigation. `find` returns an invalid node when absent; `ensure_parent` creates maps on the way.
YAML::Node find(const YAML::Node& root, const std::string& dotted_key);
bool has_key(const YAML::Node& root, const std::string& dotted_key);
void set_key(YAML::Node& root, const std::string& dotted_key, const YAML::Node& value);
bool remove_key(YAML::Node& root, const std::string& dotted_key);

// Every dotted key in the tree (maps and leaves), for suggestions.
std::vector<std::string> all_keys(const YAML::Node& root);

// Records every leaf under `value` (at `path`) with `origin` in the history.
void record_leaves(const YAML::Node& value, const std::string& path, const std::string& origin, History& history);

// Text of a value for messages and the params table: scalars as-is, the rest as flow YAML.
std::string value_text(const YAML::Node& node);

// Block YAML of a config for people and files. Unlike yaml-cpp's emitter it quotes strings that
// are explicitly strings (tag "!", e.g. an override '010') where plain text would read back as a
// number, a boolean or null, so that the text means what the config means.
std::string emit_config(const YAML::Node& node);

}  // namespace merlab::config
