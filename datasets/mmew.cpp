// MMEW (Ben et al. 2021): clips grouped by emotion first, not by subject:
// Micro_Expression/happiness/S01-01-001/1.jpg ...; sheet MMEW_Micro_Exp.xlsx with Subject,
// Filename, OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion. The emotion
// folder is the sheet's emotion in lower case (the distributed folder names), so a clip whose
// sheet emotion disagrees with its folder is a named missing_folder problem, never a silent
// relabel.
#include "datasets/adapters.h"
#include "datasets/protocol.h"
#include "framework/common/strings.h"

namespace merlab {
namespace {

std::string mmew_subject(const std::string& cell) { return trim(cell); }

std::filesystem::path mmew_clip_folder(const AnnotationRow& row) {
  return std::filesystem::path(normalize_label(row.emotion)) / row.clip_name;
}

}  // namespace

const Layout& mmew_layout() {
  static const Layout l{"mmew",
                        "Micro_Expression",
                        "Micro_Expression_cropped",
                        "MMEW_Micro_Exp.xlsx",
                        "mmew_7class",
                        {"Subject", "Filename", "OnsetFrame", "ApexFrame", "OffsetFrame", "Estimated Emotion",
                         "Action Units"},
                        mmew_subject,
                        "Micro_Expression/ (emotion folders) and MMEW_Micro_Exp.xlsx",
                        mmew_clip_folder};
  return l;
}

DatasetLoad load_mmew(const YAML::Node& node, const Limits& limits) {
  check_dataset_keys(node, kAdapterKeys);
  return load_layout(node, "mmew", mmew_layout(), limits);
}

}  // namespace merlab
