#include "framework/di/phases.h"

#include <algorithm>

#include "framework/common/error.h"
#include "framework/common/log.h"

namespace merlab {

std::string phase_name(Phase p) {
  switch (p) {
    case Phase::full: return "full";
    case Phase::onset_apex: return "onset_apex";
    case Phase::apex_offset: return "apex_offset";
  }
  return "full";
}

Phase phase_from_name(const std::string& name, const std::string& where) {
  for (Phase p : all_phases())
    if (phase_name(p) == name) return p;
  throw ConfigError("config key '" + where + "': '" + name + "' is not a phase; valid: full, onset_apex, apex_offset");
}

const std::vector<Phase>& all_phases() {
  static const std::vector<Phase> phases = {Phase::full, Phase::onset_apex, Phase::apex_offset};
  return phases;
}

namespace {

std::string clip_name(const Clip& clip) { return clip.clip_id.empty() ? clip.folder.string() : clip.clip_id; }

// Frames numbered first..last, every one of them required.
std::vector<FrameFile> frames_in_range(const Clip& clip, long first, long last) {
  auto it = std::lower_bound(clip.frames.begin(), clip.frames.end(), first,
                             [](const FrameFile& f, long n) { return f.number < n; });
  std::vector<FrameFile> out;
  for (long n = first; n <= last; ++n, ++it) {
    if (it == clip.frames.end() || it->number != n) {
      throw RuntimeError("clip " + clip_name(clip) + ": frame " + std::to_string(n) + " (needed for frames " +
                         std::to_string(first) + ".." + std::to_string(last) + ") has no file in " +
                         clip.folder.string());
    }
    out.push_back(*it);
  }
  return out;
}

struct Resolver {
  const Clip& clip;
  Phase phase;
  const DiOptions& o;
  PhaseFrames out;

  void note(const std::string& policy, const std::string& why) {
    out.notes.push_back(policy);
    log::info("clip {}: {} ({}, phase {})", clip_name(clip), policy, why, phase_name(phase));
  }
  PhaseFrames skip() {
    out.skip = true;
    out.frames.clear();
    return out;
  }
  PhaseFrames range(long first, long last) {
    out.first = first;
    out.last = last;
    out.frames = frames_in_range(clip, first, last);
    return out;
  }

  // The apex after the apex_outside and missing_apex policies; nullopt with `decided` set
  // when a policy already decided the result (skip or full range).
  std::optional<long> apex(std::optional<PhaseFrames>& decided) {
    std::optional<long> apex = clip.apex;
    const long onset = clip.onset, offset = clip.offset;
    if (apex && (*apex < onset || *apex > offset)) {
      std::string why = "apex " + std::to_string(*apex) + " outside [" + std::to_string(onset) + ", " +
                        std::to_string(offset) + "]";
      switch (o.apex_outside) {
        case ApexOutsidePolicy::error:
          if (phase == Phase::full) return std::nullopt;  // the full DI does not need the apex
          throw RuntimeError("clip " + clip_name(clip) + ": " + why + " (di.apex_outside: error)");
        case ApexOutsidePolicy::skip_clip:
          note("apex_outside=skip_clip", why);
          decided = skip();
          return std::nullopt;
        case ApexOutsidePolicy::clamp:
          apex = std::clamp(*apex, onset, offset);
          note("apex_outside=clamp", why + ", using " + std::to_string(*apex));
          break;
        case ApexOutsidePolicy::treat_as_missing:
          note("apex_outside=treat_as_missing", why);
          apex.reset();
          break;
      }
    }
    if (!apex) {
      switch (o.missing_apex) {
        case MissingApexPolicy::error:
          if (phase == Phase::full) return std::nullopt;
          throw RuntimeError("clip " + clip_name(clip) + ": no apex annotation (di.missing_apex: error)");
        case MissingApexPolicy::skip_clip:
          note("missing_apex=skip_clip", "no apex");
          decided = skip();
          return std::nullopt;
        case MissingApexPolicy::use_full:
          if (phase != Phase::full) note("missing_apex=use_full", "no apex");
          decided = range(onset, offset);
          return std::nullopt;
        case MissingApexPolicy::middle:
          apex = onset + (offset - onset) / 2;
          note("missing_apex=middle", "no apex, using frame " + std::to_string(*apex));
          break;
      }
    }
    return apex;
  }

  PhaseFrames run() {
    const long onset = clip.onset, offset = clip.offset;
    if (onset > offset) {
      throw RuntimeError("clip " + clip_name(clip) + ": onset " + std::to_string(onset) + " > offset " +
                         std::to_string(offset));
    }
    std::optional<PhaseFrames> decided;
    auto apex_frame = apex(decided);
    // A skip_clip decision drops every phase, full included, so all strategies see the same clips.
    if (decided && decided->skip) return *decided;
    long first = onset, last = offset;
    if (phase != Phase::full) {
      if (decided) return *decided;  // use_full
      long a = *apex_frame;
      bool both = o.apex_in_both_phases;
      if (phase == Phase::onset_apex) {
        first = onset;
        last = (both || o.apex_owner_is_onset_apex) ? a : a - 1;
      } else {
        first = (both || !o.apex_owner_is_onset_apex) ? a : a + 1;
        last = offset;
      }
    }
    long length = last - first + 1;
    if (length <= 1) {
      std::string why = "phase has " + std::to_string(std::max(0L, length)) + " frame(s)";
      switch (o.short_phase) {
        case ShortPhasePolicy::error:
          throw RuntimeError("clip " + clip_name(clip) + ": phase " + phase_name(phase) + " has " +
                             std::to_string(std::max(0L, length)) + " frame(s) (di.short_phase: error)");
        case ShortPhasePolicy::skip:
          note("short_phase=skip", why);
          return skip();
        case ShortPhasePolicy::use_full:
          note("short_phase=use_full", why);
          return range(onset, offset);
        case ShortPhasePolicy::single_frame: {
          // An empty phase (apex kept by the other phase) falls back to the apex frame.
          long f = length == 1 ? first : *apex_frame;
          note("short_phase=single_frame", why + ", using frame " + std::to_string(f));
          return range(f, f);
        }
      }
    }
    return range(first, last);
  }
};

}  // namespace

PhaseFrames resolve_phase(const Clip& clip, Phase phase, const DiOptions& options) {
  Resolver r{clip, phase, options, {}};
  return r.run();
}

}  // namespace merlab
