// Runs every case of fixtures/hydra_conformance.yaml (overrides drawn from Hydra's own tests
// and docs) through the parser, composition and the grid sweeper, and the parse, group and
// sweep cases also through the real `mer` binary (`mer config show`, `mer sweep --dry-run`).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/apply_overrides.h"
#include "framework/config/config.h"
#include "framework/config/interpolation.h"
#include "framework/config/override_parser.h"
#include "framework/config/sweep_plan.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::config;

namespace {

std::filesystem::path fixtures() { return std::filesystem::path(MERLAB_TESTS_DIR) / "config" / "fixtures"; }
std::filesystem::path conf() { return fixtures() / "conf"; }

const YAML::Node& cases() {
  static const YAML::Node all = YAML::LoadFile((fixtures() / "hydra_conformance.yaml").string())["cases"];
  return all;
}

std::string str(const YAML::Node& n, const std::string& key) { return n[key] ? n[key].as<std::string>() : ""; }

std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  for (const auto& x : n) out.push_back(x.as<std::string>());
  return out;
}

const char* kind_name(grammar::ParsedOverride::Kind k) {
  switch (k) {
    case grammar::ParsedOverride::Kind::set: return "set";
    case grammar::ParsedOverride::Kind::add: return "add";
    case grammar::ParsedOverride::Kind::force: return "force";
    case grammar::ParsedOverride::Kind::remove: return "remove";
  }
  return "?";
}

// Runs `f`; returns "" on success or the ConfigError message.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return std::string("ERROR: ") + e.what();
  }
  return "";
}

void expect_error(const std::string& id, const std::string& got, const std::string& expected) {
  EXPECT_NE(got.find(expected), std::string::npos) << id << ": expected an error containing '" << expected
                                                   << "', got: " << (got.empty() ? "<no error>" : got);
}

void run_parse(const YAML::Node& c) {
  const std::string id = str(c, "id");
  grammar::ParsedOverride p;
  std::string err = error_of([&] { p = grammar::parse_override_text(str(c, "parse")); });
  if (c["error"]) return expect_error(id, err, str(c, "error"));
  ASSERT_EQ(err, "") << id;
  if (c["expect"]) {
    EXPECT_TRUE(p.has_value) << id;
    EXPECT_EQ(grammar::describe(p.value), str(c, "expect")) << id;
  }
  if (c["key"]) {
    EXPECT_EQ(p.key, str(c, "key")) << id;
  }
  if (c["kind"]) {
    EXPECT_EQ(kind_name(p.kind), str(c, "kind")) << id;
  }
  if (c["package"]) {
    ASSERT_TRUE(p.package.has_value()) << id;
    EXPECT_EQ(*p.package, str(c, "package")) << id;
  }
}

void run_compose(const YAML::Node& c) {
  const std::string id = str(c, "id");
  YAML::Node node = YAML::Clone(c["compose"]["input"]);
  History history;
  std::string err = error_of([&] {
    for (const auto& text : strings(c["compose"]["overrides"])) apply_key_override(node, parse_override(text), history);
    resolve_interpolations(node, history);
  });
  if (c["error"]) return expect_error(id, err, str(c, "error"));
  ASSERT_EQ(err, "") << id;
  EXPECT_EQ(canonical_yaml(node), canonical_yaml(c["expect"])) << id;
}

void check_group_result(const std::string& id, const YAML::Node& node, const YAML::Node& c) {
  for (const auto& kv : c["expect"]) {
    auto key = kv.first.as<std::string>();
    YAML::Node v = find(node, key);
    ASSERT_TRUE(v.IsDefined()) << id << ": no key " << key;
    EXPECT_EQ(grammar::describe(grammar::from_yaml(v)), kv.second.as<std::string>()) << id << ": " << key;
  }
  for (const auto& key : strings(c["absent"])) EXPECT_FALSE(find(node, key).IsDefined()) << id << ": " << key;
}

void run_group(const YAML::Node& c) {
  const std::string id = str(c, "id");
  ComposeOptions o;
  o.root = conf();
  o.overrides = strings(c["group"]);
  Composed composed;
  std::string err = error_of([&] { composed = compose(o); });
  if (c["error"]) return expect_error(id, err, str(c, "error"));
  ASSERT_EQ(err, "") << id;
  check_group_result(id, composed.node, c);
}

std::vector<std::string> sorted_if(std::vector<std::string> v, bool sort) {
  if (sort) std::sort(v.begin(), v.end());
  return v;
}

void run_sweep(const YAML::Node& c) {
  const std::string id = str(c, "id");
  SweepPlan plan;
  std::string err = error_of([&] { plan = plan_sweep(strings(c["sweep"]), {}, conf()); });
  if (c["error"]) return expect_error(id, err, str(c, "error"));
  ASSERT_EQ(err, "") << id;
  std::vector<std::string> points;
  for (const auto& p : plan.points) points.push_back(join(p.overrides, " "));
  bool unordered = c["unordered"] && c["unordered"].as<bool>();
  EXPECT_EQ(sorted_if(points, unordered), sorted_if(strings(c["points"]), unordered)) << id;
}

bool is_kind(const YAML::Node& c, const char* k) { return static_cast<bool>(c[k]); }

}  // namespace

TEST(HydraConformance, EveryCaseThroughTheParserCompositionAndSweeper) {
  ASSERT_TRUE(cases().IsSequence());
  std::size_t n = 0;
  for (const auto& c : cases()) {
    SCOPED_TRACE(str(c, "id"));
    if (is_kind(c, "parse")) run_parse(c);
    else if (is_kind(c, "compose")) run_compose(c);
    else if (is_kind(c, "group")) run_group(c);
    else if (is_kind(c, "sweep")) run_sweep(c);
    else ADD_FAILURE() << str(c, "id") << ": unknown kind of case";
    ++n;
  }
  EXPECT_GE(n, 130u);
}

TEST(HydraConformance, CaseIdsAreUniqueAndEveryDifferenceIsDocumented) {
  std::ifstream in(std::filesystem::path(MERLAB_SOURCE_DIR) / "docs" / "config.md");
  std::stringstream doc;
  doc << in.rdbuf();
  std::set<std::string> ids;
  for (const auto& c : cases()) {
    auto id = str(c, "id");
    EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    if (c["differs"]) {
      EXPECT_NE(doc.str().find("`" + id + "`"), std::string::npos) << id << " is not listed in docs/config.md";
    }
  }
}

// The value of a parse case "key=VALUE", or "" when the case is not of that form or cannot
// be set as a plain config value (sweeps, interpolations, bare deletions).
std::string settable_value(const YAML::Node& c) {
  const std::string text = str(c, "parse");
  if (!starts_with(text, "key=")) return "";
  const std::string value = text.substr(4);
  // Interpolations (also escaped ones, $\{a\} is ${a}) resolve in a composed config.
  if (value.find("${") != std::string::npos || str(c, "expect").find("${") != std::string::npos) return "";
  return value;
}

TEST(HydraConformance, MerConfigShowAgreesOnEveryValue) {
  // One `mer config show` with every value case as its own new key ++cN=VALUE.
  std::vector<std::string> args = {"config", "show", "--config-root", conf().string()};
  std::vector<std::pair<std::string, std::string>> expected;  // key -> describe()
  for (const auto& c : cases()) {
    if (!c["parse"] || c["error"] || !c["expect"]) continue;
    std::string value = settable_value(c);
    auto parsed = grammar::parse_override_text(str(c, "parse"));
    if (value.empty() && str(c, "parse") != "key=") continue;
    if (parsed.value.is_sweep) continue;
    std::string key = "c" + std::to_string(expected.size());
    args.push_back("++" + key + "=" + value);
    expected.emplace_back(key, str(c, "expect") + "  (" + str(c, "id") + ")");
  }
  ASSERT_GT(expected.size(), 80u);
  auto r = test::run_mer(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  YAML::Node shown = YAML::Load(r.out);
  for (const auto& [key, want] : expected) {
    ASSERT_TRUE(shown[key]) << "no key " << key << " for " << want;
    EXPECT_EQ(grammar::describe(grammar::from_yaml(shown[key])) + want.substr(want.find("  (")), want);
  }
}

TEST(HydraConformance, MerConfigShowRefusesEveryErrorCase) {
  for (const auto& c : cases()) {
    if (!c["parse"] || !c["error"]) continue;
    std::string text = str(c, "parse");
    // "key=V" becomes "++c=V": the same columns, on a key that may be added.
    if (starts_with(text, "key=")) text = "++c=" + text.substr(4);
    auto r = test::run_mer({"config", "show", "--config-root", conf().string(), text});
    EXPECT_EQ(r.exit_code, 2) << str(c, "id") << ": " << r.out;
    EXPECT_NE(r.err.find(str(c, "error")), std::string::npos) << str(c, "id") << ": " << r.err;
  }
}

TEST(HydraConformance, MerConfigShowAgreesOnDefaultsListCases) {
  for (const auto& c : cases()) {
    if (!c["group"]) continue;
    const std::string id = str(c, "id");
    std::vector<std::string> args = {"config", "show", "--config-root", conf().string()};
    for (const auto& o : strings(c["group"])) args.push_back(o);
    auto r = test::run_mer(args);
    if (c["error"]) {
      EXPECT_EQ(r.exit_code, 2) << id;
      EXPECT_NE(r.err.find(str(c, "error")), std::string::npos) << id << ": " << r.err;
      continue;
    }
    ASSERT_EQ(r.exit_code, 0) << id << ": " << r.err;
    check_group_result(id, YAML::Load(r.out), c);
  }
}

TEST(HydraConformance, MerSweepDryRunAgreesOnEverySweep) {
  // Sweep cases as they are, and every parsed choice/range value as a sweep of a new key.
  struct Run {
    std::string id;
    std::vector<std::string> overrides;
    std::vector<std::string> points;
    bool unordered = false;
    std::string error;
  };
  std::vector<Run> runs;
  for (const auto& c : cases()) {
    if (c["sweep"]) {
      Run r{str(c, "id"), strings(c["sweep"]), strings(c["points"]), c["unordered"] && c["unordered"].as<bool>(),
            str(c, "error")};
      runs.push_back(r);
    } else if (c["parse"] && c["expect"] && !settable_value(c).empty()) {
      auto parsed = parse_override("++s=" + settable_value(c));
      if (!parsed.is_sweep() || parsed.parsed.sweep.kind == grammar::Sweep::Kind::interval ||
          parsed.parsed.sweep.kind == grammar::Sweep::Kind::glob)
        continue;
      Run r{str(c, "id"), {parsed.text}, {}, parsed.parsed.sweep.shuffle, ""};
      for (const auto& p : plan_sweep(r.overrides, {}, conf()).points) r.points.push_back(join(p.overrides, " "));
      runs.push_back(r);
    }
  }
  ASSERT_GT(runs.size(), 30u);
  for (const auto& run : runs) {
    std::vector<std::string> args = {"sweep", "--dry-run", "--plan-only", "--config-root", conf().string()};
    args.insert(args.end(), run.overrides.begin(), run.overrides.end());
    auto r = test::run_mer(args);
    if (!run.error.empty()) {
      EXPECT_EQ(r.exit_code, 2) << run.id;
      EXPECT_NE(r.err.find(run.error), std::string::npos) << run.id << ": " << r.err;
      continue;
    }
    ASSERT_EQ(r.exit_code, 0) << run.id << ": " << r.err;
    // Lines: "N grid points", then "i  hash  overrides".
    std::vector<std::string> points;
    std::istringstream lines(r.out);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      auto a = line.find("  ");
      auto b = line.find("  ", a + 2);
      if (a != std::string::npos && b != std::string::npos) points.push_back(line.substr(b + 2));
    }
    EXPECT_EQ(sorted_if(points, run.unordered), sorted_if(run.points, run.unordered)) << run.id;
  }
}
