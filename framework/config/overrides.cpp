#include "framework/config/overrides.h"

namespace merlab::config {

Override parse_override(const std::string& text) {
  auto p = grammar::parse_override_text(text);
  Override o;
  o.kind = static_cast<Override::Kind>(p.kind);
  o.key = p.key;
  o.package = p.package;
  o.has_value = p.has_value;
  o.parsed = p.value;
  o.text = text;
  if (p.has_value && !p.value.is_sweep) o.value = grammar::to_yaml(p.value.value);
  return o;
}

}  // namespace merlab::config
