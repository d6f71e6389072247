// Rejects misspelt keys in a config map ("config key 'di.methd' is unknown; did you mean
// 'method'?") instead of silently using a default.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace merlab {

void check_known_keys(const YAML::Node& node, const std::vector<std::string>& allowed, const std::string& where);

}  // namespace merlab
