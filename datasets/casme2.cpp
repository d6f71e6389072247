// CASME-II (Yan et al. 2014): CASME2_RAW_selected/sub01/EP02_01f/img46.jpg, or the cropped
// copy Cropped/sub01/EP02_01f/reg_img46.jpg; sheet CASME2-coding-20140508.xlsx with a header
// in its first row and a numeric Subject column (1 -> folder sub01).
#include <cctype>

#include "datasets/adapters.h"
#include "framework/common/strings.h"

namespace merlab {
namespace {

std::string casme2_subject_folder(const std::string& cell) {
  std::string s = trim(cell);
  bool digits = !s.empty();
  for (unsigned char c : s) digits = digits && std::isdigit(c);
  if (!digits) return s;  // already "sub01"
  std::string n = std::to_string(std::stol(s));
  return "sub" + (n.size() < 2 ? "0" + n : n);
}

}  // namespace

const Layout& casme2_layout() {
  static const Layout l{"casme2",
                        "CASME2_RAW_selected",
                        "Cropped",
                        "CASME2-coding-20140508.xlsx",
                        "casme2_5class",
                        {"Subject", "Filename", "OnsetFrame", "ApexFrame", "OffsetFrame", "Estimated Emotion",
                         "Action Units"},
                        casme2_subject_folder,
                        "CASME2_RAW_selected/ (or Cropped/) and CASME2-coding-20140508.xlsx"};
  return l;
}

DatasetLoad load_casme2(const YAML::Node& node, const Limits& limits) {
  check_dataset_keys(node, kAdapterKeys);
  return load_layout(node, "casme2", casme2_layout(), limits);
}

}  // namespace merlab
