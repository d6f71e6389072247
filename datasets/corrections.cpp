#include "datasets/corrections.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/yaml_tree.h"

namespace merlab {

const std::vector<std::string> kCorrectableFields = {"onset", "apex", "offset", "emotion", "action_units"};

std::filesystem::path resolve_corrections_path(const std::string& configured) {
  std::filesystem::path p(configured);
  std::error_code ec;
  if (p.is_absolute() || std::filesystem::exists(p, ec)) return p;
  std::filesystem::path in_source = std::filesystem::path(MERLAB_SOURCE_DIR) / p;
  if (std::filesystem::exists(in_source, ec)) return in_source;
  return p;
}

Corrections load_corrections(const std::filesystem::path& file, const std::string& dataset) {
  std::string where = "corrections file " + file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw ConfigError("config key 'dataset.corrections': " + where + " not found");
  YAML::Node root;
  try {
    root = config::load_yaml_file(file);  // syntax, duplicate keys and alias bombs: path:line:column
  } catch (const YAML::Exception& e) {
    throw ConfigError(where + ": " + e.what());
  }
  if (!root.IsMap()) throw ConfigError(where + ": expected a map with format, dataset, version, corrections");
  auto text = [&](const YAML::Node& n, const std::string& key) -> std::string {
    if (!n[key] || !n[key].IsScalar()) throw ConfigError(where + ": key '" + key + "' is required (a scalar)");
    return n[key].Scalar();
  };
  if (text(root, "format") != "merlab-corrections/1")
    throw ConfigError(where + ": format '" + root["format"].Scalar() + "' is not merlab-corrections/1");
  Corrections out;
  out.file = file;
  out.dataset = text(root, "dataset");
  out.version = text(root, "version");
  if (out.dataset != dataset)
    throw ConfigError(where + " is for dataset '" + out.dataset + "', not '" + dataset + "'");
  YAML::Node items = root["corrections"];
  if (!items || items.IsNull()) return out;
  if (!items.IsMap()) throw ConfigError(where + ": 'corrections' must map clip ids to fields");
  for (const auto& clip : items) {
    std::string clip_id = clip.first.as<std::string>();
    if (!clip.second.IsMap()) throw ConfigError(where + ": corrections." + clip_id + " must map fields to changes");
    for (const auto& f : clip.second) {
      std::string field = f.first.as<std::string>();
      std::string key = "corrections." + clip_id + "." + field;
      if (std::find(kCorrectableFields.begin(), kCorrectableFields.end(), field) == kCorrectableFields.end())
        throw ConfigError(where + ": " + key + ": unknown field" + suggestion_text(field, kCorrectableFields));
      const YAML::Node& c = f.second;
      if (!c.IsMap() || !c["value"]) throw ConfigError(where + ": " + key + ": expected {value: ..., reason: ...}");
      Correction corr;
      corr.clip_id = clip_id;
      corr.field = field;
      corr.value = c["value"].IsNull() ? "" : c["value"].Scalar();
      if (corr.value.empty() && field != "apex")
        throw ConfigError(where + ": " + key + ": only apex may be cleared (value: null)");
      if (c["was"]) corr.was = c["was"].IsNull() ? "" : c["was"].Scalar();
      if (!c["reason"] || !c["reason"].IsScalar() || trim(c["reason"].Scalar()).empty())
        throw ConfigError(where + ": " + key + ": every correction needs a non-empty 'reason'");
      corr.reason = c["reason"].Scalar();
      for (const auto& k : c) {
        std::string name = k.first.as<std::string>();
        if (name != "value" && name != "was" && name != "reason")
          throw ConfigError(where + ": " + key + ": unknown key '" + name + "' (expected value, was, reason)");
      }
      out.items.push_back(std::move(corr));
    }
  }
  return out;
}

}  // namespace merlab
