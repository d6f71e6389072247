// CASME-II and SAMM adapters on fixture trees in the distributed layouts.
#include <gtest/gtest.h>

#include <algorithm>

#include "datasets/dataset.h"
#include "framework/common/error.h"
#include "tests/datasets/fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::test;

namespace {

int count_kind(const DatasetLoad& d, const std::string& kind) {
  return static_cast<int>(std::count_if(d.problems.begin(), d.problems.end(), [&](const Problem& p) { return p.kind == kind; }));
}

}  // namespace

TEST(Casme2, FiveClassProtocolFromXlsx) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  DatasetLoad d = load_dataset(dataset_node("casme2", tmp.path()));
  EXPECT_EQ(d.name, "casme2");
  EXPECT_EQ(d.protocol, "casme2_5class");
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"happiness", "disgust", "repression", "surprise", "others"}));
  EXPECT_EQ(d.sheet_rows, 7u);
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{
                           {"happiness", 1}, {"disgust", 2}, {"repression", 1}, {"surprise", 1}, {"others", 1}}));
  EXPECT_EQ(d.dropped_by_reason, (std::map<std::string, int>{{"not in protocol: fear", 1}}));
  EXPECT_FALSE(d.has_errors());

  const Clip* c = find_clip(d, "sub01/EP02_01f");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->subject, "sub01");
  EXPECT_EQ(c->dataset, "casme2");
  EXPECT_EQ(c->onset, 46);
  EXPECT_EQ(c->apex, 53);
  EXPECT_EQ(c->offset, 60);
  EXPECT_EQ(c->emotion, "happiness");
  EXPECT_EQ(c->action_units, "12");
  ASSERT_EQ(c->frames.size(), 15u);
  EXPECT_EQ(c->frames.front().path.filename(), "img46.jpg");
  EXPECT_EQ(c->frames.back().number, 60);
  EXPECT_EQ(c->folder, tmp.path() / "CASME2_RAW_selected" / "sub01" / "EP02_01f");
}

TEST(Casme2, SlashApexIsMissingApexWarningAndClipKept) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  DatasetLoad d = load_dataset(dataset_node("casme2", tmp.path()));
  const Clip* c = find_clip(d, "sub02/EP01_01");
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->apex.has_value());
  ASSERT_EQ(count_kind(d, "missing_apex"), 1);
  auto it = std::find_if(d.problems.begin(), d.problems.end(), [](auto& p) { return p.kind == "missing_apex"; });
  EXPECT_FALSE(it->is_error());
  EXPECT_EQ(it->clip_id, "sub02/EP01_01");
  EXPECT_NE(it->message.find("'/'"), std::string::npos) << it->message;
}

TEST(Casme2, CsvExportGivesTheSameClips) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  DatasetLoad x = load_dataset(dataset_node("casme2", tmp.path()));
  DatasetLoad c = load_dataset(dataset_node("casme2", tmp.path(), ", annotation: CASME2-coding-20140508.csv"));
  ASSERT_EQ(x.clips.size(), c.clips.size());
  for (std::size_t i = 0; i < x.clips.size(); ++i) {
    EXPECT_EQ(x.clips[i].clip_id, c.clips[i].clip_id);
    EXPECT_EQ(x.clips[i].onset, c.clips[i].onset);
    EXPECT_EQ(x.clips[i].apex, c.clips[i].apex);
    EXPECT_EQ(x.clips[i].offset, c.clips[i].offset);
    EXPECT_EQ(x.clips[i].label, c.clips[i].label);
    EXPECT_EQ(x.clips[i].action_units, c.clips[i].action_units);
  }
}

TEST(Casme2, Megc3ClassGroupsNegativeAndDropsOthers) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  DatasetLoad d = load_dataset(dataset_node("casme2", tmp.path(), ", protocol: megc_3class"));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"negative", "positive", "surprise"}));
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{{"negative", 3}, {"positive", 1}, {"surprise", 1}}));
  EXPECT_EQ(d.dropped_by_reason, (std::map<std::string, int>{{"not in protocol: fear", 1}, {"not in protocol: others", 1}}));
}

TEST(Casme2, CroppedFramesAreSelectable) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips(), /*cropped=*/true);
  DatasetLoad d = load_dataset(dataset_node("casme2", tmp.path(), ", frames: cropped"));
  const Clip* c = find_clip(d, "sub01/EP02_01f");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->frames.front().path.filename(), "reg_img46.jpg");
  EXPECT_EQ(c->frames.front().number, 46);
  EXPECT_FALSE(d.has_errors());
}

TEST(Casme2, ConfigErrors) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  auto message = [](const YAML::Node& n) {
    try {
      load_dataset(n);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no ConfigError");
  };
  EXPECT_NE(message(YAML::Load("name: casme2\nroot: ???\n")).find("dataset.root' is required"), std::string::npos);
  EXPECT_NE(message(YAML::Load("{name: casme2}")).find("dataset.root=PATH"), std::string::npos);
  EXPECT_NE(message(dataset_node("casme2", tmp / "nope")).find("not found"), std::string::npos);
  EXPECT_NE(message(dataset_node("casme2", tmp.path(), ", protocol: samm_5class")).find("unknown protocol 'samm_5class'"),
            std::string::npos);
  EXPECT_NE(message(dataset_node("casme2", tmp.path(), ", frame: raw")).find("did you mean 'frames'"), std::string::npos);
  EXPECT_NE(message(dataset_node("casme2", tmp.path(), ", frames: warped")).find("raw, cropped, aligned"), std::string::npos);
  EXPECT_NE(message(YAML::Load("{name: casme4}")).find("unknown dataset 'casme4'"), std::string::npos);
}

TEST(Casme2, UnreadableSheetIsRuntimeError) {
  TempDir tmp;
  write_casme2_tree(tmp.path(), casme2_clips());
  write_file(tmp / "CASME2-coding-20140508.xlsx", "not a zip");
  EXPECT_THROW(load_dataset(dataset_node("casme2", tmp.path())), RuntimeError);
  write_xlsx(tmp / "CASME2-coding-20140508.xlsx", {{"Subject", "Filename"}, {"1", "EP02_01f"}});
  try {
    load_dataset(dataset_node("casme2", tmp.path()));
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("no header row"), std::string::npos) << e.what();
  }
}

TEST(Samm, HeaderBelowDescriptionRowsAndFiveClasses) {
  TempDir tmp;
  write_samm_tree(tmp.path(), samm_clips());
  DatasetLoad d = load_dataset(dataset_node("samm", tmp.path()));
  EXPECT_EQ(d.protocol, "samm_5class");
  EXPECT_EQ(d.sheet_rows, 7u);
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{
                           {"anger", 1}, {"contempt", 1}, {"happiness", 1}, {"surprise", 1}, {"other", 1}}));
  EXPECT_EQ(d.dropped_by_reason,
            (std::map<std::string, int>{{"not in protocol: disgust", 1}, {"not in protocol: fear", 1}}));
  const Clip* c = find_clip(d, "006/006_1_2");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->subject, "006");  // numeric Subject cell 6, zero-padded like the folders
  EXPECT_EQ(c->onset, 5562);
  EXPECT_EQ(c->frames.front().path.filename(), "006_05562.jpg");
  EXPECT_EQ(c->action_units, "4+7");
  EXPECT_EQ(find_clip(d, "011/011_2_1")->subject, "011");
  // The fear row has apex -1: reported as a missing apex even though the clip is dropped.
  EXPECT_EQ(count_kind(d, "missing_apex"), 1);
  EXPECT_FALSE(d.has_errors());
}

TEST(Samm, Megc3ClassGroupsFiveNegativeEmotions) {
  TempDir tmp;
  write_samm_tree(tmp.path(), samm_clips());
  DatasetLoad d = load_dataset(dataset_node("samm", tmp.path(), ", protocol: megc_3class"));
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{{"negative", 4}, {"positive", 1}, {"surprise", 1}}));
  EXPECT_EQ(d.dropped_by_reason, (std::map<std::string, int>{{"not in protocol: other", 1}}));
}

TEST(Datasets, RegistryListsBuiltins) {
  register_builtin_datasets();
  auto names = dataset_registry().names();
  EXPECT_EQ(names, (std::vector<std::string>{"4dme", "casme2", "casme3", "composite", "megc2019", "mmew", "samm", "smic", "synthetic"}));
}
