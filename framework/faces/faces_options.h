// Options of the face stage (`faces:` config section, experiments/conf/faces/default.yaml,
// docs/faces.md): how a clip's faces are found, aligned and cropped before any dynamic image.
//
//   FacesOptions f = FacesOptions::from_config(config["faces"]);   // throws ConfigError naming the key
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace merlab {

enum class AlignMode { clip, frame, box };
enum class LandmarkSource { dlib, sidecar };
// What happens to a clip whose face cannot be aligned reliably (no face, several faces,
// landmarks that jump): dropped with a warning, cropped from the detector box instead, or an
// error that stops the run before training.
enum class FaceProblemPolicy { skip, box, error };

struct FacesOptions {
  AlignMode align = AlignMode::clip;
  LandmarkSource landmarks = LandmarkSource::dlib;
  int side = 224;                  // output crop side in pixels (square)
  double eye_y = 0.38;             // eye line, as a fraction of the side from the top
  double eye_distance = 0.33;      // distance between the eye centres, as a fraction of the side
  double margin = 0.25;            // align: box: border added on each side, fraction of the box side
  int reference_frames = 1;        // align: clip: landmarks = per-point median over the first k frames
  int smoothing = 0;               // align: frame: moving-average half-window of the eye centres (frames)
  int upsample = 0;                // detector: image doublings before detection (small faces)
  double min_score = 0.0;          // detector: lowest detection score accepted
  // A second face makes a clip `several_faces` only from this score up: weaker HOG detections
  // in cluttered backgrounds (flags, posters) are mostly false positives.
  double extra_face_score = 0.5;
  double jump_threshold = 0.25;    // eye-centre displacement / inter-ocular distance that is a jump
  int stability_frames = 8;        // frames sampled to measure landmark stability (clip and box modes)
  FaceProblemPolicy on_problem = FaceProblemPolicy::skip;
  std::string landmark_model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
  std::string sidecar = "landmarks.csv";  // faces.landmarks: sidecar: file name inside each clip folder
  std::string cache_dir = ".cache/faces";
  int threads = 0;                 // clips aligned in parallel; 0 = all cores

  static FacesOptions from_config(const YAML::Node& node);

  // Everything that changes an aligned pixel or a clip's verdict, as text for the cache key
  // (not the cache folder or the thread count).
  std::string pixel_key() const;
};

const char* to_string(AlignMode m);
const char* to_string(LandmarkSource s);
const char* to_string(FaceProblemPolicy p);

}  // namespace merlab
