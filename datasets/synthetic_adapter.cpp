// `dataset=synthetic`: the CASME-II adapter (or SAMM's or SMIC's, dataset.generator.layout)
// pointed at generated data. When the root folder
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
  keys.insert(keys.end(), {"generator", "apex_policy"});
  check_dataset_keys(node, keys);
  SynthOptions opts = synth_options_from_yaml(node["generator"], "dataset.generator");
  if (node["apex_policy"] && opts.layout != "smic")
    throw ConfigError("config key 'dataset.apex_policy': only the smic layout has no apex (dataset.generator.layout=" +
                      opts.layout + ")");

  YAML::Node effective = YAML::Clone(node);
  // Unset, null or '???' all mean the documented default folder.
  std::string root = node["root"] && node["root"].IsScalar() ? node["root"].Scalar() : "";
  if (root.empty() || root == "???" || root == "null" || root == "~") root = "data/synthetic";
  effective["root"] = root;
  // The sheet is the one the generator wrote for its layout (smic: none, the tree is the index).
  if (opts.layout == "samm") effective["annotation"] = kSyntheticSammAnnotation;
  else if (opts.layout == "smic") effective.remove("annotation");
  else if (!effective["annotation"] || effective["annotation"].IsNull())
    effective["annotation"] = std::string(kSyntheticAnnotation) + ".xlsx";
  effective.remove("generator");

  std::error_code ec;
  if (!std::filesystem::exists(root, ec)) {
    log::info("dataset synthetic: {} does not exist; generating it (seed {}, {} subjects x {} clips, {} px, {} layout)",
              root, opts.seed, opts.subjects, opts.clips_per_subject, opts.size, opts.layout);
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
  if (opts.layout == "samm") return load_layout(effective, "synthetic", samm_layout(), limits);
  if (opts.layout == "smic") {
    DatasetLoad d = load_smic(effective, limits);
    d.name = "synthetic";
    for (auto& c : d.clips) c.dataset = "synthetic";
    return d;
  }
  return load_layout(effective, "synthetic", casme2_layout(), limits);
}

}  // namespace merlab
