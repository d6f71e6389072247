// Synthetic micro-expression dataset in the CASME-II layout (or SAMM's or SMIC's: `layout`),
// for demos and tests that need data without the licensed datasets.
//
//   SynthOptions o; o.subjects = 4; o.clips_per_subject = 5; o.seed = 7;
//   generate_synthetic(o, "data/synthetic");
//
// Faces are rendered procedurally (per-subject shape, skin tone, texture, lighting). A clip
// moves AU-like regions (brows, lids, nose, lip corners, lips, chin) with an onset -> apex ->
// offset profile; the class decides which AUs move and how they release (the release is not
// the mirror of the onset). Amplitudes are sub-pixel to about 2 px, rendered by warping a
// supersampled face with cv::remap. Same options => byte-identical files.
//
// Output: <out>/CASME2_RAW_selected/subNN/EPxx_yy[f]/img<N>.jpg (+ landmarks.csv with
//         landmarks: true),
//         <out>/CASME2-coding-synthetic.xlsx and .csv (CASME-II columns),
//         <out>/synthetic.yaml (the options, so a later load can tell what it finds).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace merlab {

struct SynthOptions {
  int subjects = 8;
  int clips_per_subject = 10;
  int size = 96;                   // image side in pixels
  std::uint64_t seed = 1;
  int min_frames = 10;             // frames per clip folder, drawn uniformly in [min, max]
  int max_frames = 60;
  double amplitude = 2.5;          // peak AU displacement in output pixels (before per-clip scaling)
  double noise = 2.0;              // sensor noise, standard deviation in 8-bit levels
  double jitter = 0.15;            // head jitter: random-walk step in pixels
  double drift = 0.03;             // illumination drift: largest gain change over a clip
  std::string image_format = "jpg";  // jpg | png
  int jpeg_quality = 95;
  // Faces inside a larger frame, as cameras record them: a canvas of canvas_width x
  // canvas_height with a textured background, each subject's face scaled by a factor drawn in
  // [face_scale_min, face_scale_max] (of `size`) and placed at its own offset. 0 = no canvas:
  // the face fills a size x size frame.
  int canvas_width = 0;
  int canvas_height = 0;
  double face_scale_min = 0.7;
  double face_scale_max = 1.0;
  bool landmarks = false;            // write <clip>/landmarks.csv (datasets/landmark_sidecar.h)
  // The dataset whose layout and label set the output imitates: casme2 (below), samm
  // (SAMM/001/001_3_2/001_00046.jpg + SAMM_Micro_FACS_Codes_v2.xlsx with SAMM's labels: anger,
  // contempt, happiness, surprise, other, ...) or smic (HS/s1/micro/negative/s1_ne_03/
  // reg_image000046.jpg, no sheet, three classes, clips cut to onset..offset). Read by that
  // dataset's adapter, so synthetic parts exercise the real readers (dataset=composite).
  std::string layout = "casme2";
};

struct SynthSummary {
  std::size_t clips = 0;
  std::size_t frames = 0;
  std::map<std::string, int> clips_per_emotion;
};

inline constexpr const char* kSyntheticAnnotation = "CASME2-coding-synthetic";  // + .xlsx / .csv
inline constexpr const char* kSyntheticManifest = "synthetic.yaml";
inline constexpr const char* kSyntheticSammAnnotation = "SAMM_Micro_FACS_Codes_v2.xlsx";  // layout samm

// Frames folder under the output for a layout: CASME2_RAW_selected, SAMM, HS.
std::string synthetic_frames_dir(const std::string& layout);

// Writes the dataset into `out` (created; must not exist or be empty). Throws ConfigError for
// invalid options and RuntimeError for I/O failures.
SynthSummary generate_synthetic(const SynthOptions& options, const std::filesystem::path& out);

// Options from a config map (keys as the struct fields; absent keys keep defaults; unknown
// keys are a ConfigError naming `where`.key).
SynthOptions synth_options_from_yaml(const YAML::Node& node, const std::string& where);
YAML::Node synth_options_to_yaml(const SynthOptions& options);
void validate(const SynthOptions& options);

}  // namespace merlab
