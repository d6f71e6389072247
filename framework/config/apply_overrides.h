// Hydra's semantics of key overrides on a composed tree (ConfigLoaderImpl._apply_overrides_to_config):
//   key=v    the key must exist; a dict merges into an existing map, anything else replaces
//   +key=v   the key must not hold a value, except that dicts and lists merge into it
//   ++key=v  add or override (dicts merge)
//   ~key     delete (a list element too: ~list.0); ~key=v deletes only if the key holds v
#pragma once

#include <yaml-cpp/yaml.h>

#include "framework/config/overrides.h"
#include "framework/config/yaml_tree.h"

namespace merlab::config {

// Applies one non-sweep key override to `node`, recording provenance in `history`.
// Throws ConfigError naming the override, with the closest keys where one is unknown.
void apply_key_override(YAML::Node& node, const Override& o, History& history);

}  // namespace merlab::config
