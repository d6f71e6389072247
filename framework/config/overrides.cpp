#include "framework/config/overrides.h"

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/yaml_tree.h"

namespace merlab::config {

Override parse_override(const std::string& text) {
  Override o;
  o.text = text;
  std::string body = text;
  if (starts_with(body, "++")) {
    o.kind = Override::Kind::force;
    body = body.substr(2);
  } else if (starts_with(body, "+")) {
    o.kind = Override::Kind::add;
    body = body.substr(1);
  } else if (starts_with(body, "~")) {
    o.kind = Override::Kind::remove;
    body = body.substr(1);
  }
  auto eq = body.find('=');
  if (o.kind == Override::Kind::remove) {
    o.key = trim(eq == std::string::npos ? body : body.substr(0, eq));
  } else {
    if (eq == std::string::npos) {
      throw ConfigError("override '" + text + "': expected key=value (or ~key to delete)");
    }
    o.key = trim(body.substr(0, eq));
    o.value_text = body.substr(eq + 1);
    // An empty value means an empty string, as in Hydra (key=).
    o.value = o.value_text.empty() ? YAML::Node(std::string()) : load_yaml_text(o.value_text, "override '" + text + "'");
  }
  if (o.key.empty()) throw ConfigError("override '" + text + "': empty key");
  for (const auto& part : split(o.key, '.')) {
    if (part.empty()) throw ConfigError("override '" + text + "': invalid key '" + o.key + "'");
  }
  return o;
}

}  // namespace merlab::config
