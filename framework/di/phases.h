// Clip phases and the frames each one uses.
//
//   full        : onset .. offset
//   onset_apex  : onset .. apex
//   apex_offset : apex  .. offset
// With `apex_in_both_phases: false` the apex stays only in `apex_owner` and the other phase
// starts (or ends) one frame away from it.
//
// Every policy of DiOptions is applied here and logged (info) with the clip id when used.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "datasets/clip.h"
#include "framework/di/di_options.h"

namespace merlab {

enum class Phase { full, onset_apex, apex_offset };

std::string phase_name(Phase p);
// ConfigError naming `where` and the valid names when `name` is not a phase.
Phase phase_from_name(const std::string& name, const std::string& where = "phase");
const std::vector<Phase>& all_phases();

struct PhaseFrames {
  bool skip = false;               // the policies dropped this phase (or the whole clip)
  long first = 0, last = 0;        // frame numbers actually used (inclusive)
  std::vector<FrameFile> frames;   // ordered by frame number; empty when skip
  std::vector<std::string> notes;  // policies applied, e.g. "missing_apex=use_full"
};

// Frames of `phase` for `clip` under the policies of `options`.
// RuntimeError (naming the clip, value or missing frame number) when onset > offset, when a
// frame number in the needed range has no file in clip.frames, or when a policy is `error`.
PhaseFrames resolve_phase(const Clip& clip, Phase phase, const DiOptions& options);

}  // namespace merlab
