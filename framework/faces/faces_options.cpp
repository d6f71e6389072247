#include "framework/faces/faces_options.h"

#include <sstream>

#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab {

const char* to_string(AlignMode m) {
  switch (m) {
    case AlignMode::clip: return "clip";
    case AlignMode::frame: return "frame";
    case AlignMode::box: return "box";
  }
  return "?";
}

const char* to_string(LandmarkSource s) { return s == LandmarkSource::dlib ? "dlib" : "sidecar"; }

const char* to_string(FaceProblemPolicy p) {
  switch (p) {
    case FaceProblemPolicy::skip: return "skip";
    case FaceProblemPolicy::box: return "box";
    case FaceProblemPolicy::error: return "error";
  }
  return "?";
}

FacesOptions FacesOptions::from_config(const YAML::Node& node) {
  FacesOptions o;
  if (!node || node.IsNull()) return o;
  const std::string w = "faces";
  if (!node.IsMap()) throw ConfigError("config key 'faces': expected a map of face-stage options");
  config::check_known_keys(node,
                   {"align", "landmarks", "side", "eye_y", "eye_distance", "margin", "reference_frames", "smoothing",
                    "upsample", "min_score", "extra_face_score", "jump_threshold", "stability_frames", "on_problem", "landmark_model",
                    "sidecar", "cache_dir", "threads"},
                   w);
  auto align = cfg::choice(node, "align", "clip", {"clip", "frame", "box"}, w);
  o.align = align == "clip" ? AlignMode::clip : align == "frame" ? AlignMode::frame : AlignMode::box;
  o.landmarks = cfg::choice(node, "landmarks", "dlib", {"dlib", "sidecar"}, w) == "dlib" ? LandmarkSource::dlib
                                                                                         : LandmarkSource::sidecar;
  auto policy = cfg::choice(node, "on_problem", "skip", {"skip", "box", "error"}, w);
  o.on_problem = policy == "skip" ? FaceProblemPolicy::skip
                 : policy == "box" ? FaceProblemPolicy::box
                                   : FaceProblemPolicy::error;
  o.side = cfg::value_or<int>(node, "side", o.side, w);
  o.eye_y = cfg::value_or<double>(node, "eye_y", o.eye_y, w);
  o.eye_distance = cfg::value_or<double>(node, "eye_distance", o.eye_distance, w);
  o.margin = cfg::value_or<double>(node, "margin", o.margin, w);
  o.reference_frames = cfg::value_or<int>(node, "reference_frames", o.reference_frames, w);
  o.smoothing = cfg::value_or<int>(node, "smoothing", o.smoothing, w);
  o.upsample = cfg::value_or<int>(node, "upsample", o.upsample, w);
  o.min_score = cfg::value_or<double>(node, "min_score", o.min_score, w);
  o.extra_face_score = cfg::value_or<double>(node, "extra_face_score", o.extra_face_score, w);
  o.jump_threshold = cfg::value_or<double>(node, "jump_threshold", o.jump_threshold, w);
  o.stability_frames = cfg::value_or<int>(node, "stability_frames", o.stability_frames, w);
  o.landmark_model = cfg::value_or<std::string>(node, "landmark_model", o.landmark_model, w);
  o.sidecar = cfg::value_or<std::string>(node, "sidecar", o.sidecar, w);
  o.cache_dir = cfg::value_or<std::string>(node, "cache_dir", o.cache_dir, w);
  o.threads = cfg::value_or<int>(node, "threads", o.threads, w);

  auto bad = [](const std::string& key, const std::string& what) {
    throw ConfigError("config key 'faces." + key + "': " + what);
  };
  if (o.side < 16 || o.side > 2048) bad("side", "expected 16..2048 pixels, got " + std::to_string(o.side));
  if (!(o.eye_y > 0.05 && o.eye_y < 0.95)) bad("eye_y", "expected a fraction of the side in (0.05, 0.95)");
  if (!(o.eye_distance > 0.05 && o.eye_distance < 0.9)) bad("eye_distance", "expected a fraction of the side in (0.05, 0.9)");
  if (!(o.margin >= 0 && o.margin <= 2)) bad("margin", "expected 0..2 (fraction of the detector box side)");
  if (o.reference_frames < 1 || o.reference_frames > 100) bad("reference_frames", "expected 1..100 frames");
  if (o.smoothing < 0 || o.smoothing > 50) bad("smoothing", "expected 0..50 frames");
  if (o.upsample < 0 || o.upsample > 3) bad("upsample", "expected 0..3");
  if (!(o.jump_threshold > 0 && o.jump_threshold <= 5)) bad("jump_threshold", "expected (0, 5] inter-ocular distances");
  if (o.stability_frames < 2 || o.stability_frames > 1000) bad("stability_frames", "expected 2..1000");
  if (o.threads < 0) bad("threads", "expected 0 (all cores) or more");
  if (o.sidecar.empty() || o.sidecar.find('/') != std::string::npos)
    bad("sidecar", "expected a file name inside the clip folder");
  if (o.cache_dir.empty()) bad("cache_dir", "expected a folder");
  if (o.landmarks == LandmarkSource::dlib && o.align != AlignMode::box && o.landmark_model.empty())
    bad("landmark_model", "expected the path of dlib's 68-point shape predictor");
  return o;
}

std::string FacesOptions::pixel_key() const {
  std::ostringstream s;
  s.precision(17);
  s << "align=" << to_string(align) << ";landmarks=" << to_string(landmarks) << ";side=" << side << ";eye_y=" << eye_y
    << ";eye_distance=" << eye_distance << ";margin=" << margin << ";reference_frames=" << reference_frames
    << ";smoothing=" << smoothing << ";upsample=" << upsample << ";min_score=" << min_score << ";extra_face_score=" << extra_face_score
    << ";jump_threshold=" << jump_threshold << ";stability_frames=" << stability_frames
    << ";on_problem=" << to_string(on_problem) << ";sidecar=" << sidecar;
  return s.str();
}

}  // namespace merlab
