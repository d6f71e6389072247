// The lexer of Hydra's override grammar, VALUE_MODE of hydra/grammar/OverrideLexer.g4, token
// for token: the longest match wins and ties go to the rule defined first. Hydra's typing
// rules fall out of tokenisation: "010" is the two tokens INT(0) INT(10) and therefore a
// string, "inf" beats ID by rule order, "info" is an ID.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace merlab::config::grammar {

enum class Tok { popen, comma, pclose, bopen, bclose, copen, cclose, colon, equal, flt, integer, boolean, null,
                 uchar, id, esc, ws, quoted, interp, end };

struct Token {
  Tok type;
  std::string text;
  std::size_t pos;  // index into the override text
};

// Tokens of text[start..], ending with Tok::end. An unknown character is a ConfigError
// "<where>: column N: unexpected character 'c'".
std::vector<Token> lex_value(const std::string& text, std::size_t start, const std::string& where);

// Content of a QUOTED_VALUE token, as Hydra's _unescape_quoted_string: only backslashes before
// a quote are escapes (halved; an odd one escapes the quote). "foo\bar" keeps its backslash.
std::string unquote(const std::string& token);

// Lengths of the longest INT / FLOAT token at `pos` (0 when none), shared with YAML scalar
// typing so that both agree on what is a number.
std::size_t match_int(const std::string& s, std::size_t pos);
std::size_t match_float(const std::string& s, std::size_t pos);

// Python's int() / float() of a token that matched (underscores removed; inf and nan).
long long int_of_token(const std::string& token, const std::string& where);
double float_of_token(const std::string& token);

// Character classes and runs shared with the key scanner (DEFAULT_MODE of the lexer).
namespace lex {
bool is_char(char c);
bool is_digit(char c);
char at(const std::string& s, std::size_t p);
std::size_t ws_len(const std::string& s, std::size_t p);
std::size_t int_unsigned_len(const std::string& s, std::size_t p);  // '0' | [1-9] ('_'? DIGIT)*
std::size_t id_len(const std::string& s, std::size_t p);            // (CHAR|'_') (CHAR|DIGIT|'_'|'-')*
}  // namespace lex

}  // namespace merlab::config::grammar
