// Values of command-line overrides as Hydra's grammar types them (see docs/config.md):
// null, bool, int, float, string (quoted or not), list, dict; and the sweeps a value may be
// (choice, range, interval, glob). Parsing lives in override_parser.h, functions in
// sweep_functions.h; this header holds the types and their conversions.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

namespace merlab::config::grammar {

struct Value {
  enum class Type { null, boolean, integer, floating, string, list, dict };
  Type type = Type::null;
  bool b = false;
  long long i = 0;
  double f = 0;
  std::string s;         // string content (escapes already removed)
  bool quoted = false;   // written in quotes: never re-typed, even when it looks like a number
  std::size_t at = 0;    // where an unquoted string starts in the override (for messages)
  std::vector<Value> items;                            // list
  std::vector<std::pair<std::string, Value>> entries;  // dict, in written order

  static Value null() { return {}; }
  static Value boolean(bool v);
  static Value integer(long long v);
  static Value floating(double v);
  static Value string(std::string v, bool quoted = false);
  static Value list(std::vector<Value> v);

  bool is_number() const { return type == Type::integer || type == Type::floating || type == Type::boolean; }
  double number() const { return type == Type::integer ? static_cast<double>(i) : type == Type::boolean ? b : f; }
};

struct Sweep {
  enum class Kind { choice, range, interval, glob };
  Kind kind = Kind::choice;
  std::vector<Value> list;  // choice
  bool simple_form = false; // a,b,c rather than choice(a,b,c)
  Value start, stop, step;  // range: integers or floats
  double begin = 0, end = 0;  // interval
  std::vector<std::string> include, exclude;  // glob
  std::vector<std::string> tags;              // tag(): sorted, no effect on the grid
  bool shuffle = false;                       // expanded in a (seeded) shuffled order
};

// A parsed element or the result of a function: a value or a sweep.
struct Item {
  bool is_sweep = false;
  Value value;
  Sweep sweep;
};

// Python's repr() of a float (shortest text that reads back exactly: 0.1, 10.0, 1e-05, inf).
std::string python_float(double v);

// Text that Hydra's grammar parses back to the same value (used for sweep points).
std::string to_override_text(const Value& v);

// YAML node for composition. Strings are tagged "!" (explicit strings: never re-typed by the
// hash or by readers); floats use YAML's spelling of inf/nan (.inf, .nan) so that readers get
// the same number.
YAML::Node to_yaml(const Value& v);

// YAML node -> Value, typing untagged scalars as the override grammar would (for sweep blocks
// and `~key=value` checks).
Value from_yaml(const YAML::Node& n);

// Hydra's `==` between values (1 == 1.0 == true, lists and dicts elementwise).
bool equal(const Value& a, const Value& b);

// A stable, typed description for tests and messages: 10, 10.0, "abc", [1, "a"], {"a": 1},
// choice(1, 2), range(0, 3, 1), interval(0.0, 1.0), glob(["*"], []), with tags/shuffle noted.
std::string describe(const Value& v);
std::string describe(const Item& item);

}  // namespace merlab::config::grammar
