// CAS(ME)^3 part A (Li et al. 2022): ME_A/spNO.1/a/color/1.jpg, the colour frames one level
// below the clip folder (depth maps sit beside them in depth/); sheet
// cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx with Subject, Filename, Onset, Apex, Offset, AU and
// emotion, frame numbers being the JPEG indices. Some clips lack frames inside their
// onset..offset: the shared validation reports them as frame_gap errors naming the missing
// numbers, and keeps the clip (its DI uses the frames present), as for CASME-II.
#include "datasets/adapters.h"
#include "framework/common/strings.h"

namespace merlab {
namespace {

std::string casme3_subject(const std::string& cell) { return trim(cell); }

std::filesystem::path casme3_clip_folder(const AnnotationRow& row) {
  return std::filesystem::path(row.subject) / row.clip_name / "color";
}

}  // namespace

const Layout& casme3_layout() {
  static const Layout l{"casme3",
                        "ME_A",
                        "ME_A_cropped",
                        "cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx",
                        "casme3_7class",
                        {"Subject", "Filename", "Onset", "Apex", "Offset", "emotion", "AU"},
                        casme3_subject,
                        "ME_A/ and cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx",
                        casme3_clip_folder};
  return l;
}

DatasetLoad load_casme3(const YAML::Node& node, const Limits& limits) {
  check_dataset_keys(node, kAdapterKeys);
  return load_layout(node, "casme3", casme3_layout(), limits);
}

}  // namespace merlab
