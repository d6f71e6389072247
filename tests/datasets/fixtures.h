// Tiny dataset trees in the official CASME-II and SAMM layouts, written at test time
// (frames as 8x8 images, sheets through libxlsxwriter or as CSV).
#pragma once

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/xlsx_writer.h"
#include "tests/support/test_support.h"

namespace merlab::test {

using Rows = std::vector<std::vector<std::string>>;

// Frames first..last named by `name(number)`, each a distinct 8x8 grey image.
template <typename NameFn>
inline void write_frames(const std::filesystem::path& dir, long first, long last, NameFn name) {
  std::filesystem::create_directories(dir);
  for (long n = first; n <= last; ++n) {
    cv::Mat img(8, 8, CV_8UC3, cv::Scalar::all(static_cast<double>(n % 200)));
    cv::imwrite((dir / name(n)).string(), img);
  }
}

struct FixtureClip {
  std::string subject;  // sheet cell: "1" (CASME-II) or "6" (SAMM)
  std::string folder;   // subject folder: sub01 / 006
  std::string clip;     // EP02_01f / 006_1_2
  long first, last;     // frames present
  std::string onset, apex, offset, emotion, aus;
};

// CASME-II: CASME2_RAW_selected/sub01/EP02_01f/img46.jpg (+ Cropped/.../reg_img46.jpg when
// `cropped`), sheet rows with the real column names and two unnamed empty columns.
inline Rows casme2_sheet(const std::vector<FixtureClip>& clips) {
  Rows rows = {{"Subject", "Filename", "", "OnsetFrame", "ApexFrame", "OffsetFrame", "", "Action Units",
                "Estimated Emotion"}};
  for (const auto& c : clips) rows.push_back({c.subject, c.clip, "", c.onset, c.apex, c.offset, "", c.aus, c.emotion});
  return rows;
}

inline void write_casme2_tree(const std::filesystem::path& root, const std::vector<FixtureClip>& clips,
                              bool cropped = false) {
  for (const auto& c : clips) {
    write_frames(root / "CASME2_RAW_selected" / c.folder / c.clip, c.first, c.last,
                 [](long n) { return "img" + std::to_string(n) + ".jpg"; });
    if (cropped)
      write_frames(root / "Cropped" / c.folder / c.clip, c.first, c.last,
                   [](long n) { return "reg_img" + std::to_string(n) + ".jpg"; });
  }
  write_xlsx(root / "CASME2-coding-20140508.xlsx", casme2_sheet(clips));
  write_csv(root / "CASME2-coding-20140508.csv", casme2_sheet(clips));
}

// Seven clips over three subjects, every CASME-II label; sub02/EP01_01 has '/' as apex.
inline std::vector<FixtureClip> casme2_clips() {
  return {
      {"1", "sub01", "EP02_01f", 46, 60, "46", "53", "60", "happiness", "12"},
      {"1", "sub01", "EP03_02", 10, 25, "10", "15", "25", "disgust", "4+9"},
      {"1", "sub01", "EP19_05f", 100, 112, "100", "104", "112", "fear", "1+2+4"},
      {"2", "sub02", "EP01_01", 1, 12, "1", "/", "12", "repression", "14"},
      {"2", "sub02", "EP09_04", 30, 41, "30", "35", "41", "surprise", "1+2"},
      {"3", "sub03", "EP05_09", 200, 215, "200", "207", "215", "others", "4"},
      {"3", "sub03", "EP07_01", 5, 16, "5", "9", "16", "disgust", "9"},
  };
}

// SAMM: SAMM/006/006_1_2/006_05562.jpg; the sheet starts with description rows.
inline Rows samm_sheet(const std::vector<FixtureClip>& clips) {
  Rows rows = {{"SAMM Micro-Movement FACS Codes"},
               {"Coded by two FACS coders. Frames are numbered from the start of the recording."},
               {},
               {"Subject", "Filename", "Inducement Code", "Onset Frame", "Apex Frame", "Offset Frame", "Duration",
                "Type", "Action Units", "Notes", "Estimated Emotion", "Objective Classes"}};
  for (const auto& c : clips)
    rows.push_back({c.subject, c.clip, "1", c.onset, c.apex, c.offset, "", "Micro - 1/2", c.aus, "", c.emotion, "1"});
  return rows;
}

inline void write_samm_tree(const std::filesystem::path& root, const std::vector<FixtureClip>& clips) {
  for (const auto& c : clips) {
    std::string subject = c.folder;
    write_frames(root / "SAMM" / c.folder / c.clip, c.first, c.last, [subject](long n) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%05ld", n);
      return subject + "_" + buf + ".jpg";
    });
  }
  write_xlsx(root / "SAMM_Micro_FACS_Codes_v2.xlsx", samm_sheet(clips));
}

inline std::vector<FixtureClip> samm_clips() {
  return {
      {"6", "006", "006_1_2", 5562, 5575, "5562", "5568", "5575", "Anger", "4+7"},
      {"6", "006", "006_1_3", 7000, 7010, "7000", "7004", "7010", "Contempt", "R14"},
      {"7", "007", "007_3_1", 1200, 1212, "1200", "1205", "1212", "Happiness", "12"},
      {"7", "007", "007_5_2", 300, 310, "300", "305", "310", "Disgust", "9+10"},
      {"11", "011", "011_2_1", 20, 31, "20", "26", "31", "Surprise", "1+2"},
      {"11", "011", "011_2_2", 40, 52, "40", "46", "52", "Other", "6"},
      {"11", "011", "011_3_1", 60, 70, "60", "-1", "70", "Fear", "20"},
  };
}

// `mer datasets check dataset=casme2 dataset.root=ROOT [extra overrides]`, as a user runs it.
inline CommandResult check_casme2(const std::filesystem::path& root, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"datasets", "check", "dataset=casme2", "dataset.root=" + root.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_mer(args);
}

// A dataset node {name, root, ...extra} (extra: ", key: value" pairs).
inline YAML::Node dataset_node(const std::string& name, const std::filesystem::path& root, const std::string& extra = "") {
  return YAML::Load("{name: " + name + ", root: '" + root.string() + "'" + extra + "}");
}

// Usable clips per class name.
inline std::map<std::string, int> class_counts(const DatasetLoad& d) {
  std::map<std::string, int> out;
  for (const auto& c : d.clips) ++out[d.class_names[static_cast<std::size_t>(c.label)]];
  return out;
}

inline const Clip* find_clip(const DatasetLoad& d, const std::string& id) {
  for (const auto& c : d.clips)
    if (c.clip_id == id) return &c;
  return nullptr;
}

// The first problem of a kind, or null.
inline const Problem* find_problem(const DatasetLoad& d, const std::string& kind) {
  for (const auto& p : d.problems)
    if (p.kind == kind) return &p;
  return nullptr;
}

}  // namespace merlab::test
