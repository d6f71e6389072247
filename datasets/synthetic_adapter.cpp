// `dataset=synthetic`: the CASME-II adapter pointed at generated data. When the root folder
// does not exist it is generated first with dataset.generator; when it exists but was made
// with other generator options, a warning says so (it is never regenerated silently).
#include <yaml-cpp/yaml.h>

#include "datasets/adapters.h"
#include "datasets/synthetic.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/config/access.h"

namespace merlab {

DatasetLoad load_synthetic(const YAML::Node& node, const Limits& limits) {
  std::vector<std::string> keys = kAdapterKeys;
  keys.push_back("generator");
  check_dataset_keys(node, keys);
  SynthOptions opts = synth_options_from_yaml(node["generator"], "dataset.generator");

  YAML::Node effective = YAML::Clone(node);
  // Unset, null or '???' all mean the documented default folder.
  std::string root = node["root"] && node["root"].IsScalar() ? node["root"].Scalar() : "";
  if (root.empty() || root == "???" || root == "null" || root == "~") root = "data/synthetic";
  effective["root"] = root;
  if (!effective["annotation"] || effective["annotation"].IsNull())
    effective["annotation"] = std::string(kSyntheticAnnotation) + ".xlsx";
  effective.remove("generator");

  std::error_code ec;
  if (!std::filesystem::exists(root, ec)) {
    log::info("dataset synthetic: {} does not exist; generating it (seed {}, {} subjects x {} clips, {} px)", root,
              opts.seed, opts.subjects, opts.clips_per_subject, opts.size);
    generate_synthetic(opts, root);
  } else {
    std::filesystem::path manifest = std::filesystem::path(root) / kSyntheticManifest;
    try {
      YAML::Node m = YAML::LoadFile(manifest.string());
      if (YAML::Dump(m["options"]) != YAML::Dump(synth_options_to_yaml(opts)))
        log::warn("dataset synthetic: {} was generated with other options than dataset.generator; using it as it is "
                  "(delete the folder to regenerate)", root);
    } catch (const YAML::Exception&) {
      log::warn("dataset synthetic: {} has no readable {}; using it as it is", root, kSyntheticManifest);
    }
  }
  return load_layout(effective, "synthetic", casme2_layout(), limits);
}

}  // namespace merlab
