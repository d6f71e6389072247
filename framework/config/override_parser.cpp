// Recursive-descent parser for Hydra's override grammar (hydra/grammar/OverrideParser.g4) over
// the tokens of override_lexer.h; the key (DEFAULT_MODE) is scanned here character by character.
#include "framework/config/override_parser.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <vector>

#include "framework/common/error.h"
#include "framework/config/override_lexer.h"
#include "framework/config/sweep_functions.h"

namespace merlab::config::grammar {
namespace {
using namespace lex;

class Parser {
 public:
  Parser(const std::string& text, std::size_t start, std::string where)
      : text_(text), where_(std::move(where)), toks_(lex_value(text, start, where_)) {}

  Item parse_value() {
    Item out = parse_choice();
    check(out);
    return out;
  }

 private:
  Item parse_choice() {
    std::vector<Item> elements{parse_element()};
    std::size_t first_comma = peek().pos;
    while (peek().type == Tok::comma) {
      ++k_;
      elements.push_back(parse_element());
    }
    expect_end();
    if (elements.size() == 1) return elements[0];
    Item sweep;
    sweep.is_sweep = true;
    sweep.sweep.simple_form = true;
    for (auto& e : elements) {
      if (e.is_sweep) fail(first_comma, "a sweep cannot be one of the values of a choice (a,b,c)");
      sweep.sweep.list.push_back(std::move(e.value));
    }
    return sweep;
  }

  const Token& peek(std::size_t ahead = 0) const { return toks_[std::min(k_ + ahead, toks_.size() - 1)]; }

  [[noreturn]] void fail(std::size_t pos, const std::string& message) const {
    throw ConfigError(where_ + ": column " + std::to_string(pos + 1) + ": " + message);
  }

  void expect_end() {
    if (peek().type != Tok::end)
      fail(peek().pos, "unexpected '" + peek().text + "' after the value (quote the value to keep it as text)");
  }

  static bool primitive_token(Tok t, bool dict_key) {
    switch (t) {
      case Tok::id: case Tok::null: case Tok::integer: case Tok::flt: case Tok::boolean: case Tok::uchar:
      case Tok::esc: case Tok::ws:
        return true;
      case Tok::colon: case Tok::interp:
        return !dict_key;
      default:
        return false;
    }
  }

  // Lists, dicts and function calls recurse through here, and so does everything that later
  // walks the value (checks, YAML conversion). A command line can hold tens of thousands of
  // '[' and would overflow the stack, so nesting is bounded far above any real config.
  static constexpr int kMaxDepth = 100;
  struct Nesting {
    int& depth;
    explicit Nesting(int& d) : depth(++d) {}
    ~Nesting() { --depth; }
  };

  Item parse_element() {
    const Token& t = peek();
    Nesting nesting(depth_);
    if (depth_ > kMaxDepth) fail(t.pos, "values nested more than " + std::to_string(kMaxDepth) + " deep");
    Item out;
    if (t.type == Tok::id && peek(1).type == Tok::popen) return parse_function();
    if (t.type == Tok::bopen) {
      out.value = parse_list();
    } else if (t.type == Tok::copen) {
      out.value = parse_dict();
    } else if (t.type == Tok::quoted) {
      ++k_;
      out.value = Value::string(unquote(t.text), true);
    } else if (primitive_token(t.type, false)) {
      out.value = parse_primitive(false);
    } else {
      fail(t.pos, "expected a value, got " + (t.type == Tok::end ? std::string("the end") : "'" + t.text + "'"));
    }
    return out;
  }

  Value element_value(std::size_t pos) {
    Item e = parse_element();
    if (e.is_sweep) fail(pos, "a sweep cannot be nested in a list, a dict or another value");
    return e.value;
  }

  Value parse_list() {
    ++k_;  // '['
    Value out = Value::list({});
    if (peek().type == Tok::bclose) {
      ++k_;
      return out;
    }
    for (;;) {
      out.items.push_back(element_value(peek().pos));
      if (peek().type == Tok::comma) {
        ++k_;
      } else if (peek().type == Tok::bclose) {
        ++k_;
        return out;
      } else {
        fail(peek().pos, std::string("expected ',' or ']' in the list, got ") + describe_token(peek()));
      }
    }
  }

  Value parse_dict() {
    ++k_;  // '{'
    Value out;
    out.type = Value::Type::dict;
    if (peek().type == Tok::cclose) {
      ++k_;
      return out;
    }
    for (;;) {
      if (!primitive_token(peek().type, true)) {
        fail(peek().pos, std::string("expected a dict key, got ") + describe_token(peek()) +
                             (peek().type == Tok::quoted ? " (dict keys cannot be quoted; escape with \\)" : ""));
      }
      std::string key = key_text(parse_primitive(true));
      if (peek().type != Tok::colon) fail(peek().pos, "expected ':' after the dict key '" + key + "'");
      ++k_;
      Value v = element_value(peek().pos);
      bool replaced = false;
      for (auto& [k, x] : out.entries)
        if (k == key) x = v, replaced = true;  // a repeated key keeps the last value, as a Python dict
      if (!replaced) out.entries.emplace_back(key, std::move(v));
      if (peek().type == Tok::comma) {
        ++k_;
      } else if (peek().type == Tok::cclose) {
        ++k_;
        return out;
      } else {
        fail(peek().pos, std::string("expected ',' or '}' in the dict, got ") + describe_token(peek()));
      }
    }
  }

  static std::string describe_token(const Token& t) {
    return t.type == Tok::end ? "the end" : "'" + t.text + "'";
  }

  // Typed keys ({1: a}, {true: b}) become YAML map keys, which are text.
  static std::string key_text(const Value& v) {
    switch (v.type) {
      case Value::Type::string: return v.s;
      case Value::Type::null: return "null";
      default: return to_override_text(v);
    }
  }

  Value parse_primitive(bool dict_key) {
    std::vector<Token> run;
    while (primitive_token(peek().type, dict_key)) run.push_back(toks_[k_++]);
    std::size_t first = 0, last = run.size();
    if (run.front().type == Tok::ws) {
      if (run.size() == 1) fail(run[0].pos, "a value cannot be only whitespace");
      first = 1;
    }
    if (run.back().type == Tok::ws) --last;
    if (last - first == 1) {
      const Token& t = run[first];
      switch (t.type) {
        case Tok::integer: return Value::integer(int_of_token(t.text, where_ + ": column " + std::to_string(t.pos + 1)));
        case Tok::flt: return Value::floating(float_of_token(t.text));
        case Tok::null: return Value::null();
        case Tok::boolean: return Value::boolean(std::tolower(static_cast<unsigned char>(t.text[0])) == 't');
        case Tok::esc: return unquoted_string(unescape(t.text), t.pos);
        default: return unquoted_string(t.text, t.pos);
      }
    }
    std::string s;
    for (std::size_t k = first; k < last; ++k) s += run[k].type == Tok::esc ? unescape(run[k].text) : run[k].text;
    return unquoted_string(s, run[first].pos);
  }

  static std::string unescape(const std::string& esc) {
    std::string out;
    for (std::size_t k = 1; k < esc.size(); k += 2) out += esc[k];
    return out;
  }

  static Value unquoted_string(const std::string& s, std::size_t pos) {
    Value v = Value::string(s);
    v.at = pos;
    return v;
  }

  // An unquoted string that yaml-cpp's readers (`as<int>`, `as<bool>`) would take as a number or
  // a boolean would mean one thing to the config hash and another to the trainer: refuse it.
  // Checked on the final value only, so that bool(yes) still casts.
  void check(const Value& v) const {
    if (v.type == Value::Type::list) {
      for (const auto& x : v.items) check(x);
    } else if (v.type == Value::Type::dict) {
      for (const auto& kv : v.entries) check(kv.second);
    } else if (v.type == Value::Type::string && !v.quoted) {
      YAML::Node n(v.s);
      long long i = 0;
      double d = 0;
      bool b = false;
      std::string as;
      if (YAML::convert<long long>::decode(n, i)) as = "the number " + std::to_string(i);
      else if (YAML::convert<double>::decode(n, d)) as = "the number " + python_float(d);
      else if (YAML::convert<bool>::decode(n, b)) as = std::string("the boolean ") + (b ? "true" : "false");
      if (!as.empty()) {
        fail(v.at, "'" + v.s + "' is a string in Hydra's grammar, but mer's config readers would read it as " + as +
                       "; write the value plainly (e.g. 10, true) or quote it ('" + v.s + "') to keep the string");
      }
    }
  }

  void check(const Item& item) const {
    if (!item.is_sweep) return check(item.value);
    for (const auto& x : item.sweep.list) check(x);
  }

  Item parse_function() {
    const Token& name = toks_[k_];
    k_ += 2;  // ID '('
    std::vector<Item> args;
    std::vector<std::pair<std::string, Item>> kwargs;
    if (peek().type == Tok::pclose) {
      ++k_;
    } else {
      for (;;) {
        if (peek().type == Tok::id && peek(1).type == Tok::equal) {
          std::string arg = peek().text;
          k_ += 2;
          kwargs.emplace_back(arg, parse_element());
        } else {
          if (!kwargs.empty()) fail(peek().pos, "positional argument follows keyword argument");
          args.push_back(parse_element());
        }
        if (peek().type == Tok::comma) {
          ++k_;
        } else if (peek().type == Tok::pclose) {
          ++k_;
          break;
        } else {
          fail(peek().pos, "expected ',' or ')' in " + name.text + "(...), got " + describe_token(peek()));
        }
      }
    }
    std::size_t end = toks_[k_ - 1].pos + toks_[k_ - 1].text.size();
    try {
      return call_function(name.text, std::move(args), std::move(kwargs));
    } catch (const FunctionError& e) {
      fail(name.pos, "in '" + text_.substr(name.pos, end - name.pos) + "': " + e.what());
    }
  }

  const std::string& text_;
  std::string where_;
  std::vector<Token> toks_;
  std::size_t k_ = 0;
  int depth_ = 0;  // parse_element calls in progress
};

// KEY_SPECIAL: (CHAR|'_'|'$') (CHAR|DIGIT|'_'|'-'|'$')*
std::size_t key_special_len(const std::string& s, std::size_t p) {
  char c = at(s, p);
  if (!is_char(c) && c != '_' && c != '$') return 0;
  std::size_t q = p + 1;
  while (is_char(at(s, q)) || is_digit(at(s, q)) || at(s, q) == '_' || at(s, q) == '-' || at(s, q) == '$') ++q;
  return q - p;
}

// package: empty | ID | KEY_SPECIAL | DOT_PATH (components KEY_SPECIAL or INT_UNSIGNED).
// Returns the end of the package; `bad` receives the first offending position, if any.
std::size_t scan_package(const std::string& s, std::size_t p, std::size_t& bad) {
  bad = std::string::npos;
  std::size_t q = p;
  int parts = 0;
  bool numeric_only = true;
  for (;;) {
    std::size_t n = key_special_len(s, q);
    if (n == 0) {
      n = int_unsigned_len(s, q);
    } else {
      numeric_only = false;
    }
    if (n == 0) {
      if (parts == 0 && (q == s.size() || s[q] == '=' || s[q] == '@')) return q;  // empty package
      bad = q;
      return q;
    }
    q += n;
    ++parts;
    if (at(s, q) != '.') break;
    ++q;
  }
  if (parts == 1 && numeric_only) bad = p;  // a lone number is not a key
  return q;
}
}  // namespace

Item parse_value_text(const std::string& text, const std::string& origin) {
  std::size_t start = ws_len(text, 0);
  if (start == text.size()) {
    Item empty;
    empty.value = Value::string("");
    return empty;
  }
  return Parser(text, start, origin).parse_value();
}

ParsedOverride parse_override_text(const std::string& text) {
  ParsedOverride o;
  o.text = text;
  const std::string where = "override '" + text + "'";
  auto fail = [&](std::size_t pos, const std::string& message) {
    throw ConfigError(where + ": column " + std::to_string(pos + 1) + ": " + message);
  };
  std::size_t p = 0;
  if (at(text, 0) == '~') {
    o.kind = ParsedOverride::Kind::remove;
    p = 1;
  } else if (at(text, 0) == '+' && at(text, 1) == '+') {
    o.kind = ParsedOverride::Kind::force;
    p = 2;
  } else if (at(text, 0) == '+') {
    o.kind = ParsedOverride::Kind::add;
    p = 1;
  }
  // key: ID ('/' ID)+ (a group path) or a package (a dotted key).
  std::size_t key_start = p;
  std::size_t n = id_len(text, p);
  if (n > 0 && at(text, p + n) == '/') {
    p += n;
    while (at(text, p) == '/') {
      std::size_t m = id_len(text, p + 1);
      if (m == 0) fail(p + 1, "expected a group name after '/'");
      p += 1 + m;
    }
  } else {
    std::size_t bad = 0;
    p = scan_package(text, p, bad);
    if (bad != std::string::npos) {
      fail(bad, bad < text.size() ? "unexpected '" + std::string(1, text[bad]) + "' in the key" : "expected a key");
    }
  }
  o.key = text.substr(key_start, p - key_start);
  if (o.key.empty()) fail(key_start, "expected a key before '='");
  if (at(text, p) == '@') {
    std::size_t bad = 0;
    std::size_t end = scan_package(text, p + 1, bad);
    if (bad != std::string::npos) fail(bad, "unexpected character in the package after '@'");
    o.package = text.substr(p + 1, end - p - 1);
    p = end;
  }
  if (p == text.size()) {
    if (o.kind != ParsedOverride::Kind::remove) {
      fail(p, "expected '=' after the key: expected key=value, +key=value, ++key=value, or ~key to delete");
    }
    return o;
  }
  if (text[p] != '=') fail(p, "unexpected '" + std::string(1, text[p]) + "' in the key (expected '=')");
  o.has_value = true;
  ++p;
  p += ws_len(text, p);
  if (p == text.size()) {
    o.value.value = Value::string("");  // key= is the empty string
    return o;
  }
  o.value = Parser(text, p, where).parse_value();
  return o;
}

}  // namespace merlab::config::grammar