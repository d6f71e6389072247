#include "datasets/corrections.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "datasets/dataset.h"
#include "framework/common/error.h"
#include "tests/datasets/fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::test;

namespace {

DatasetLoad load_with(const std::filesystem::path& root, const std::filesystem::path& corrections) {
  YAML::Node n;
  n["name"] = "casme2";
  n["root"] = root.string();
  n["corrections"] = corrections.string();
  return load_dataset(n);
}

std::string config_error(const std::filesystem::path& root, const std::filesystem::path& file) {
  try {
    load_with(root, file);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no ConfigError";
}

}  // namespace

TEST(Corrections, AppliedExplicitlyAndRecorded) {
  TempDir tmp;
  auto clips = casme2_clips();
  clips[1].offset = "52";  // mistyped: frames end at 25
  write_casme2_tree(tmp.path(), clips);
  {
    YAML::Node n = YAML::Load("{name: casme2}");
    n["root"] = tmp.path().string();
    auto before = load_dataset(n);
    EXPECT_TRUE(before.has_errors());  // phase_outside for sub01/EP03_02, nothing patched
    EXPECT_EQ(before.dropped_by_reason["outside frames"], 1);
  }
  write_file(tmp / "fix.yaml", R"(format: merlab-corrections/1
dataset: casme2
version: 2
corrections:
  sub01/EP03_02:
    offset: {value: 25, was: 52, reason: "digits swapped"}
  sub02/EP01_01:
    apex: {value: 6, reason: "apex missing in the sheet; peak at img6"}
)");
  auto d = load_with(tmp.path(), tmp / "fix.yaml");
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(d.corrections_applied.size(), 2u);
  EXPECT_EQ(d.corrections_applied[0], "sub01/EP03_02.offset: '52' -> '25' (digits swapped)");
  auto it = std::find_if(d.clips.begin(), d.clips.end(), [](auto& c) { return c.clip_id == "sub02/EP01_01"; });
  ASSERT_NE(it, d.clips.end());
  EXPECT_EQ(it->apex, 6);
  EXPECT_EQ(d.clips.size(), 6u);
}

TEST(Corrections, StaleAndUnmatchedEntriesAreErrors) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  write_file(tmp / "fix.yaml", R"(format: merlab-corrections/1
dataset: casme2
version: 1
corrections:
  sub01/EP02_01f: {offset: {value: 59, was: 61, reason: "r"}}
  sub09/EP01_01: {emotion: {value: disgust, reason: "r"}}
)");
  auto d = load_with(tmp.path(), tmp / "fix.yaml");
  std::vector<Problem> p;
  std::copy_if(d.problems.begin(), d.problems.end(), std::back_inserter(p), [](auto& x) { return x.kind == "correction"; });
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NE(p[0].message.find("expects the sheet to hold '61' but it holds '60'; not applied"), std::string::npos) << p[0].message;
  EXPECT_NE(p[1].message.find("'sub09/EP01_01'"), std::string::npos);
  EXPECT_NE(p[1].message.find("matches no row"), std::string::npos);
  EXPECT_TRUE(d.corrections_applied.empty());
}

TEST(Corrections, MalformedFilesAreConfigErrors) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  auto write = [&](const std::string& body) {
    write_file(tmp / "c.yaml", "format: merlab-corrections/1\ndataset: casme2\nversion: 1\n" + body);
    return tmp / "c.yaml";
  };
  EXPECT_NE(config_error(tmp.path(), write("corrections: {a/b: {offset: {value: 3}}}")).find("needs a non-empty 'reason'"),
            std::string::npos);
  EXPECT_NE(config_error(tmp.path(), write("corrections: {a/b: {ofset: {value: 3, reason: x}}}")).find("'offset'"),
            std::string::npos);
  EXPECT_NE(config_error(tmp.path(), write("corrections: {a/b: {onset: {value: null, reason: x}}}")).find("only apex"),
            std::string::npos);
  EXPECT_NE(config_error(tmp.path(), tmp / "absent.yaml").find("not found"), std::string::npos);
  write_file(tmp / "samm.yaml", "format: merlab-corrections/1\ndataset: samm\nversion: 1\ncorrections: {}\n");
  EXPECT_NE(config_error(tmp.path(), tmp / "samm.yaml").find("is for dataset 'samm'"), std::string::npos);
}

TEST(Corrections, ShippedFilesLoad) {
  for (std::string ds : {"casme2", "samm"}) {
    auto file = resolve_corrections_path("datasets/corrections/" + ds + ".yaml");
    auto c = load_corrections(file, ds);
    EXPECT_EQ(c.dataset, ds);
    EXPECT_FALSE(c.version.empty());
  }
}
