// The face stage of a dataset: with dataset.frames=aligned, every clip's frames are replaced by
// aligned square crops, built once under faces.cache_dir and reused by every later run,
// process and sweep. Clips whose face cannot be aligned become named problems (docs/faces.md).
//
//   DatasetLoad d = load_run_dataset(config["dataset"], config["faces"], limits);
//
// Cache entry of a clip: <faces.cache_dir>/<key[0:2]>/<key>/ holding <frame stem>.png and
// face.yaml (the verdict, reused too). Key = XXH3-128 of kFacesCacheVersion, the faces options
// (FacesOptions::pixel_key), the landmark source's identity (model or sidecar file: path, size,
// mtime), the reference frame number and every source frame's identity (path, size, mtime),
// so editing a frame, the options or the model gives a new entry. Entries are built in a
// temporary folder and renamed into place: concurrent processes never read a partial one.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "framework/faces/align_clip.h"
#include "framework/faces/faces_options.h"

namespace merlab {

inline constexpr const char* kFacesCacheVersion = "merlab-faces-v1";

struct ClipFaceResult {
  std::string clip_id;
  ClipFaceReport report;
  bool reused = false;  // read from the cache
};

struct FaceStageResult {
  std::vector<ClipFaceResult> clips;  // in dataset order, every clip the stage saw
  int computed = 0, reused = 0;  // entries built now / read from the cache
  int dropped = 0, fallbacks = 0;
  double seconds = 0;
};

// Replaces the frames of every clip of `load` by its aligned copy. A clip with a problem is
// removed (options.on_problem: skip -> warning, error -> error) or cropped from its detector
// box (box -> warning); each gets a Problem of its kind in `load.problems`.
FaceStageResult apply_face_stage(DatasetLoad& load, const FacesOptions& options, bool show_progress = true);

// What a run reads: the adapter's dataset, put through the face stage when dataset.frames is
// `aligned`. `faces_node` is the `faces:` config section (null = documented defaults).
DatasetLoad load_run_dataset(const YAML::Node& dataset_node, const YAML::Node& faces_node, const Limits& limits);

// Throws RuntimeError when the face stage left errors (faces.on_problem=error, or unreadable
// landmarks): a run stops before training and names the clips.
void require_no_face_errors(const DatasetLoad& load);

// The cache key of one clip (exposed for tests).
std::string face_cache_key(const Clip& clip, const FacesOptions& options);

}  // namespace merlab
