// Interpolation, resolved after composition (OmegaConf's syntax, the resolvers mer needs):
//   ${a.b}                  value of another key (a whole "${a.b}" keeps the referenced type)
//   ${.b}  ${..c.d}         relative to the node holding the interpolation (one dot per level up)
//   ${env:VAR,default}      environment variable, or the default read as YAML (mer's resolver)
//   ${oc.env:VAR,default}   environment variable as a string, or the default (OmegaConf's)
//   ${oc.select:key,default} value of key, or the default when the key is absent or null
// Interpolations nest (${oc.env:RUNS,${paths.home}/runs}); \${x} is the literal text ${x}.
// Embedded references are substituted as text ("runs/${sweep.name}/x"). Cycles are an error.
#pragma once

#include <yaml-cpp/yaml.h>

#include "framework/config/yaml_tree.h"

namespace merlab::config {

// Resolves every interpolation in `root` in place; records "interpolated from ..." in history.
void resolve_interpolations(YAML::Node& root, History& history);

}  // namespace merlab::config
