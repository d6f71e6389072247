// MMEW, CAS(ME)^3 part A and 4DME adapters on fixture trees in their distributed layouts
// (sheets written by the test with the real column names, frames generated), with the quirk
// each layout is known for.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "datasets/dataset.h"
#include "tests/datasets/fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::test;
namespace fs = std::filesystem;

namespace {

auto numbered = [](long n) { return std::to_string(n) + ".jpg"; };

// MMEW: frames under Micro_Expression/<emotion>/<clip>/, the subject only in the sheet.
void write_mmew_tree(const fs::path& root) {
  write_frames(root / "Micro_Expression" / "happiness" / "S01-01-001", 1, 12, numbered);
  write_frames(root / "Micro_Expression" / "surprise" / "S01-02-003", 1, 10, numbered);
  write_frames(root / "Micro_Expression" / "disgust" / "S02-01-001", 1, 14, numbered);
  write_frames(root / "Micro_Expression" / "others" / "S02-03-002", 1, 9, numbered);
  write_frames(root / "Micro_Expression" / "fear" / "S03-01-004", 1, 11, numbered);  // sheet says sadness
  write_xlsx(root / "MMEW_Micro_Exp.xlsx",
             Rows{{"Subject", "Filename", "OnsetFrame", "ApexFrame", "OffsetFrame", "Action Units", "Estimated Emotion"},
                  {"S01", "S01-01-001", "1", "6", "12", "AU12", "Happiness"},
                  {"S01", "S01-02-003", "1", "4", "10", "AU1+AU2", "Surprise"},
                  {"S02", "S02-01-001", "2", "7", "14", "AU4+AU9", "Disgust"},
                  {"S02", "S02-03-002", "1", "5", "9", "AU14", "Others"},
                  {"S03", "S03-01-004", "1", "5", "11", "AU4", "Sadness"}});
}

}  // namespace

TEST(Mmew, EmotionFirstFoldersAndSubjectsFromTheSheet) {
  TempDir tmp;
  write_mmew_tree(tmp.path());
  DatasetLoad d = load_dataset(dataset_node("mmew", tmp.path()));
  EXPECT_EQ(d.protocol, "mmew_7class");
  EXPECT_EQ(d.sheet_rows, 5u);
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{{"happiness", 1}, {"surprise", 1}, {"disgust", 1}, {"others", 1}}));
  const Clip* c = find_clip(d, "S02/S02-01-001");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->subject, "S02");
  EXPECT_EQ(c->folder, tmp.path() / "Micro_Expression" / "disgust" / "S02-01-001");
  EXPECT_EQ(c->onset, 2);
  EXPECT_EQ(c->apex, 7);
  EXPECT_EQ(c->frames.size(), 14u);
  // The sheet's emotion names the folder: a clip filed under another emotion is not relabelled.
  const Problem* p = find_problem(d, "missing_folder");
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->message.find("sadness"), std::string::npos) << p->message;
  EXPECT_NE(p->message.find("S03-01-004"), std::string::npos) << p->message;
}

TEST(Mmew, Megc3ClassDropsOthers) {
  TempDir tmp;
  write_mmew_tree(tmp.path());
  DatasetLoad d = load_dataset(dataset_node("mmew", tmp.path(), ", protocol: megc_3class"));
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{{"negative", 1}, {"positive", 1}, {"surprise", 1}}));
  EXPECT_EQ(d.dropped_by_reason.at("not in protocol: others"), 1);
}

TEST(Casme3, ColourFramesBelowTheClipAndMissingFramesNamed) {
  TempDir tmp;
  const fs::path me = tmp.path() / "ME_A";
  write_frames(me / "spNO.1" / "a" / "color", 100, 120, numbered);
  write_frames(me / "spNO.1" / "b" / "color", 10, 30, numbered);
  write_frames(me / "spNO.2" / "c" / "color", 50, 70, numbered);
  write_frames(me / "spNO.2" / "d" / "color", 1, 20, numbered);
  fs::remove(me / "spNO.2" / "d" / "color" / "8.jpg");  // a frame missing inside onset..offset
  fs::remove(me / "spNO.2" / "d" / "color" / "9.jpg");
  write_xlsx(tmp.path() / "cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx",
             Rows{{"Subject", "Filename", "Onset", "Apex", "Offset", "AU", "Objective class", "emotion"},
                  {"spNO.1", "a", "100", "108", "120", "4+7", "1", "disgust"},
                  {"spNO.1", "b", "10", "18", "30", "12", "2", "happy"},
                  {"spNO.2", "c", "50", "60", "70", "1+2", "3", "surprise"},
                  {"spNO.2", "d", "1", "10", "20", "4", "1", "anger"}});
  DatasetLoad d = load_dataset(dataset_node("casme3", tmp.path()));
  EXPECT_EQ(d.protocol, "casme3_7class");
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{{"anger", 1}, {"disgust", 1}, {"happy", 1}, {"surprise", 1}}));
  const Clip* c = find_clip(d, "spNO.1/a");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->folder, me / "spNO.1" / "a" / "color");
  EXPECT_EQ(c->frames.size(), 21u);
  const Problem* gap = find_problem(d, "frame_gap");
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->severity, Problem::Severity::error);
  EXPECT_NE(gap->message.find("8-9"), std::string::npos) << gap->message;
  EXPECT_NE(gap->message.find("spNO.2/d"), std::string::npos) << gap->message;
  // Reported, not dropped (as for CASME-II): the DI is computed from the frames present.
  ASSERT_NE(find_clip(d, "spNO.2/d"), nullptr);
  EXPECT_EQ(find_clip(d, "spNO.2/d")->frames.size(), 18u);

  DatasetLoad four = load_dataset(dataset_node("casme3", tmp.path(), ", protocol: casme3_4class"));
  EXPECT_EQ(four.class_names, (std::vector<std::string>{"negative", "positive", "surprise", "others"}));
  EXPECT_EQ(class_counts(four), (std::map<std::string, int>{{"negative", 2}, {"positive", 1}, {"surprise", 1}}));
}

TEST(FourDme, SheetColumnsAndMegcGrouping) {
  TempDir tmp;
  write_frames(tmp.path() / "gray_micro" / "S01" / "S01_01", 1, 15, numbered);
  write_frames(tmp.path() / "gray_micro" / "S01" / "S01_02", 1, 12, numbered);
  write_frames(tmp.path() / "gray_micro" / "S02" / "S02_01", 5, 20, numbered);
  write_xlsx(tmp.path() / "4DME_Labelling_Micro_release v1.xlsx",
             Rows{{"sub_ID", "fold_name", "Emotion", "Onset", "Apex", "Offset", "AUs"},
                  {"S01", "S01_01", "Positive", "1", "8", "15", "AU12"},
                  {"S01", "S01_02", "Repression", "1", "6", "12", "AU14"},
                  {"S02", "S02_01", "Surprise", "5", "12", "20", "AU1+AU2"}});
  DatasetLoad d = load_dataset(dataset_node("4dme", tmp.path()));
  EXPECT_EQ(d.protocol, "fourdme_5class");
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{{"positive", 1}, {"repression", 1}, {"surprise", 1}}));
  DatasetLoad m = load_dataset(dataset_node("4dme", tmp.path(), ", protocol: megc_3class"));
  EXPECT_EQ(class_counts(m), (std::map<std::string, int>{{"negative", 1}, {"positive", 1}, {"surprise", 1}}));
  EXPECT_EQ(find_clip(m, "S02/S02_01")->apex, 12);
}

TEST(FourDme, DatasetsCheckReportsTheTree) {
  TempDir tmp;
  write_frames(tmp.path() / "gray_micro" / "S01" / "S01_01", 1, 15, numbered);
  write_xlsx(tmp.path() / "4DME_Labelling_Micro_release v1.xlsx",
             Rows{{"sub_ID", "fold_name", "Emotion", "Onset", "Apex", "Offset", "AUs"},
                  {"S01", "S01_01", "Positive", "1", "8", "15", "AU12"},
                  {"S01", "S01_09", "Negative", "1", "8", "15", "AU4"}});
  auto r = run_mer({"datasets", "check", "dataset=4dme", "dataset.root=" + tmp.path().string()});
  EXPECT_NE(r.exit_code, 0);  // one clip's folder is missing: an error
  EXPECT_NE((r.out + r.err).find("S01_09"), std::string::npos) << r.out << r.err;
}

// SMIC: the tree is the index (labels from the emotion folders), raw subject folders s1..
// while clip ids carry the composite's s01.., apex at the midpoint of the first..last frame.
auto smic_frame = [](long n) {
  char name[32];
  std::snprintf(name, sizeof name, "reg_image%06ld.jpg", n);
  return std::string(name);
};

void write_smic_tree(const fs::path& root, const std::string& camera = "HS") {
  write_frames(root / camera / "s1" / "micro" / "negative" / "s1_ne_01", 46201, 46215, smic_frame);
  write_frames(root / camera / "s1" / "micro" / "positive" / "s1_po_02", 1001, 1010, smic_frame);
  write_frames(root / camera / "s12" / "micro" / "surprise" / "s12_sur_01", 300, 320, smic_frame);
  write_frames(root / camera / "s12" / "micro" / "negative" / "s12_ne_03", 10, 18, smic_frame);
  write_frames(root / camera / "s4" / "non_micro" / "s4_nm_01", 1, 9, smic_frame);  // not an ME: not read
}

TEST(Smic, LabelsFromFoldersPaddedIdsAndMidpointApex) {
  TempDir tmp;
  write_smic_tree(tmp.path());
  DatasetLoad d = load_dataset(dataset_node("smic", tmp.path()));
  EXPECT_EQ(d.protocol, "smic_3class");
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"negative", "positive", "surprise"}));
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(class_counts(d), (std::map<std::string, int>{{"negative", 2}, {"positive", 1}, {"surprise", 1}}));
  const Clip* c = find_clip(d, "s01/s1_ne_01");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->subject, "s01");
  EXPECT_EQ(c->folder, tmp.path() / "HS" / "s1" / "micro" / "negative" / "s1_ne_01");
  EXPECT_EQ(c->onset, 46201);
  EXPECT_EQ(c->offset, 46215);
  EXPECT_EQ(c->apex, 46208);
  EXPECT_EQ(c->apex_source, "midpoint");
  ASSERT_NE(find_clip(d, "s12/s12_sur_01"), nullptr);
  EXPECT_EQ(find_clip(d, "s12/s12_sur_01")->apex, 310);
  EXPECT_EQ(find_clip(d, "s12/s12_ne_03")->apex, 14);  // 10 + (18 - 10) / 2

  DatasetLoad none = load_dataset(dataset_node("smic", tmp.path(), ", apex_policy: none, protocol: megc_3class"));
  EXPECT_EQ(none.protocol, "megc_3class");
  EXPECT_FALSE(find_clip(none, "s01/s1_ne_01")->apex.has_value());
  EXPECT_EQ(find_clip(none, "s01/s1_ne_01")->apex_source, "none");
  EXPECT_NE(find_problem(none, "missing_apex"), nullptr);
  EXPECT_THROW(load_dataset(dataset_node("smic", tmp.path(), ", apex_policy: apex")), ConfigError);
}

TEST(Smic, CamerasAndAnOnsetOffsetSheet) {
  TempDir tmp;
  write_smic_tree(tmp.path(), "NIR");
  // Default camera HS is absent: a named frames-folder error, not an empty success.
  DatasetLoad hs = load_dataset(dataset_node("smic", tmp.path()));
  const Problem* missing = find_problem(hs, "missing_folder");
  ASSERT_NE(missing, nullptr);
  EXPECT_NE(missing->message.find("HS"), std::string::npos) << missing->message;

  // meb's sheet spelling (subject, material, onset, offset) with either subject spelling.
  write_xlsx(tmp.path() / "smic_nir.xlsx", Rows{{"subject", "material", "emotion", "onset", "offset"},
                                                 {"s1", "s1_ne_01", "negative", "46203", "46211"},
                                                 {"s01", "s1_po_02", "positive", "1002", "1009"},
                                                 {"12", "s12_sur_01", "surprise", "301", "319"},
                                                 {"s13", "s13_ne_09", "negative", "1", "9"}});
  DatasetLoad d = load_dataset(dataset_node("smic", tmp.path(), ", camera: NIR, annotation: smic_nir.xlsx"));
  const Clip* c = find_clip(d, "s01/s1_ne_01");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->onset, 46203);
  EXPECT_EQ(c->offset, 46211);
  EXPECT_EQ(c->apex, 46207);
  EXPECT_EQ(find_clip(d, "s01/s1_po_02")->onset, 1002);
  // In the sheet, not in the tree: an error naming the clip; in the tree, not in the sheet: a warning.
  const Problem* gone = find_problem(d, "missing_folder");
  ASSERT_NE(gone, nullptr);
  EXPECT_NE(gone->message.find("s13_ne_09"), std::string::npos) << gone->message;
  const Problem* unlisted = find_problem(d, "not_in_sheet");
  ASSERT_NE(unlisted, nullptr);
  EXPECT_NE(unlisted->message.find("s12_ne_03"), std::string::npos) << unlisted->message;
  EXPECT_EQ(find_clip(d, "s12/s12_ne_03")->onset, 10);
}

TEST(Smic, DatasetsCheckReportsTheTree) {
  TempDir tmp;
  write_smic_tree(tmp.path());
  auto r = run_mer({"datasets", "check", "dataset=smic", "dataset.root=" + tmp.path().string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("s12"), std::string::npos) << r.out << r.err;
}
