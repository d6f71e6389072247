#include "framework/config/access.h"

#include <algorithm>

#include "framework/common/strings.h"

namespace merlab::cfg {

std::string choice(const YAML::Node& node, const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& allowed, const std::string& where) {
  auto v = value_or<std::string>(node, key, fallback, where);
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    auto close = closest_matches(v, allowed, 1);
    throw ConfigError("config key '" + join_key(where, key) + "': '" + v + "' is not one of " +
                      join(allowed, ", ") + (close.empty() ? "" : "; did you mean '" + close[0] + "'?"));
  }
  return v;
}

}  // namespace merlab::cfg
