// Datasets: adapters turn a distributed dataset (frame folders + annotation sheet) into
// clips labelled under a protocol, and report every inconsistency they find.
//
//   DatasetLoad d = load_dataset(composed.node["dataset"]);   // dataset: {name: casme2, root: ...}
//
// Adapters are registered by name in dataset_registry() (casme2, samm, synthetic).
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "datasets/clip.h"
#include "datasets/problem.h"
#include "framework/common/limits.h"
#include "framework/registry/registry.h"

namespace merlab {

struct DatasetLoad {
  std::string name;                        // adapter name: casme2, samm, synthetic
  std::string protocol;                    // casme2_5class, megc_3class, ...
  std::vector<std::string> class_names;    // index = Clip::label
  std::vector<Clip> clips;                 // usable clips with label >= 0, in sheet order
  std::vector<Problem> problems;           // every inconsistency, in the order found
  std::map<std::string, int> dropped_by_reason;  // "not in protocol: fear" -> 2, "missing folder" -> 1
  std::size_t sheet_rows = 0;              // annotation rows read (non-empty rows below the header)
  std::vector<std::string> corrections_applied;  // one line per applied correction
  // dataset.frames: raw | cropped | aligned. With `aligned` the adapter lists the raw frames and
  // the face stage (framework/faces/face_stage.h) replaces them by aligned crops; a consumer of
  // clips refuses a load whose face stage has not run (require_frames_ready).
  std::string frames = "raw";
  bool faces_applied = false;

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  // Throws RuntimeError when frames=aligned and the face stage has not run: raw frames must
  // never be used silently in place of aligned faces.
  void require_frames_ready() const;
};

// Builds the dataset named by `dataset_node["name"]`. Throws ConfigError for bad config
// (unknown keys or values, missing root) and RuntimeError when the annotation sheet cannot be
// read. Data problems (missing frames, bad rows, ...) do not throw: they are in `problems`.
// `limits` bounds the files read (the `limits:` config section; see limits_from_config).
DatasetLoad load_dataset(const YAML::Node& dataset_node, const Limits& limits = Limits{});

Registry<DatasetLoad, const Limits&>& dataset_registry();
void register_builtin_datasets();  // idempotent

}  // namespace merlab
