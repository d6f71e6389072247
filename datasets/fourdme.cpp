// 4DME (Li et al. 2022), its grey-level 2D frames: gray_micro/S01/S01_01/1.jpg ...; sheet
// "4DME_Labelling_Micro_release v1.xlsx" with sub_ID, fold_name, Emotion, Onset, Apex, Offset,
// AUs. Subject cells name the folder as they are.
#include "datasets/adapters.h"
#include "framework/common/strings.h"

namespace merlab {
namespace {

std::string fourdme_subject(const std::string& cell) { return trim(cell); }

}  // namespace

const Layout& fourdme_layout() {
  static const Layout l{"4dme",
                        "gray_micro",
                        "gray_micro_cropped",
                        "4DME_Labelling_Micro_release v1.xlsx",
                        "fourdme_5class",
                        {"sub_ID", "fold_name", "Onset", "Apex", "Offset", "Emotion", "AUs"},
                        fourdme_subject,
                        "gray_micro/ and \"4DME_Labelling_Micro_release v1.xlsx\""};
  return l;
}

DatasetLoad load_fourdme(const YAML::Node& node, const Limits& limits) {
  check_dataset_keys(node, kAdapterKeys);
  return load_layout(node, "4dme", fourdme_layout(), limits);
}

}  // namespace merlab
