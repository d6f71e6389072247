// Command-line override grammar (Hydra's):
//   group=option     select a config group option (model=resnet18, experiment=demo)
//   a.b.c=value      set an existing key (error naming the closest keys if it does not exist)
//   +a.b=value       add a new key (error if it exists); +group=option adds a group
//   ++a.b=value      add or override
//   ~a.b             delete a key
// Values are YAML: 3 -> int, 0.1 -> float, true -> bool, null, 'quoted' or "quoted" strings, [1,2] lists.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace merlab::config {

struct Override {
  enum class Kind { set, add, force, remove };
  Kind kind = Kind::set;
  std::string key;
  std::string value_text;  // raw text after '='
  YAML::Node value;        // parsed YAML value
  std::string text;        // the whole override as given
};

// Throws ConfigError for malformed text ("=" missing, empty key, bad YAML value).
Override parse_override(const std::string& text);

}  // namespace merlab::config
