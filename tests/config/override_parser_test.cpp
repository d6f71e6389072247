#include "framework/config/override_parser.h"

#include <gtest/gtest.h>

#include <cmath>

#include "framework/common/error.h"
#include "framework/config/config.h"
#include "framework/config/overrides.h"
#include "framework/config/yaml_tree.h"

using namespace merlab;
using namespace merlab::config;
using namespace merlab::config::grammar;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_override_text(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}
Value value_of(const std::string& text) { return parse_override_text(text).value.value; }
}  // namespace

TEST(OverrideParser, ErrorsNameTheColumn) {
  EXPECT_NE(error_of("x=[1,2").find("column 7: expected ',' or ']'"), std::string::npos) << error_of("x=[1,2");
  EXPECT_NE(error_of("x={a 1}").find("column 7: expected ':'"), std::string::npos) << error_of("x={a 1}");
  EXPECT_NE(error_of("a..b=1").find("column 3"), std::string::npos) << error_of("a..b=1");
  EXPECT_NE(error_of("x=choice(1").find("column 11: expected ',' or ')'"), std::string::npos) << error_of("x=choice(1");
}

TEST(OverrideParser, PythonFloatSpelling) {
  EXPECT_EQ(python_float(0.1), "0.1");
  EXPECT_EQ(python_float(10.0), "10.0");
  EXPECT_EQ(python_float(1e-05), "1e-05");
  EXPECT_EQ(python_float(0.0001), "0.0001");
  EXPECT_EQ(python_float(1e16), "1e+16");
  EXPECT_EQ(python_float(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(python_float(-2.5), "-2.5");
  EXPECT_EQ(python_float(HUGE_VAL), "inf");
}

TEST(OverrideParser, OverrideTextReadsBackToTheSameValue) {
  // Sweep points are written as override text and parsed again for each grid point.
  for (const std::string s : {"a,b", " lead", "trail ", "it's", "back\\", "q'\\", "010", "true", "", "${x}", "a=b", "[1]"}) {
    Value v = Value::string(s, true);
    Value back = value_of("k=" + to_override_text(v));
    EXPECT_EQ(back.type, Value::Type::string) << s;
    EXPECT_EQ(back.s, s) << to_override_text(v);
  }
  Value list = value_of("k=[1, 'a,b', {c: [2.5, null]}, inf]");
  EXPECT_TRUE(equal(value_of("k=" + to_override_text(list)), list)) << to_override_text(list);
}

TEST(OverrideParser, ValuesReachTheConfigAsTheirReadersSeeThem) {
  auto yaml_of = [](const std::string& text) { return parse_override(text).value; };
  EXPECT_EQ(yaml_of("x=10_0").as<int>(), 100);
  EXPECT_TRUE(std::isinf(yaml_of("x=inf").as<double>()));
  EXPECT_TRUE(std::isnan(yaml_of("x=NaN").as<double>()));
  EXPECT_TRUE(yaml_of("x=trUe").as<bool>());
  EXPECT_EQ(yaml_of("x='010'").Tag(), "!");
  // The hash reads them the same way as a YAML file spelling the same values.
  YAML::Node a(YAML::NodeType::Map), b = YAML::Load("{x: 100, y: .inf, z: true}");
  a["x"] = yaml_of("x=10_0");
  a["y"] = yaml_of("y=inf");
  a["z"] = yaml_of("z=TRUE");
  EXPECT_EQ(config_hash(a), config_hash(b));
  YAML::Node c(YAML::NodeType::Map);
  c["x"] = yaml_of("x='100'");
  c["y"] = b["y"];
  c["z"] = b["z"];
  EXPECT_NE(config_hash(c), config_hash(b));  // a quoted '100' stays a string
}

TEST(OverrideParser, ConfigTextKeepsStringsStrings) {
  YAML::Node n(YAML::NodeType::Map);
  n["a"] = parse_override("a='010'").value;
  n["b"] = parse_override("b='true'").value;
  n["c"] = parse_override("c=plain").value;
  n["d"] = parse_override("d=").value;
  auto text = emit_config(n);
  auto back = YAML::Load(text);
  EXPECT_EQ(back["a"].Tag(), "!") << text;
  EXPECT_EQ(back["b"].Tag(), "!") << text;
  EXPECT_EQ(back["c"].as<std::string>(), "plain") << text;
  EXPECT_EQ(back["d"].as<std::string>(), "") << text;
  EXPECT_EQ(text.find("c: \"plain\""), std::string::npos) << text;  // plain strings stay plain
}

TEST(OverrideParser, ShuffleIsSeededByTheOverride) {
  auto a = describe(parse_override_text("k=shuffle([1,2,3,4,5,6,7,8])").value);
  EXPECT_EQ(a, describe(parse_override_text("k=shuffle([1,2,3,4,5,6,7,8])").value));
  EXPECT_NE(a, "[1, 2, 3, 4, 5, 6, 7, 8]");
}

// Run through fuzz/override_fuzz, 'k=' and 50 000 '[' overflowed the stack of the recursive
// descent. Nesting is bounded, with an error at the first bracket past the bound.
TEST(OverrideParser, DeepNestingIsAnErrorNotAStackOverflow) {
  EXPECT_NE(error_of("k=" + std::string(50000, '[')).find("nested more than 100 deep"), std::string::npos);
  std::string dicts = "k=";
  for (int i = 0; i < 20000; ++i) dicts += "{a:";
  EXPECT_NE(error_of(dicts).find("column 303: values nested more than 100 deep"), std::string::npos) << error_of(dicts);
  EXPECT_NE(error_of("k=" + [] { std::string s; for (int i = 0; i < 5000; ++i) s += "int("; return s; }())
                .find("nested more than 100 deep"),
            std::string::npos);
  // 100 levels are a value.
  auto o = parse_override_text("k=" + std::string(100, '[') + std::string(100, ']'));
  EXPECT_EQ(o.value.value.type, Value::Type::list);
}

// Found by fuzz/override_fuzz (UBSan): int(1e61) converted a double outside the 64-bit range,
// which is undefined behaviour. It is an error naming the value; the range's ends still cast.
TEST(OverrideParser, IntOfAnOutOfRangeFloatIsAnError) {
  EXPECT_NE(error_of("y=int(1e61)").find("float 1e+61 is out of the 64-bit integer range"), std::string::npos)
      << error_of("y=int(1e61)");
  EXPECT_NE(error_of("y=int(-9.3e18)").find("out of the 64-bit integer range"), std::string::npos);
  EXPECT_EQ(value_of("y=int(-9.2e18)").i, -9200000000000000000LL);
  EXPECT_EQ(value_of("y=int(2.5)").i, 2);
}
