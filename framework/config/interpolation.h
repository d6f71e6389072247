// Interpolation, resolved after composition:
//   ${a.b}               value of another key (the whole scalar "${a.b}" keeps the referenced type)
//   ${env:VAR,default}   environment variable, or the default (error when unset without default)
// Embedded references are substituted as text ("runs/${sweep.name}/x"). Cycles are an error.
#pragma once

#include <yaml-cpp/yaml.h>

#include "framework/config/yaml_tree.h"

namespace merlab::config {

// Resolves every interpolation in `root` in place; records "interpolated from ..." in history.
void resolve_interpolations(YAML::Node& root, History& history);

}  // namespace merlab::config
