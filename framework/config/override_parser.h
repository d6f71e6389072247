// Hydra's override grammar (hydra/grammar/OverrideLexer.g4 and OverrideParser.g4), as a small
// hand-written lexer and recursive-descent parser. Errors are ConfigError naming the override
// and the 1-based column of the offending character:
//   override 'x=[1,2': column 7: expected ',' or ']' to continue the list
//
//   override  := key '=' value? | '~' key ('=' value?)? | '+' '+'? key '=' value?
//   key       := (ID ('/' ID)+ | package) ('@' package)?
//   value     := element (',' element)*          -- more than one element is a choice sweep
//   element   := function | '[' elements? ']' | '{' (dictKey ':' element),* '}' | primitive
//   function  := ID '(' ((ID '=')? element),* ')'
//   primitive := a quoted string, or unquoted text typed as int, float, bool, null or string
// See docs/config.md for the typing rules, the escapes and the functions.
#pragma once

#include <optional>
#include <string>

#include "framework/config/override_value.h"

namespace merlab::config::grammar {

struct ParsedOverride {
  enum class Kind { set, add, force, remove };
  Kind kind = Kind::set;
  std::string key;                     // "a.b.c" or a group path "hydra/launcher"
  std::optional<std::string> package;  // after '@' (may be empty: the global package)
  bool has_value = false;              // false only for a bare "~key"
  Item value;                          // "" for "key="
  std::string text;                    // the override as given
};

// Parses one override. Functions (choice, range, casts, ...) are evaluated here, so `value`
// holds their result (a shuffled list is seeded by the override text: see sweep_functions.h).
ParsedOverride parse_override_text(const std::string& text);

// Parses `text` as a value (the right-hand side of '='), e.g. for sweep blocks in YAML.
// `origin` names it in errors.
Item parse_value_text(const std::string& text, const std::string& origin);

}  // namespace merlab::config::grammar
