// Adapter plumbing shared by the sheet-based adapters (CASME-II, SAMM, MMEW, CAS(ME)^3, 4DME) and synthetic: configuration keys,
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

// The whole load for a file-based layout: validates config, reads the sheet, assembles.
DatasetLoad load_layout(const YAML::Node& node, const std::string& name, const Layout& layout,
                        const Limits& limits);

const Layout& casme2_layout();
const Layout& samm_layout();
const Layout& mmew_layout();
const Layout& casme3_layout();
const Layout& fourdme_layout();

DatasetLoad load_casme2(const YAML::Node& node, const Limits& limits);
DatasetLoad load_samm(const YAML::Node& node, const Limits& limits);
DatasetLoad load_mmew(const YAML::Node& node, const Limits& limits);
DatasetLoad load_casme3(const YAML::Node& node, const Limits& limits);
DatasetLoad load_fourdme(const YAML::Node& node, const Limits& limits);
DatasetLoad load_synthetic(const YAML::Node& node, const Limits& limits);

}  // namespace merlab
