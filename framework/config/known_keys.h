// Rejects misspelt keys in a config map ("config key 'di.methd' is unknown; did you mean
// 'method'? Valid: ...") instead of silently using a default. The one check every module uses
// for its own section, so that every such error reads the same.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace merlab::config {

// Nothing to check for a missing or null node; ConfigError for a node that is not a map or has
// a key outside `allowed`. `where` is the section's dotted path ("di", "train.optimizer").
void check_known_keys(const YAML::Node& node, const std::vector<std::string>& allowed, const std::string& where);

}  // namespace merlab::config
