// Versioned annotation corrections, kept as data (datasets/corrections/<dataset>.yaml) rather
// than as row patches in code. A file is applied only when the config names it
// (dataset.corrections: PATH), and every applied change is logged and kept in the result.
//
//   format: merlab-corrections/1
//   dataset: casme2
//   version: 3                       # bump on every edit; logged with each load
//   corrections:
//     sub04/EP12_01f:                # clip id as the adapter builds it
//       offset: {value: 182, was: 812, reason: "offset typed with swapped digits"}
//       apex:   {value: null, reason: "apex frame shows no movement"}
//
// Fields: onset, apex, offset, emotion, action_units. `value: null` clears a field (only
// apex may be empty). `was` is optional: when given, the correction is applied only if the
// sheet still holds that value, so a fixed upstream sheet makes a stale entry visible.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace merlab {

struct Correction {
  std::string clip_id;
  std::string field;
  std::string value;               // "" for null
  std::optional<std::string> was;  // expected sheet value
  std::string reason;
};

struct Corrections {
  std::filesystem::path file;
  std::string dataset;
  std::string version;
  std::vector<Correction> items;
};

extern const std::vector<std::string> kCorrectableFields;

// Throws ConfigError naming the file and key when the file is missing or malformed, or
// when it was written for another dataset family than `dataset`.
Corrections load_corrections(const std::filesystem::path& file, const std::string& dataset);

// Relative paths are tried against the working directory, then against the source tree
// (so the shipped datasets/corrections/*.yaml work from any directory).
std::filesystem::path resolve_corrections_path(const std::string& configured);

}  // namespace merlab
