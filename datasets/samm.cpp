// SAMM (Davison et al. 2018): SAMM/006/006_1_2/006_05562.jpg; sheet
// SAMM_Micro_FACS_Codes_v2.xlsx whose header row sits below several description rows (it is
// found by its column names). Subject cells are numbers (6) or text ("006").
#include <cctype>

#include "datasets/adapters.h"
#include "framework/common/strings.h"

namespace merlab {
namespace {

std::string samm_subject_folder(const std::string& cell) {
  std::string s = trim(cell);
  bool digits = !s.empty();
  for (unsigned char c : s) digits = digits && std::isdigit(c);
  if (!digits) return s;
  std::string n = std::to_string(std::stol(s));
  return std::string(n.size() < 3 ? 3 - n.size() : 0, '0') + n;
}

}  // namespace

const Layout& samm_layout() {
  static const Layout l{"samm",
                        "SAMM",
                        "SAMM_cropped",
                        "SAMM_Micro_FACS_Codes_v2.xlsx",
                        "samm_5class",
                        {"Subject", "Filename", "Onset Frame", "Apex Frame", "Offset Frame", "Estimated Emotion",
                         "Action Units"},
                        samm_subject_folder,
                        "SAMM/ and SAMM_Micro_FACS_Codes_v2.xlsx"};
  return l;
}

DatasetLoad load_samm(const YAML::Node& node, const Limits& limits) {
  check_dataset_keys(node, kAdapterKeys);
  return load_layout(node, "samm", samm_layout(), limits);
}

}  // namespace merlab
