#include "framework/metrics/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "framework/common/error.h"

namespace merlab::json {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string number(double v) {
  if (!std::isfinite(v)) return "null";
  // Shortest of %.15g..%.17g that reads back exactly: readable and lossless.
  char buf[32];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

void Writer::newline() {
  if (indent_ <= 0) return;
  out_ += '\n';
  out_.append(first_.size() * static_cast<std::size_t>(indent_), ' ');
}

void Writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
}

Writer& Writer::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

Writer& Writer::end_object() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += '}';
  return *this;
}

Writer& Writer::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

Writer& Writer::end_array() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += ']';
  return *this;
}

Writer& Writer::key(std::string_view k) {
  before_value();
  out_ += quote(k);
  out_ += indent_ > 0 ? ": " : ":";
  after_key_ = true;
  return *this;
}

Writer& Writer::value(std::string_view s) {
  before_value();
  out_ += quote(s);
  return *this;
}

Writer& Writer::value(double v) {
  before_value();
  out_ += number(v);
  return *this;
}

Writer& Writer::value(std::int64_t v) {
  before_value();
  out_ += std::to_string(v);
  return *this;
}

Writer& Writer::value(bool v) {
  before_value();
  out_ += v ? "true" : "false";
  return *this;
}

Writer& Writer::raw(std::string_view json_text) {
  before_value();
  out_ += json_text;
  return *this;
}

Writer& Writer::null() {
  before_value();
  out_ += "null";
  return *this;
}

std::string string_array(const std::vector<std::string>& items) {
  Writer w(0);
  w.begin_array();
  for (const auto& s : items) w.value(s);
  w.end_array();
  return w.str();
}

std::string int_array(const std::vector<std::int64_t>& items) {
  Writer w(0);
  w.begin_array();
  for (auto v : items) w.value(v);
  w.end_array();
  return w.str();
}

std::string number_array(const std::vector<float>& items) {
  Writer w(0);
  w.begin_array();
  for (float f : items) w.value(static_cast<double>(f));
  w.end_array();
  return w.str();
}

std::string string_map(const std::map<std::string, std::string>& items) {
  Writer w(0);
  w.begin_object();
  for (const auto& [k, v] : items) w.key(k).value(v);
  w.end_object();
  return w.str();
}

namespace {

// Minimal reader for the flat forms written above.
struct Reader {
  std::string_view s;
  std::size_t i = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw RuntimeError("JSON column: " + what + " at offset " + std::to_string(i) + " in '" + std::string(s) + "'");
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
  }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  std::string string() {
    expect('"');
    std::string out;
    while (i < s.size() && s[i] != '"') {
      char c = s[i++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i >= s.size()) fail("unterminated escape");
      char e = s[i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (i + 4 > s.size()) fail("short \\u escape");
          append_utf8(out, static_cast<unsigned>(std::stoul(std::string(s.substr(i, 4)), nullptr, 16)));
          i += 4;
          break;
        }
        default: out += e;
      }
    }
    if (i >= s.size()) fail("unterminated string");
    ++i;
    return out;
  }
  float number() {
    ws();
    if (s.substr(i, 4) == "null") {
      i += 4;
      return std::numeric_limits<float>::quiet_NaN();
    }
    std::string text(s.substr(i, 40));
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str()) fail("expected a number");
    i += static_cast<std::size_t>(end - text.c_str());
    return static_cast<float>(v);
  }
  void done() {
    ws();
    if (i != s.size()) fail("trailing characters");
  }
};

}  // namespace

std::vector<std::string> parse_string_array(std::string_view text) {
  Reader r{text};
  std::vector<std::string> out;
  r.expect('[');
  if (!r.eat(']')) {
    do out.push_back(r.string());
    while (r.eat(','));
    r.expect(']');
  }
  r.done();
  return out;
}

std::vector<float> parse_number_array(std::string_view text) {
  Reader r{text};
  std::vector<float> out;
  r.expect('[');
  if (!r.eat(']')) {
    do out.push_back(r.number());
    while (r.eat(','));
    r.expect(']');
  }
  r.done();
  return out;
}

std::map<std::string, std::string> parse_string_map(std::string_view text) {
  Reader r{text};
  std::map<std::string, std::string> out;
  r.expect('{');
  if (!r.eat('}')) {
    do {
      auto k = r.string();
      r.expect(':');
      out[k] = r.string();
    } while (r.eat(','));
    r.expect('}');
  }
  r.done();
  return out;
}

}  // namespace merlab::json
