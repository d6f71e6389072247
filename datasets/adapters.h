// Adapter plumbing shared by the file-based adapters (CASME-II, SAMM, SMIC, MMEW, CAS(ME)^3, 4DME) and synthetic: configuration keys,
// layout defaults and the load path (sheet -> rows -> assemble_clips).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "datasets/assemble.h"
#include "datasets/dataset.h"

namespace merlab {

struct Layout {
  std::string family;        // protocol family and corrections dataset: casme2, samm
  std::string raw_dir;       // frames folder under root for frames=raw
  std::string cropped_dir;   // ... for frames=cropped
  std::string annotation;    // default annotation file name under root
  std::string protocol;      // default protocol
  SheetColumns columns;
  std::string (*subject_folder)(const std::string& subject_cell);
  std::string root_hint;     // what root must contain, for the "root is required" message
  // Clip folder under the frames root when it is not <subject>/<clip> (null: that default).
  std::filesystem::path (*clip_folder)(const AnnotationRow& row) = nullptr;
};

// Keys every file-based adapter accepts under `dataset:`.
extern const std::vector<std::string> kAdapterKeys;

// Rejects keys outside `allowed` with a suggestion (ConfigError).
void check_dataset_keys(const YAML::Node& node, const std::vector<std::string>& allowed);

// What every file-based adapter resolves from its config before it reads anything: the root
// (must exist), the annotation path (empty when the layout has none and none is given), the
// assemble options (frames folder, protocol, corrections) and a result holding the name,
// protocol, classes and the missing frames-folder problem if any.
struct AdapterSetup {
  std::filesystem::path root, annotation;
  AssembleOptions options;
  DatasetLoad result;
};
AdapterSetup setup_adapter(const YAML::Node& node, const std::string& name, const Layout& layout,
                           const Limits& limits);

// One info line: usable clips, sheet rows, errors, warnings.
void log_load(const DatasetLoad& result);

// The whole load for a file-based layout: validates config, reads the sheet, assembles.
DatasetLoad load_layout(const YAML::Node& node, const std::string& name, const Layout& layout,
                        const Limits& limits);

const Layout& casme2_layout();
const Layout& samm_layout();
const Layout& mmew_layout();
const Layout& casme3_layout();
const Layout& fourdme_layout();
const Layout& smic_layout();

DatasetLoad load_casme2(const YAML::Node& node, const Limits& limits);
DatasetLoad load_samm(const YAML::Node& node, const Limits& limits);
DatasetLoad load_mmew(const YAML::Node& node, const Limits& limits);
DatasetLoad load_casme3(const YAML::Node& node, const Limits& limits);
DatasetLoad load_fourdme(const YAML::Node& node, const Limits& limits);
DatasetLoad load_smic(const YAML::Node& node, const Limits& limits);
// SMIC subject cell or folder -> the composite's id: "s1", "s01", "1" -> "s01".
std::string smic_subject_id(const std::string& cell);
DatasetLoad load_synthetic(const YAML::Node& node, const Limits& limits);

}  // namespace merlab
