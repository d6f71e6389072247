#include "framework/config/override_lexer.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "framework/common/error.h"

namespace merlab::config::grammar {
namespace lex {

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

}  // namespace lex

using namespace lex;

namespace {

std::size_t quoted_len(const std::string& s, std::size_t p) {
  char q = s[p];
  std::size_t backslashes = 0;
  for (std::size_t k = p + 1; k < s.size(); ++k) {
    if (s[k] == q && backslashes % 2 == 0) return k - p + 1;
    backslashes = s[k] == '\\' ? backslashes + 1 : 0;
  }
  return 0;
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

}  // namespace

std::vector<Token> lex_value(const std::string& text, std::size_t start, const std::string& where) {
  return Lexer(text, start, where).tokens();
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

}  // namespace merlab::config::grammar
