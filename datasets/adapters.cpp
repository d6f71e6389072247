#include "datasets/adapters.h"

#include <algorithm>

#include "datasets/corrections.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/config/access.h"

namespace merlab {

const std::vector<std::string> kAdapterKeys = {"name",        "root",       "frames",     "raw_dir",
                                               "cropped_dir", "annotation", "protocol",   "corrections",
                                               "verify_images"};

void check_dataset_keys(const YAML::Node& node, const std::vector<std::string>& allowed) {
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw ConfigError("config key 'dataset." + key + "': unknown key" + suggestion_text(key, allowed));
  }
}

namespace {

// Unset, null and Hydra's '???' all mean "not given".
std::optional<std::string> optional_path(const YAML::Node& node, const std::string& key) {
  if (node[key] && node[key].IsScalar() && node[key].Scalar() == "???") return std::nullopt;
  auto v = cfg::value_or<std::string>(node, key, "", "dataset");
  v = trim(v);
  if (v.empty() || v == "???" || v == "null" || v == "~") return std::nullopt;
  return v;
}

}  // namespace

AdapterSetup setup_adapter(const YAML::Node& node, const std::string& name, const Layout& layout,
                           const Limits& limits) {
  auto root_text = optional_path(node, "root");
  if (!root_text)
    throw ConfigError("config key 'dataset.root' is required: the folder holding " + layout.root_hint +
                      "; set dataset.root=PATH");
  AdapterSetup s;
  s.root = *root_text;
  std::error_code ec;
  if (!std::filesystem::is_directory(s.root, ec))
    throw ConfigError("config key 'dataset.root': folder '" + s.root.string() + "' not found");

  // aligned: the raw frames, replaced by aligned face crops by the face stage (docs/faces.md).
  std::string frames = cfg::choice(node, "frames", "raw", {"raw", "cropped", "aligned"}, "dataset");
  std::string frames_dir = frames != "cropped" ? cfg::value_or<std::string>(node, "raw_dir", layout.raw_dir, "dataset")
                                           : cfg::value_or<std::string>(node, "cropped_dir", layout.cropped_dir, "dataset");
  if (auto a = optional_path(node, "annotation")) s.annotation = *a;
  else if (!layout.annotation.empty()) s.annotation = layout.annotation;
  if (!s.annotation.empty() && s.annotation.is_relative()) s.annotation = s.root / s.annotation;

  AssembleOptions& opt = s.options;
  opt.dataset = name;
  opt.frames_root = s.root / frames_dir;
  opt.protocol = find_protocol(layout.family, cfg::value_or<std::string>(node, "protocol", layout.protocol, "dataset"));
  opt.verify_images = cfg::value_or<bool>(node, "verify_images", false, "dataset");
  opt.limits = limits;
  if (auto corr = optional_path(node, "corrections")) {
    opt.corrections = load_corrections(resolve_corrections_path(*corr), layout.family);
    log::info("dataset {}: applying corrections {} (version {}, {} entries)", name, opt.corrections->file.string(),
              opt.corrections->version, opt.corrections->items.size());
  }

  DatasetLoad& result = s.result;
  result.name = name;
  result.protocol = opt.protocol.name;
  result.class_names = opt.protocol.class_names;
  result.frames = frames;
  if (!std::filesystem::is_directory(opt.frames_root, ec)) {
    result.problems.push_back({Problem::Severity::error, "missing_folder", "",
                               "frames folder " + opt.frames_root.string() + " not found (dataset.frames=" + frames +
                                   "; set dataset." + (frames != "cropped" ? "raw_dir" : "cropped_dir") +
                                   " if your copy names it differently)"});
  }
  return s;
}

void log_load(const DatasetLoad& result) {
  log::info("dataset {} ({}): {} usable clips from {} sheet rows, {} errors, {} warnings", result.name,
            result.protocol, result.clips.size(), result.sheet_rows, result.error_count(), result.warning_count());
}

DatasetLoad load_layout(const YAML::Node& node, const std::string& name, const Layout& layout,
                        const Limits& limits) {
  AdapterSetup s = setup_adapter(node, name, layout, limits);
  Table table = read_table(s.annotation, limits);
  auto rows = rows_from_table(table, layout.columns, layout.subject_folder, s.annotation.string());
  if (layout.clip_folder)
    for (auto& row : rows) row.folder = layout.clip_folder(row);
  assemble_clips(std::move(rows), s.options, s.result);
  log_load(s.result);
  return std::move(s.result);
}

}  // namespace merlab
