#include "datasets/dataset.h"

#include <algorithm>
#include <mutex>

#include "datasets/adapters.h"
#include "datasets/composite.h"
#include "framework/common/error.h"

namespace merlab {

bool DatasetLoad::has_errors() const { return error_count() > 0; }

std::size_t DatasetLoad::error_count() const {
  return static_cast<std::size_t>(std::count_if(problems.begin(), problems.end(), [](const Problem& p) { return p.is_error(); }));
}

std::size_t DatasetLoad::warning_count() const { return problems.size() - error_count(); }

void DatasetLoad::require_frames_ready() const {
  if (frames == "aligned" && !faces_applied)
    throw RuntimeError("dataset " + name + ": dataset.frames=aligned but the face stage did not run on it "
                       "(load it with load_run_dataset)");
}

Registry<DatasetLoad, const Limits&>& dataset_registry() {
  static Registry<DatasetLoad, const Limits&> registry("dataset");
  return registry;
}

void register_builtin_datasets() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = dataset_registry();
    r.add("casme2", "CASME-II (raw or cropped frames, .xlsx/.csv sheet; casme2_5class, megc_3class)", load_casme2);
    r.add("samm", "SAMM (frames + SAMM_Micro_FACS_Codes_v2.xlsx; samm_5class, megc_3class)", load_samm);
    r.add("smic", "SMIC HS/VIS/NIR (<camera>/<subject>/micro/<emotion>/<clip>, labels from folders, apex at the "
          "midpoint; smic_3class, megc_3class)", load_smic);
    r.add("mmew", "MMEW (Micro_Expression/<emotion>/<clip> + MMEW_Micro_Exp.xlsx; mmew_7class, megc_3class)",
          load_mmew);
    r.add("casme3", "CAS(ME)^3 part A (ME_A/<subject>/<clip>/color + its label sheet; casme3_7class, casme3_4class, "
          "megc_3class)", load_casme3);
    r.add("4dme", "4DME grey frames (gray_micro/<subject>/<clip> + its labelling sheet; fourdme_5class, megc_3class)",
          load_fourdme);
    r.add("composite", "several datasets joined (dataset.parts: [...]), subjects made unique by part; LOSO or "
          "protocol.name=lodo", load_composite);
    r.add("megc2019", "MEGC 2019 composite: CASME II + SMIC-HS + SAMM under megc_3class (dataset.casme2/smic/samm "
          "roots, optional dataset.ground_truth)", load_megc2019);
    r.add("synthetic", "generated faces in the CASME-II layout (made on first use when root is missing)",
          load_synthetic);
    publish_registry(&r);
  });
}

DatasetLoad load_dataset(const YAML::Node& dataset_node, const Limits& limits) {
  register_builtin_datasets();
  return dataset_registry().create(dataset_node, "config key 'dataset'", limits);
}

}  // namespace merlab
