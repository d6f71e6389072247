// One inconsistency found while loading a dataset. Adapters never patch or skip silently:
// everything they notice becomes a Problem, and `mer datasets check` prints them all.
#pragma once

#include <string>

namespace merlab {

struct Problem {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  // Stable identifiers, used by tests and scripts:
  //   sheet            the annotation sheet could not be read or has no header row
  //   bad_row          a row lacks a subject/file name or has a non-numeric frame number
  //   duplicate_clip   a clip id appears on more than one row (later rows are dropped)
  //   unknown_label    an emotion the dataset does not define
  //   missing_folder   the clip's frame folder does not exist
  //   missing_frames   the folder holds no frame images, or two files share a frame number
  //   frame_gap        frame numbers skip values (error inside onset..offset, warning outside)
  //   phase_order      onset > offset, or apex outside onset..offset
  //   phase_outside    onset/apex/offset outside the frames present in the folder
  //   missing_apex     no apex in the sheet ('/', empty, negative); the clip is kept
  //   unreadable_image a frame file is empty or cannot be decoded
  //   correction       a correction names an unknown clip or its 'was' value does not match
  // and from the face stage (dataset.frames=aligned, framework/faces/face_stage.h):
  //   no_face          no face found in the clip's reference (onset) frame
  //   several_faces    more than one face in the reference frame
  //   landmark_jump    eye centres move more than faces.jump_threshold over the clip
  //   landmarks_unreadable  the landmark sidecar or model cannot be read for the clip
  std::string kind;
  std::string clip_id;  // empty for sheet-level problems
  std::string message;

  bool is_error() const { return severity == Severity::error; }
};

}  // namespace merlab
