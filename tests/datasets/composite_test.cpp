// Composite datasets (dataset=composite, dataset=megc2019) over synthetic parts written in the
// CASME-II, SAMM and SMIC layouts and read by those adapters, and the ground-truth selection.
#include "datasets/composite.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "datasets/synthetic.h"
#include "framework/common/error.h"
#include "tests/datasets/fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::test;
namespace fs = std::filesystem;

namespace {

SynthOptions part_options(const std::string& layout, std::uint64_t seed) {
  SynthOptions o;
  o.layout = layout;
  o.subjects = 3;
  o.clips_per_subject = 5;
  o.size = 32;
  o.min_frames = 8;
  o.max_frames = 12;
  o.seed = seed;
  return o;
}

// Three generated trees under one folder, made once for the whole suite (a second or so).
const fs::path& parts_root() {
  static TempDir dir("merlab-composite");
  static bool made = [] {
    generate_synthetic(part_options("casme2", 11), dir.path() / "casme2");
    generate_synthetic(part_options("samm", 12), dir.path() / "samm");
    generate_synthetic(part_options("smic", 13), dir.path() / "smic");
    return true;
  }();
  (void)made;
  return dir.path();
}

std::string root_of(const std::string& part) { return (parts_root() / part).string(); }

YAML::Node composite_node(const std::string& extra = ", protocol: megc_3class") {
  return YAML::Load("{name: composite, parts: [{name: casme2, root: '" + root_of("casme2") +
                    "', annotation: CASME2-coding-synthetic.xlsx}, {name: samm, root: '" + root_of("samm") +
                    "'}, {name: smic, root: '" + root_of("smic") + "'}]" + extra + "}");
}

YAML::Node megc_node(const std::string& extra = "") {
  return YAML::Load("{name: megc2019, casme2: {root: '" + root_of("casme2") +
                    "', annotation: CASME2-coding-synthetic.xlsx}, samm: {root: '" + root_of("samm") +
                    "'}, smic: {root: '" + root_of("smic") + "'}" + extra + "}");
}

}  // namespace

TEST(SyntheticLayouts, EachLayoutIsReadByItsOwnAdapter) {
  DatasetLoad samm = load_dataset(YAML::Load("{name: samm, root: '" + root_of("samm") + "'}"));
  EXPECT_FALSE(samm.has_errors());
  ASSERT_EQ(samm.clips.size(), 15u);
  EXPECT_EQ(samm.clips.front().subject, "001");
  EXPECT_EQ(samm.clips.front().folder.parent_path().filename(), "001");
  std::set<std::string> samm_labels;
  for (const auto& c : samm.clips) samm_labels.insert(c.emotion);
  EXPECT_TRUE(samm_labels.count("Anger") || samm_labels.count("Contempt")) << "SAMM's vocabulary";

  DatasetLoad smic = load_dataset(YAML::Load("{name: smic, root: '" + root_of("smic") + "'}"));
  EXPECT_FALSE(smic.has_errors());
  ASSERT_EQ(smic.clips.size(), 15u);
  for (const auto& c : smic.clips) {
    EXPECT_EQ(c.subject.substr(0, 2), "s0");  // folders s1..s3, ids s01..s03
    EXPECT_EQ(c.onset, c.frames.front().number);
    EXPECT_EQ(c.offset, c.frames.back().number);
    EXPECT_EQ(c.apex_source, "midpoint");
  }
}

TEST(Composite, SubjectsAndClipsUniqueByPartUnderOneProtocol) {
  DatasetLoad d = load_dataset(composite_node());
  EXPECT_EQ(d.name, "composite");
  EXPECT_EQ(d.protocol, "megc_3class");
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"negative", "positive", "surprise"}));
  std::map<std::string, std::set<std::string>> subjects;
  std::set<std::string> ids;
  for (const auto& c : d.clips) {
    subjects[c.dataset].insert(c.subject);
    EXPECT_TRUE(ids.insert(c.clip_id).second) << c.clip_id;
    EXPECT_EQ(c.subject.rfind(c.dataset + "/", 0), 0u) << c.subject;
    EXPECT_EQ(c.clip_id.rfind(c.subject + "/", 0), 0u) << c.clip_id;
    EXPECT_EQ(composite_part_of(c.subject), c.dataset);
  }
  ASSERT_EQ(subjects.size(), 3u);
  EXPECT_EQ(subjects["casme2"], (std::set<std::string>{"casme2/sub01", "casme2/sub02", "casme2/sub03"}));
  EXPECT_EQ(subjects["samm"], (std::set<std::string>{"samm/001", "samm/002", "samm/003"}));
  EXPECT_EQ(subjects["smic"], (std::set<std::string>{"smic/s01", "smic/s02", "smic/s03"}));
  // megc_3class drops CASME-II's and SAMM's "others"; SMIC has none to drop.
  std::size_t smic_clips = 0;
  for (const auto& c : d.clips) smic_clips += c.dataset == "smic";
  EXPECT_EQ(smic_clips, 15u);
  EXPECT_GT(d.dropped_by_reason.count("casme2: not in protocol: others") +
                d.dropped_by_reason.count("samm: not in protocol: other"),
            0u);
  EXPECT_EQ(d.sheet_rows, 45u);
  EXPECT_EQ(composite_part_of("sub01"), "");
}

TEST(Composite, ConfigErrorsNameTheKey) {
  // Without a shared protocol the parts keep their own classes: refused, naming the fix.
  try {
    load_dataset(composite_node(""));
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("megc_3class"), std::string::npos) << e.what();
  }
  try {
    load_dataset(YAML::Load("{name: composite, protocol: megc_3class, parts: [{name: samm, root: '" + root_of("samm") +
                            "'}, {name: samm, root: '" + root_of("samm") + "'}]}"));
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dataset.parts[1].part"), std::string::npos) << e.what();
  }
  try {
    load_dataset(YAML::Load("{name: composite, protocol: megc_3class, parts: [{name: samm, root: '" + root_of("samm") +
                            "'}, {name: smic, root: '" + root_of("smic") + "', camera: IR}]}"));
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dataset.parts[1].camera"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_dataset(YAML::Load("{name: composite, parts: [{name: samm, root: x}]}")), ConfigError);
  try {
    load_dataset(YAML::Load("{name: megc2019, casme2: {root: '???'}, samm: {root: a}, smic: {root: b}}"));
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dataset.casme2.root"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_dataset(megc_node(", protocol: casme2_5class")), ConfigError);
}

TEST(Megc2019, GroundTruthSelectsRelabelsAndReportsMissingClips) {
  DatasetLoad all = load_dataset(megc_node());
  EXPECT_EQ(all.name, "megc2019");
  ASSERT_GE(all.clips.size(), 6u);
  // One clip of each part, spelled as the ground truth spells them, one relabelled, one absent.
  std::map<std::string, const Clip*> first;
  for (const auto& c : all.clips) first.emplace(c.dataset, &c);
  ASSERT_EQ(first.size(), 3u);
  auto name_of = [](const Clip* c) { return c->clip_id.substr(c->clip_id.rfind('/') + 1); };
  const Clip* cas = first["casme2"];
  const Clip* samm = first["samm"];
  const Clip* smic = first["smic"];
  const std::string smic_name = name_of(smic);  // s1_ne_01 -> the file writes s01_ne_01
  const std::string smic_padded = "s0" + smic_name.substr(1);
  const int wrong = (samm->label + 1) % 3;
  TempDir tmp;
  const fs::path gt = tmp.path() / "combined_3class_gt.csv";
  std::ofstream(gt) << "casme2," << std::stoi(cas->subject.substr(cas->subject.size() - 2)) << "," << name_of(cas) << ","
                    << cas->label << "\n"
                    << "SAMM," << samm->subject.substr(5) << "," << name_of(samm) << "," << wrong << "\n"
                    << "smic," << smic->subject.substr(5) << "," << smic_padded << "," << smic->label << "\n"
                    << "casme2,sub02,EP99_99,0\n";
  DatasetLoad d = load_dataset(megc_node(", ground_truth: '" + gt.string() + "'"));
  // Parts in MEGC's order (casme2, smic, samm), each part's clips in its sheet order.
  ASSERT_EQ(d.clips.size(), 3u);
  EXPECT_EQ(d.clips[0].clip_id, cas->clip_id);
  EXPECT_EQ(d.clips[1].clip_id, smic->clip_id);
  EXPECT_EQ(d.clips[2].clip_id, samm->clip_id);
  EXPECT_EQ(d.clips[2].label, wrong);  // the ground truth defines the benchmark
  const Problem* mismatch = find_problem(d, "label_mismatch");
  ASSERT_NE(mismatch, nullptr);
  EXPECT_FALSE(mismatch->is_error());
  const Problem* missing = find_problem(d, "missing_clip");
  ASSERT_NE(missing, nullptr);
  EXPECT_TRUE(missing->is_error());
  EXPECT_NE(missing->message.find("line 4"), std::string::npos) << missing->message;
  EXPECT_NE(missing->message.find("EP99_99"), std::string::npos) << missing->message;
  EXPECT_EQ(d.dropped_by_reason.at("smic: not in ground truth"), 14);
}

TEST(Megc2019, GroundTruthFileErrorsNameTheLine) {
  TempDir tmp;
  const fs::path bad = tmp.path() / "gt.csv";
  std::ofstream(bad) << "Dataset,Subject,Filename,Class\ncasme2,sub01,EP01_01,0\nsamm,006,006_1_2,7\n";
  try {
    read_composite_ground_truth(bad, Limits{});
    FAIL() << "expected a RuntimeError";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
  std::ofstream(bad) << "casme2,sub01,EP01_01\n";
  EXPECT_THROW(read_composite_ground_truth(bad, Limits{}), RuntimeError);
  EXPECT_THROW(read_composite_ground_truth(tmp.path() / "absent.csv", Limits{}), RuntimeError);
  std::ofstream(bad) << "Dataset,Subject,Filename,Class\nsmic,s01,s1_ne_01,negative\n";
  auto rows = read_composite_ground_truth(bad, Limits{});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].line, 2u);
  EXPECT_EQ(rows[0].label, 0);
}

TEST(Composite, DatasetsCheckListsEveryPart) {
  auto r = run_mer({"datasets", "check", "dataset=megc2019", "dataset.casme2.root=" + root_of("casme2"),
                    "dataset.casme2.annotation=CASME2-coding-synthetic.xlsx", "dataset.samm.root=" + root_of("samm"),
                    "dataset.smic.root=" + root_of("smic")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string all = r.out + r.err;
  for (const char* s : {"casme2/sub01", "samm/001", "smic/s01"}) EXPECT_NE(all.find(s), std::string::npos) << s << "\n" << all;
}
