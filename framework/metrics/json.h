// A tiny JSON writer (no dependency): enough for metric reports, score vectors and the small
// JSON columns of the results database. Non-finite numbers are written as null, since JSON has
// no NaN.
//
// Why not nlohmann-json (which the tests use to read reports): measured with Debian's 3.11,
// (1) it throws on ill-formed UTF-8 both when writing (type_error.316) and when parsing
// (parse_error.101), while these columns hold bytes as given (clip ids from folder names,
// overrides from the shell, environment values in provenance), so a run could no longer be
// stored or read back; (2) it writes 100.0 where this writer writes 100, which would change
// the text of every stored score and metrics file, and shard merging compares predictions as
// stored text, so shards written before and after the change would conflict.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace merlab::json {

// Quoted and escaped JSON string.
std::string quote(std::string_view s);
// Shortest text that reads back to the same double ("%.17g" trimmed); null when not finite.
std::string number(double v);

// Streaming writer with automatic commas. Pretty output indents by `indent` spaces (0: compact).
class Writer {
 public:
  explicit Writer(int indent = 2) : indent_(indent) {}
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view k);
  Writer& value(std::string_view s);
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(double v);
  Writer& value(std::int64_t v);
  Writer& value(int v) { return value(static_cast<std::int64_t>(v)); }
  Writer& value(bool v);
  Writer& null();
  // Inserts already-serialised JSON as one value (e.g. a compact array inside pretty output).
  Writer& raw(std::string_view json_text);
  const std::string& str() const { return out_; }

 private:
  void before_value();
  void newline();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  int indent_;
  bool after_key_ = false;
};

// Compact helpers for small JSON columns.
std::string string_array(const std::vector<std::string>& items);
std::string number_array(const std::vector<float>& items);
std::string int_array(const std::vector<std::int64_t>& items);
std::string string_map(const std::map<std::string, std::string>& items);

// Readers for exactly what the helpers above write (flat arrays and flat string maps), used to
// read database columns back. Throw RuntimeError on anything else.
std::vector<std::string> parse_string_array(std::string_view text);
std::vector<float> parse_number_array(std::string_view text);
std::map<std::string, std::string> parse_string_map(std::string_view text);

}  // namespace merlab::json
