// Composite datasets: several datasets read by their own adapters and joined into one, as the
// MEGC 2019 benchmark joins CASME II, SMIC-HS and SAMM.
//
//   dataset:
//     name: composite
//     parts:                          # each a dataset node as under `dataset:`
//       - {name: casme2, root: /data/CASME2}
//       - {name: samm, root: /data/SAMM, part: samm}   # part: the label (default: name)
//     protocol: megc_3class           # given to every part; their classes must agree
//     frames: raw                     # given to every part (aligned: one face stage for all)
//     ground_truth: null              # optional CSV selecting the clips (below)
//
//   dataset: {name: megc2019, casme2: {root: ...}, smic: {root: ...}, samm: {root: ...}}
//     = composite of exactly those three parts (SMIC camera HS) under megc_3class.
//
// Subject ids are made unique by part: "<part>/<subject>" (casme2/sub01, smic/s01, samm/006),
// clip ids "<part>/<clip id>", Clip::dataset the part label. LOSO then has one fold per
// subject of every part, protocol.name=lodo one fold per part; reports split predictions by
// the part before the first '/' of the subject (composite_part_of).
//
// The ground truth (MEGC's combined_3class_gt.csv) is read as rows Dataset, Subject, Filename,
// Class (0 negative, 1 positive, 2 surprise, or those words), with or without a header row.
// Dataset matches a part whose label or adapter name it starts with, letters and digits
// compared case-blind ("SMIC-HS" and "smic" match smic, "CASME II" casme2); Subject by its
// number ("sub01" = "1" = "s01"); Filename case-blind with leading zeros of digit groups
// ignored ("s01_ne_01" = "s1_ne_01"). Clips of the trees absent from the file are dropped
// ("not in ground truth"); rows of the file without a usable clip are errors naming the row.
// A clip whose part label disagrees with the file's class takes the file's class, with a
// label_mismatch warning: the file defines the benchmark.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "datasets/dataset.h"

namespace merlab {

DatasetLoad load_composite(const YAML::Node& node, const Limits& limits);
DatasetLoad load_megc2019(const YAML::Node& node, const Limits& limits);

// "casme2/sub01" -> "casme2"; "" for a subject of a plain dataset (no '/').
std::string composite_part_of(const std::string& subject);

struct GroundTruthRow {
  std::size_t line = 0;  // 1-based line of the file
  std::string dataset, subject, filename;
  int label = -1;        // 0 negative, 1 positive, 2 surprise
};
// Throws RuntimeError naming the file and line of a row that has not four cells or whose class
// is not 0, 1, 2, negative, positive or surprise.
std::vector<GroundTruthRow> read_composite_ground_truth(const std::filesystem::path& path, const Limits& limits);

}  // namespace merlab
