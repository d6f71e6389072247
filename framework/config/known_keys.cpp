#include "framework/config/known_keys.h"

#include <algorithm>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::config {

void check_known_keys(const YAML::Node& node, const std::vector<std::string>& allowed, const std::string& where) {
  if (!node || node.IsNull()) return;
  if (!node.IsMap()) throw ConfigError("config key '" + where + "': expected a map");
  for (const auto& kv : node) {
    auto key = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    throw ConfigError("config key '" + (where.empty() ? key : where + "." + key) + "' is unknown" +
                      suggestion_text(key, allowed));
  }
}

}  // namespace merlab::config
