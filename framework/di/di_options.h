// Options of dynamic-image computation and of phase resolution: the `di:` config section.
//
//   di:
//     method: bilen                 # bilen (canonical) | learnet_compat (circulating variant)
//     apex_in_both_phases: true     # apex frame ends onset->apex AND starts apex->offset
//     apex_owner: onset_apex        # when not in both: the phase that keeps the apex
//     short_phase: use_full         # phase of length 1: error | skip | use_full | single_frame
//     missing_apex: use_full        # no apex: error | skip_clip | use_full | middle
//     clip_errors: skip_clip        # a clip whose DI cannot be computed: skip_clip | error
//     apex_outside: clamp           # apex not in [onset, offset]: error | skip_clip | clamp | treat_as_missing
//     uint8: {normalisation: global, rounding: round}   # per_channel | truncate
//     fit: pad                      # other aspect ratio than the input: pad | crop | stretch
//     magnify: {enabled: false, ...} # Eulerian motion magnification first (magnify.h)
//     cache_dir: .cache/di
//     threads: 0                    # decode/accumulate threads, 0 = all cores
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "framework/common/limits.h"
#include "framework/di/magnify.h"

namespace merlab {

enum class DiMethod { bilen, learnet_compat };
enum class Uint8Normalisation { global, per_channel };
enum class Uint8Rounding { round, truncate };
enum class ShortPhasePolicy { error, skip, use_full, single_frame };
enum class MissingApexPolicy { error, skip_clip, use_full, middle };
enum class ApexOutsidePolicy { error, skip_clip, clamp, treat_as_missing };
// A clip whose DI cannot be computed (a frame missing inside its range, an unreadable or
// odd-sized frame, a phase policy set to `error`): skip it with a warning naming the clip and
// the reason, or fail the run's folds with that message.
enum class ClipErrorPolicy { skip_clip, error };
// How a DI of another aspect ratio than the model input is brought to it: `pad` scales it to fit
// and fills the rest with zero (no motion), `crop` scales it to cover and cuts the centre,
// `stretch` scales each axis on its own (a face becomes wider or taller than it is).
enum class DiFit { pad, crop, stretch };

struct DiOptions {
  DiMethod method = DiMethod::bilen;
  bool apex_in_both_phases = true;
  bool apex_owner_is_onset_apex = true;  // only used when apex_in_both_phases is false
  ShortPhasePolicy short_phase = ShortPhasePolicy::use_full;
  MissingApexPolicy missing_apex = MissingApexPolicy::use_full;
  ApexOutsidePolicy apex_outside = ApexOutsidePolicy::clamp;
  ClipErrorPolicy clip_errors = ClipErrorPolicy::skip_clip;
  Uint8Normalisation normalisation = Uint8Normalisation::global;
  Uint8Rounding rounding = Uint8Rounding::round;
  DiFit fit = DiFit::pad;
  MagnifyOptions magnify;  // Eulerian magnification of the span's frames first (magnify.h); off by default
  std::string cache_dir = ".cache/di";
  int threads = 0;  // 0: std::thread::hardware_concurrency()
  // Bounds on the files read (image_max_side for frames and cache entries). Not a `di:` key:
  // the engine sets it from the `limits:` section, `mer di` from its flags. Not in pixel_key:
  // a limit refuses a file, it never changes the pixels of a DI that is computed.
  Limits limits;

  // Text of every option that changes the pixels of a cached DI (method, 8-bit rules), for
  // cache keys. Phase policies are not part of it: they only change which frames are used,
  // and the frames themselves are hashed.
  // Reads the `di:` section (a null node gives the defaults). Unknown keys and bad values are
  // ConfigErrors naming the key.
  static DiOptions from_config(const YAML::Node& di_node, const std::string& where = "di");
  std::string pixel_key() const;
  int thread_count() const;
};

std::string to_string(DiMethod m);
std::string to_string(DiFit f);
DiMethod di_method_from_name(const std::string& name, const std::string& where = "di.method");


}  // namespace merlab
