#include "framework/config/sweep_functions.h"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>

#include "framework/common/hash.h"
#include "framework/config/override_lexer.h"

namespace merlab::config::grammar {
namespace {

using Kwargs = std::vector<std::pair<std::string, Item>>;

// Binds positional and named arguments to parameter names, as Python does for a signature
// without *args.
std::map<std::string, Item> bind(const std::string& fn, const std::vector<std::string>& params, std::vector<Item> args,
                                 Kwargs kwargs) {
  if (args.size() > params.size()) throw FunctionError(fn + "() takes at most " + std::to_string(params.size()) + " arguments");
  std::map<std::string, Item> out;
  for (std::size_t k = 0; k < args.size(); ++k) out[params[k]] = std::move(args[k]);
  for (auto& [name, v] : kwargs) {
    if (std::find(params.begin(), params.end(), name) == params.end())
      throw FunctionError(fn + "() got an unexpected keyword argument '" + name + "'");
    if (out.count(name)) throw FunctionError(fn + "() got multiple values for argument '" + name + "'");
    out[name] = std::move(v);
  }
  return out;
}

// For functions with *args plus keyword-only parameters.
std::map<std::string, Item> keyword_only(const std::string& fn, const std::vector<std::string>& params, Kwargs kwargs) {
  return bind(fn, params, {}, std::move(kwargs));
}

const char* type_name(const Item& x) {
  if (x.is_sweep) return "a sweep";
  switch (x.value.type) {
    case Value::Type::null: return "null";
    case Value::Type::boolean: return "bool";
    case Value::Type::integer: return "int";
    case Value::Type::floating: return "float";
    case Value::Type::string: return "str";
    case Value::Type::list: return "list";
    case Value::Type::dict: return "dict";
  }
  return "?";
}

Value number_arg(const std::string& fn, const std::string& name, const Item& x) {
  if (x.is_sweep || (x.value.type != Value::Type::integer && x.value.type != Value::Type::floating))
    throw FunctionError(fn + "(): argument '" + name + "' must be an int or a float, got " + type_name(x));
  return x.value;
}

Item sweep_item(Sweep s) {
  Item out;
  out.is_sweep = true;
  out.sweep = std::move(s);
  return out;
}

Item value_item(Value v) {
  Item out;
  out.value = std::move(v);
  return out;
}

Sweep simple_choice(const std::string& fn, const std::vector<Item>& args) {
  Sweep s;
  s.simple_form = true;
  for (const auto& a : args) {
    if (a.is_sweep) throw FunctionError(fn + "(): a sweep cannot be one of several values");
    s.list.push_back(a.value);
  }
  return s;
}

// ---- casts ---------------------------------------------------------------------------------

std::string trimmed(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Python's int(str) and float(str): surrounding whitespace, a sign, '_' between digits.
Value python_int_of(const std::string& text) {
  std::string t = trimmed(text);
  std::size_t sign = (!t.empty() && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
  bool ok = t.size() > sign && std::isdigit(static_cast<unsigned char>(t[sign])) && std::isdigit(static_cast<unsigned char>(t.back()));
  for (std::size_t k = sign; ok && k < t.size(); ++k) {
    char c = t[k];
    if (c == '_') ok = std::isdigit(static_cast<unsigned char>(t[k + 1])) != 0;
    else ok = std::isdigit(static_cast<unsigned char>(c)) != 0;
  }
  if (!ok) throw FunctionError("invalid literal for int() with base 10: '" + text + "'");
  return Value::integer(int_of_token(t, "int('" + text + "')"));
}

Value python_float_of(const std::string& text) {
  std::string t = trimmed(text);
  std::string lower;
  for (char c : t) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string body = (!lower.empty() && (lower[0] == '+' || lower[0] == '-')) ? lower.substr(1) : lower;
  if (body == "inf" || body == "infinity") return Value::floating(lower[0] == '-' ? -HUGE_VAL : HUGE_VAL);
  if (body == "nan") return Value::floating(std::nan(""));
  if (!t.empty() && (match_float(t, 0) == t.size() || match_int(t, 0) == t.size())) return Value::floating(float_of_token(t));
  // Python also accepts leading zeros ("010.5", "007"), which the grammar's tokens do not.
  char* end = nullptr;
  double d = std::strtod(t.c_str(), &end);
  bool plain = t.find_first_not_of("+-0123456789.eE") == std::string::npos;
  if (t.empty() || !plain || *end) throw FunctionError("could not convert string to float: '" + text + "'");
  return Value::floating(d);
}

using Cast = std::function<Value(const Value&)>;

Value cast_value(const Value& v, const Cast& scalar) {
  if (v.type == Value::Type::list) {
    Value out = Value::list({});
    for (const auto& x : v.items) out.items.push_back(cast_value(x, scalar));
    return out;
  }
  if (v.type == Value::Type::dict) {
    Value out = v;
    for (auto& kv : out.entries) kv.second = cast_value(kv.second, scalar);
    return out;
  }
  if (v.type == Value::Type::null) throw FunctionError("cannot cast null");
  return scalar(v);
}

Value to_int(const Value& v) {
  switch (v.type) {
    case Value::Type::integer: return v;
    case Value::Type::boolean: return Value::integer(v.b ? 1 : 0);
    case Value::Type::floating:
      if (std::isnan(v.f)) throw FunctionError("cannot convert float NaN to integer");
      if (std::isinf(v.f)) throw FunctionError("cannot convert float infinity to integer");
      // Python's int is unbounded; ours is 64-bit, and converting a double outside that range
      // is undefined behaviour. [-2^63, 2^63) is exactly representable as doubles.
      if (!(std::trunc(v.f) >= -9223372036854775808.0 && std::trunc(v.f) < 9223372036854775808.0)) {
        throw FunctionError("float " + python_float(v.f) + " is out of the 64-bit integer range");
      }
      return Value::integer(static_cast<long long>(std::trunc(v.f)));
    default: return python_int_of(v.s);
  }
}

Value to_float(const Value& v) {
  switch (v.type) {
    case Value::Type::floating: return v;
    case Value::Type::integer: return Value::floating(static_cast<double>(v.i));
    case Value::Type::boolean: return Value::floating(v.b ? 1.0 : 0.0);
    default: return python_float_of(v.s);
  }
}

Value to_str(const Value& v) {
  switch (v.type) {
    case Value::Type::integer: return Value::string(std::to_string(v.i), true);
    case Value::Type::floating: return Value::string(python_float(v.f), true);
    case Value::Type::boolean: return Value::string(v.b ? "true" : "false", true);
    default: return Value::string(v.s, true);
  }
}

Value to_bool(const Value& v) {
  switch (v.type) {
    case Value::Type::boolean: return v;
    case Value::Type::integer: return Value::boolean(v.i != 0);
    case Value::Type::floating: return Value::boolean(v.f != 0);
    default: {
      std::string lower;
      for (char c : v.s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "true") return Value::boolean(true);
      if (lower == "false") return Value::boolean(false);
      throw FunctionError("Cannot cast '" + v.s + "' to bool");
    }
  }
}

Item cast(const std::string& fn, const Cast& scalar, std::vector<Item> args, Kwargs kwargs) {
  auto named = keyword_only(fn, {"value"}, std::move(kwargs));
  if (!args.empty() && named.count("value")) throw FunctionError("cannot use both position and named arguments");
  Item x;
  if (named.count("value")) x = named["value"];
  else if (args.empty()) throw FunctionError("No positional args or value specified");
  else if (args.size() == 1) x = args[0];
  else x = sweep_item(simple_choice(fn, args));
  if (!x.is_sweep) return value_item(cast_value(x.value, scalar));
  Sweep s = x.sweep;
  switch (s.kind) {
    case Sweep::Kind::choice:
      for (auto& v : s.list) v = cast_value(v, scalar);
      return sweep_item(s);
    case Sweep::Kind::range:
      if (fn != "int" && fn != "float") throw FunctionError("Range can only be cast to int or float");
      s.start = scalar(s.start), s.stop = scalar(s.stop), s.step = scalar(s.step);
      return sweep_item(s);
    case Sweep::Kind::interval:
      if (fn != "int" && fn != "float") throw FunctionError("Intervals cannot be cast to " + fn);
      s.begin = scalar(Value::floating(s.begin)).number(), s.end = scalar(Value::floating(s.end)).number();
      return sweep_item(s);
    case Sweep::Kind::glob: break;
  }
  throw FunctionError("a glob cannot be cast");
}

// ---- sweeps --------------------------------------------------------------------------------

Item choice(std::vector<Item> args, Kwargs kwargs) {
  if (!kwargs.empty()) throw FunctionError("choice() takes no keyword arguments");
  if (args.empty()) throw FunctionError("empty choice is not legal");
  if (args.size() == 1 && args[0].is_sweep) {
    Sweep s = args[0].sweep;
    if (s.kind == Sweep::Kind::choice && s.simple_form) {
      s.simple_form = false;
      return sweep_item(s);
    }
    throw FunctionError("nesting choices is not supported");
  }
  Sweep s = simple_choice("choice", args);
  s.simple_form = false;
  return sweep_item(s);
}

Item range(std::vector<Item> args, Kwargs kwargs) {
  auto a = bind("range", {"start", "stop", "step"}, std::move(args), std::move(kwargs));
  if (!a.count("start")) throw FunctionError("range() missing a required argument: 'start'");
  Sweep s;
  s.kind = Sweep::Kind::range;
  s.start = number_arg("range", "start", a["start"]);
  s.step = a.count("step") ? number_arg("range", "step", a["step"]) : Value::integer(1);
  if (a.count("stop")) {
    s.stop = number_arg("range", "stop", a["stop"]);
  } else {
    s.stop = s.start;
    s.start = Value::integer(0);
  }
  return sweep_item(s);
}

Item interval(std::vector<Item> args, Kwargs kwargs) {
  auto a = bind("interval", {"start", "end"}, std::move(args), std::move(kwargs));
  if (!a.count("start") || !a.count("end")) throw FunctionError("interval() needs start and end");
  Sweep s;
  s.kind = Sweep::Kind::interval;
  s.begin = number_arg("interval", "start", a["start"]).number();
  s.end = number_arg("interval", "end", a["end"]).number();
  return sweep_item(s);
}

std::vector<std::string> patterns(const std::string& name, const Item& x) {
  auto one = [&](const Value& v) {
    if (v.type != Value::Type::string) throw FunctionError("glob(): " + name + " patterns must be strings");
    return v.s;
  };
  if (x.is_sweep) throw FunctionError("glob(): " + name + " must be a pattern or a list of patterns");
  if (x.value.type == Value::Type::list) {
    std::vector<std::string> out;
    for (const auto& v : x.value.items) out.push_back(one(v));
    return out;
  }
  return {one(x.value)};
}

Item glob(std::vector<Item> args, Kwargs kwargs) {
  auto a = bind("glob", {"include", "exclude"}, std::move(args), std::move(kwargs));
  if (!a.count("include")) throw FunctionError("glob() missing a required argument: 'include'");
  Sweep s;
  s.kind = Sweep::Kind::glob;
  s.include = patterns("include", a["include"]);
  if (a.count("exclude")) s.exclude = patterns("exclude", a["exclude"]);
  return sweep_item(s);
}

Item tag(std::vector<Item> args, Kwargs kwargs) {
  auto named = keyword_only("tag", {"sweep"}, std::move(kwargs));
  if (named.count("sweep")) args.push_back(named["sweep"]);
  if (args.empty()) throw FunctionError("Not enough arguments to tag, must take at least a sweep");
  Item last = args.back();
  if (!last.is_sweep || last.sweep.kind == Sweep::Kind::glob)
    throw FunctionError("Last argument to tag() must be a choice(), range() or interval()");
  std::vector<std::string> tags;
  for (std::size_t k = 0; k + 1 < args.size(); ++k) {
    if (args[k].is_sweep || args[k].value.type != Value::Type::string)
      throw FunctionError(std::string("tag arguments type must be string, got ") + type_name(args[k]));
    tags.push_back(args[k].value.s);
  }
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  last.sweep.tags = tags;
  return last;
}

// Python's ordering: numbers (bool, int, float) among themselves, strings among themselves.
bool less(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return a.number() < b.number();
  if (a.type == Value::Type::string && b.type == Value::Type::string) return a.s < b.s;
  if (a.type == Value::Type::list && b.type == Value::Type::list)
    return std::lexicographical_compare(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(), less);
  throw FunctionError(std::string("'<' not supported between ") + type_name(value_item(a)) + " and " +
                      type_name(value_item(b)));
}

std::vector<Value> sorted(std::vector<Value> v, bool reverse) {
  std::stable_sort(v.begin(), v.end(), less);
  if (reverse) std::reverse(v.begin(), v.end());
  return v;
}

Item sort_sweep(const Sweep& s, bool reverse) {
  if (s.kind == Sweep::Kind::choice) {
    Sweep out = s;
    out.list = sorted(s.list, reverse);
    return sweep_item(out);
  }
  if (s.kind == Sweep::Kind::range) {
    // A sorted range is materialised into its sorted values (Hydra's fix of sort(range())).
    Sweep out;
    out.list = sorted(sweep_points(s, ""), reverse);
    out.tags = s.tags;
    return sweep_item(out);
  }
  throw FunctionError("sort() supports choice and range sweeps only");
}

Item sort(std::vector<Item> args, Kwargs kwargs) {
  auto named = keyword_only("sort", {"sweep", "list", "reverse"}, std::move(kwargs));
  bool reverse = false;
  if (named.count("reverse")) {
    const Item& r = named["reverse"];
    if (r.is_sweep || r.value.type != Value::Type::boolean) throw FunctionError("sort(): reverse must be a bool");
    reverse = r.value.b;
  }
  if (named.count("list")) args = {named["list"]};
  if (named.count("sweep")) return sort_sweep(named["sweep"].sweep, reverse);
  if (args.empty()) throw FunctionError("sort() needs values to sort");
  if (args.size() == 1) {
    const Item& a = args[0];
    if (a.is_sweep) return sort_sweep(a.sweep, reverse);
    if (a.value.type == Value::Type::list) return value_item(Value::list(sorted(a.value.items, reverse)));
    return a;
  }
  Sweep s = simple_choice("sort", args);
  s.list = sorted(s.list, reverse);
  return sweep_item(s);
}

// Fisher-Yates driven by a 64-bit LCG: the same order on every platform.
void seeded_shuffle(std::vector<Value>& v, const std::string& seed_text) {
  std::uint64_t state = 0;
  for (char c : hash_hex(seed_text).substr(0, 16)) state = state * 16 + static_cast<std::uint64_t>(std::isdigit(c) ? c - '0' : c - 'a' + 10);
  for (std::size_t k = v.size(); k > 1; --k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::size_t j = static_cast<std::size_t>((state >> 33) % k);
    std::swap(v[k - 1], v[j]);
  }
}

Item shuffle(std::vector<Item> args, Kwargs kwargs, const std::string& seed_text) {
  auto named = keyword_only("shuffle", {"sweep", "list"}, std::move(kwargs));
  if (named.count("list")) args = {named["list"]};
  if (named.count("sweep")) args = {named["sweep"]};
  if (args.empty()) throw FunctionError("shuffle() needs values to shuffle");
  if (args.size() == 1) {
    Item a = args[0];
    if (a.is_sweep) {
      if (a.sweep.kind != Sweep::Kind::choice && a.sweep.kind != Sweep::Kind::range)
        throw FunctionError("shuffle() supports choice and range sweeps only");
      a.sweep.shuffle = true;
      return a;
    }
    if (a.value.type == Value::Type::list) {
      seeded_shuffle(a.value.items, seed_text);
      return a;
    }
    return value_item(Value::list({a.value}));
  }
  Sweep s = simple_choice("shuffle", args);
  s.shuffle = true;
  return sweep_item(s);
}

std::string text_of_args(const std::string& name, const std::vector<Item>& args, const Kwargs& kwargs) {
  std::string t = name + "(";
  for (const auto& a : args) t += describe(a) + ",";
  for (const auto& [k, a] : kwargs) t += k + "=" + describe(a) + ",";
  return t + ")";
}

}  // namespace

Item call_function(const std::string& name, std::vector<Item> args, Kwargs kwargs) {
  if (name == "choice") return choice(std::move(args), std::move(kwargs));
  if (name == "range") return range(std::move(args), std::move(kwargs));
  if (name == "interval") return interval(std::move(args), std::move(kwargs));
  if (name == "glob") return glob(std::move(args), std::move(kwargs));
  if (name == "tag") return tag(std::move(args), std::move(kwargs));
  if (name == "sort") return sort(std::move(args), std::move(kwargs));
  if (name == "shuffle") {
    std::string seed = text_of_args(name, args, kwargs);
    return shuffle(std::move(args), std::move(kwargs), seed);
  }
  if (name == "int") return cast(name, to_int, std::move(args), std::move(kwargs));
  if (name == "float") return cast(name, to_float, std::move(args), std::move(kwargs));
  if (name == "str") return cast(name, to_str, std::move(args), std::move(kwargs));
  if (name == "bool") return cast(name, to_bool, std::move(args), std::move(kwargs));
  if (name == "extend_list") {
    throw FunctionError("extend_list() (deprecated in Hydra) is not supported; set the whole list, e.g. key=[1,2,3]");
  }
  if (name == "json_str") throw FunctionError("json_str() (deprecated in Hydra) is not supported");
  throw FunctionError("unknown function '" + name +
                      "' (known: choice, range, interval, glob, tag, sort, shuffle, int, float, str, bool)");
}

std::vector<Value> sweep_points(const Sweep& s, const std::string& seed_text) {
  std::vector<Value> out;
  if (s.kind == Sweep::Kind::choice) {
    out = s.list;
  } else if (s.kind == Sweep::Kind::range) {
    const bool ints = s.start.type == Value::Type::integer && s.stop.type == Value::Type::integer &&
                      s.step.type == Value::Type::integer;
    if (s.step.number() == 0) throw FunctionError("range() step must not be zero");
    const std::size_t limit = 100000;
    if (ints) {
      for (long long v = s.start.i; s.step.i > 0 ? v < s.stop.i : v > s.stop.i; v += s.step.i) {
        out.push_back(Value::integer(v));
        if (out.size() > limit) throw FunctionError("range() has more than 100000 values");
      }
    } else {
      // Hydra accumulates with decimal.Decimal (28 significant digits) and converts each value
      // to float: accumulate in long double and round through 28 digits, so that
      // range(0,10,3.3) ends in 9.9 as in Hydra, not in the double just below it.
      const long double step = s.step.number(), stop = s.stop.number();
      for (long double v = s.start.number(); step > 0 ? v < stop : v > stop; v += step) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.27Le", v);
        out.push_back(Value::floating(std::strtod(buf, nullptr)));
        if (out.size() > limit) throw FunctionError("range() has more than 100000 values");
      }
    }
  } else if (s.kind == Sweep::Kind::interval) {
    throw FunctionError("the grid sweeper does not support interval(): a continuous range needs an optimizing "
                        "sweeper; use range() or choice()");
  } else {
    throw FunctionError("glob() selects options of a config group; it needs the group's options");
  }
  if (s.shuffle) seeded_shuffle(out, seed_text);
  return out;
}

std::vector<std::string> glob_filter(const Sweep& g, const std::vector<std::string>& options) {
  std::vector<std::string> out;
  auto any = [](const std::vector<std::string>& pats, const std::string& o) {
    return std::any_of(pats.begin(), pats.end(), [&](const std::string& p) { return fnmatch(p.c_str(), o.c_str(), 0) == 0; });
  };
  for (const auto& o : options)
    if (any(g.include, o) && !any(g.exclude, o)) out.push_back(o);
  return out;
}

}  // namespace merlab::config::grammar
