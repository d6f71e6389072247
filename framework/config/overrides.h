// A command-line override, parsed with Hydra's grammar (override_parser.h, docs/config.md):
//   group=option     select a config group option (model=resnet18, experiment=demo)
//   a.b.c=value      set an existing key; a dict value merges into an existing map
//   +a.b=value       add a new key (error if it holds a value); +group=option adds a group
//   ++a.b=value      add or override
//   ~a.b  ~a.b=v     delete a key (with =v: only if it holds v); ~list.0 deletes an element
//   group@pkg=opt    a group option placed under another package
// Values are typed by the grammar, not by YAML: 3 int, 0.1 float, true bool, null,
// 'quoted' string, [1,2] list, {a: 1} dict; a,b / choice() / range() / glob() are sweeps.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "framework/config/override_parser.h"

namespace merlab::config {

struct Override {
  enum class Kind { set, add, force, remove };
  Kind kind = Kind::set;
  std::string key;
  std::optional<std::string> package;  // key@package
  bool has_value = false;              // false for a bare ~key
  grammar::Item parsed;                // the value as parsed (may be a sweep)
  YAML::Node value;                    // the value as a YAML node (null node for sweeps)
  std::string text;                    // the whole override as given

  bool is_sweep() const { return parsed.is_sweep; }
};

// Throws ConfigError with the column of the offending character for malformed text.
Override parse_override(const std::string& text);

}  // namespace merlab::config
