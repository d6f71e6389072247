// Lexer and recursive-descent parser for Hydra's override grammar. The lexer follows
// OverrideLexer.g4 token for token (longest match, ties to the rule defined first), because
// Hydra's typing rules fall out of tokenisation: "010" is the two tokens INT(0) INT(10) and
// therefore a string, "inf" beats ID by rule order, "info" is an ID.
#include "framework/config/override_parser.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "framework/common/error.h"
#include "framework/config/sweep_functions.h"

namespace merlab::config::grammar {
namespace {

bool is_char(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char at(const std::string& s, std::size_t p) { return p < s.size() ? s[p] : '\0'; }

std::size_t ws_len(const std::string& s, std::size_t p) {
  std::size_t q = p;
  while (q < s.size() && (s[q] == ' ' || s[q] == '\t')) ++q;
  return q - p;
}

// DIGIT (('_')? DIGIT)*
std::size_t digits_len(const std::string& s, std::size_t p) {
  if (!is_digit(at(s, p))) return 0;
  std::size_t q = p + 1;
  for (;;) {
    if (is_digit(at(s, q))) ++q;
    else if (at(s, q) == '_' && is_digit(at(s, q + 1))) q += 2;
    else break;
  }
  return q - p;
}

// '0' | [1-9] (('_')? DIGIT)*
std::size_t int_unsigned_len(const std::string& s, std::size_t p) {
  char c = at(s, p);
  if (c == '0') return 1;
  if (c >= '1' && c <= '9') return digits_len(s, p);
  return 0;
}

bool iequal(const std::string& s, std::size_t p, const char* word) {
  for (std::size_t k = 0; word[k]; ++k)
    if (std::tolower(static_cast<unsigned char>(at(s, p + k))) != word[k]) return false;
  return true;
}

std::size_t id_len(const std::string& s, std::size_t p) {
  char c = at(s, p);
  if (!is_char(c) && c != '_') return 0;
  std::size_t q = p + 1;
  while (is_char(at(s, q)) || is_digit(at(s, q)) || at(s, q) == '_' || at(s, q) == '-') ++q;
  return q - p;
}

enum class Tok { popen, comma, pclose, bopen, bclose, copen, cclose, colon, equal, flt, integer, boolean, null,
                 uchar, id, esc, ws, quoted, interp, end };

struct Token {
  Tok type;
  std::string text;
  std::size_t pos;  // index into the override text
};

// Length of a quoted value at p: the first matching quote preceded by an even number of
// backslashes closes it (OverrideLexer's QUOTED_VALUE). 0 when unterminated.
std::size_t quoted_len(const std::string& s, std::size_t p) {
  char q = s[p];
  std::size_t backslashes = 0;
  for (std::size_t k = p + 1; k < s.size(); ++k) {
    if (s[k] == q && backslashes % 2 == 0) return k - p + 1;
    backslashes = s[k] == '\\' ? backslashes + 1 : 0;
  }
  return 0;
}

// Hydra's _unescape_quoted_string: only backslashes before a quote are escapes (halved; an
// odd one escapes the quote itself). "foo\bar" keeps its backslash.
std::string unquote(const std::string& token) {
  char q = token[0];
  std::string body = token.substr(1, token.size() - 2);
  std::string out;
  std::size_t k = 0;
  while (k < body.size()) {
    if (body[k] != '\\') {
      out += body[k++];
      continue;
    }
    std::size_t n = 0;
    while (k + n < body.size() && body[k + n] == '\\') ++n;
    bool before_quote = k + n < body.size() && body[k + n] == q;
    bool at_end = k + n == body.size();
    if (before_quote) {
      out.append(n / 2, '\\');
      out += q;  // n is odd before an inner quote
      k += n + 1;
    } else if (at_end) {
      out.append(n / 2, '\\');  // even before the closing quote
      k += n;
    } else {
      out.append(n, '\\');
      k += n;
    }
  }
  return out;
}

class Lexer {
 public:
  Lexer(const std::string& text, std::size_t start, const std::string& where) : s_(text), p_(start), where_(where) {}

  std::vector<Token> tokens() {
    std::vector<Token> out;
    while (p_ < s_.size()) out.push_back(next());
    out.push_back({Tok::end, "", s_.size()});
    return out;
  }

 private:
  // Every rule of VALUE_MODE, in the grammar's order; the longest match wins, ties go to the
  // earlier rule.
  Token next() {
    std::size_t w = ws_len(s_, p_);
    auto around = [&](char c, bool before, bool after) -> std::size_t {
      std::size_t lead = before ? w : 0;
      if (at(s_, p_ + lead) != c) return 0;
      return lead + 1 + (after ? ws_len(s_, p_ + lead + 1) : 0);
    };
    struct Candidate {
      Tok type;
      std::size_t len;
    };
    std::vector<Candidate> c = {
        {Tok::popen, around('(', true, true)},   {Tok::comma, around(',', true, true)},
        {Tok::pclose, around(')', true, false)}, {Tok::bopen, around('[', false, true)},
        {Tok::bclose, around(']', true, false)}, {Tok::copen, around('{', false, true)},
        {Tok::cclose, around('}', true, false)}, {Tok::colon, around(':', true, true)},
        {Tok::equal, around('=', true, true)},   {Tok::flt, match_float(s_, p_)},
        {Tok::integer, match_int(s_, p_)},       {Tok::boolean, bool_len()},
        {Tok::null, iequal(s_, p_, "null") ? 4u : 0u},
        {Tok::uchar, std::string("/-\\+.$%*@?|").find(s_[p_]) != std::string::npos ? 1u : 0u},
        {Tok::id, id_len(s_, p_)},               {Tok::esc, esc_len()},
        {Tok::ws, w},                            {Tok::quoted, (s_[p_] == '\'' || s_[p_] == '"') ? quoted_len(s_, p_) : 0},
        {Tok::interp, interp_len()},
    };
    Candidate best{Tok::end, 0};
    for (const auto& x : c)
      if (x.len > best.len) best = x;
    if (best.len == 0) {
      throw ConfigError(where_ + ": column " + std::to_string(p_ + 1) + ": unexpected character '" +
                        std::string(1, s_[p_]) + "'" + hint(s_[p_]));
    }
    Token t{best.type, s_.substr(p_, best.len), p_};
    p_ += best.len;
    return t;
  }

  static std::string hint(char c) {
    if (c == '\'' || c == '"') return " (unterminated quoted string)";
    return " (quote the value, e.g. 'a" + std::string(1, c) + "b', to use it in a string)";
  }

  std::size_t bool_len() const {
    if (iequal(s_, p_, "true")) return 4;
    if (iequal(s_, p_, "false")) return 5;
    return 0;
  }

  std::size_t esc_len() const {
    static const std::string escapable = "\\()[]{}:=, \t";
    std::size_t q = p_;
    while (at(s_, q) == '\\' && q + 1 < s_.size() && escapable.find(s_[q + 1]) != std::string::npos) q += 2;
    return q - p_;
  }

  // '${' ~('}')+ '}': the first '}' closes it, so nested interpolations need quotes.
  std::size_t interp_len() const {
    if (at(s_, p_) != '$' || at(s_, p_ + 1) != '{') return 0;
    auto close = s_.find('}', p_ + 2);
    if (close == std::string::npos || close == p_ + 2) return 0;
    return close - p_ + 1;
  }

  const std::string& s_;
  std::size_t p_;
  std::string where_;
};

class Parser {
 public:
  Parser(const std::string& text, std::size_t start, std::string where)
      : text_(text), where_(std::move(where)), toks_(Lexer(text, start, where_).tokens()) {}

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

  Item parse_element() {
    const Token& t = peek();
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

std::size_t match_int(const std::string& s, std::size_t pos) {
  std::size_t sign = (at(s, pos) == '+' || at(s, pos) == '-') ? 1 : 0;
  std::size_t n = int_unsigned_len(s, pos + sign);
  return n ? sign + n : 0;
}

std::size_t match_float(const std::string& s, std::size_t pos) {
  std::size_t q = pos + ((at(s, pos) == '+' || at(s, pos) == '-') ? 1 : 0);
  std::size_t best = 0;
  if (iequal(s, q, "inf") || iequal(s, q, "nan")) best = q + 3 - pos;
  std::size_t a = int_unsigned_len(s, q);
  std::size_t mantissa = 0;  // length of INT_UNSIGNED or POINT_FLOAT
  bool point = false;
  if (at(s, q + a) == '.') {
    std::size_t frac = digits_len(s, q + a + 1);
    if (a > 0 || frac > 0) {
      mantissa = a + 1 + frac;
      point = true;
    }
  }
  if (!point) mantissa = a;
  if (point) best = std::max(best, q + mantissa - pos);
  if (mantissa > 0 && (at(s, q + mantissa) == 'e' || at(s, q + mantissa) == 'E')) {
    std::size_t r = q + mantissa + 1;
    if (at(s, r) == '+' || at(s, r) == '-') ++r;
    std::size_t d = digits_len(s, r);
    if (d > 0) best = std::max(best, r + d - pos);
  }
  return best;
}

long long int_of_token(const std::string& token, const std::string& where) {
  std::string t;
  for (char c : token)
    if (c != '_') t += c;
  errno = 0;
  long long v = std::strtoll(t.c_str(), nullptr, 10);
  if (errno == ERANGE) throw ConfigError(where + ": integer " + token + " is out of the 64-bit range");
  return v;
}

double float_of_token(const std::string& token) {
  std::string t;
  for (char c : token)
    if (c != '_') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool negative = !t.empty() && t[0] == '-';
  std::string body = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? t.substr(1) : t;
  if (body == "inf") return negative ? -HUGE_VAL : HUGE_VAL;
  if (body == "nan") return std::nan("");
  return std::strtod(t.c_str(), nullptr);
}

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
