// Aligning one clip: find the face, measure how stable its landmarks are, decide the crop of
// every frame (one transform for the clip, one per frame, or the detector box), and say what
// went wrong when it cannot be done reliably. Never falls back silently: a fallback or a
// dropped clip carries its problem kind and message.
//
//   ClipFaces f = plan_clip_alignment(frames, onset, options, provider);
//   if (f.report.usable) write_aligned_frames(frames, f, options, out_dir);
#pragma once

#include <opencv2/core.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/di/frame_order.h"
#include "framework/faces/faces_options.h"
#include "framework/faces/landmarker.h"

namespace merlab {

// Where faces and landmarks come from: dlib (detector + shape predictor) or a clip's sidecar.
class FaceProvider {
 public:
  virtual ~FaceProvider() = default;
  // Faces in frame `number` (decoded as `image`), best first.
  virtual std::vector<FaceBox> detect(const cv::Mat& image, long number) = 0;
  // The 68 points of the face in `box` of frame `number`.
  virtual Landmarks68 landmarks(const cv::Mat& image, long number, const cv::Rect2d& box) = 0;
  virtual bool has_landmarks() const = 0;
};

// dlib, one per thread (see FaceLandmarker). Without landmarks for align: box.
std::unique_ptr<FaceProvider> make_dlib_provider(const FacesOptions& options);
// The points of `sidecar_file`; a frame missing from it is a RuntimeError naming both.
std::unique_ptr<FaceProvider> make_sidecar_provider(const std::filesystem::path& sidecar_file);
// The provider `options` name for a clip folder.
std::unique_ptr<FaceProvider> make_provider(const FacesOptions& options, const std::filesystem::path& clip_folder);

struct ClipFaceReport {
  bool usable = false;         // aligned frames can be produced
  int faces = 0;               // faces found in the reference frame
  double score = 0;            // detector score of the face used (sidecar: 0, not measured)
  long reference_frame = 0;    // frame number the face was found in (the onset)
  double inter_ocular = 0;     // px, reference landmarks (0 in box mode)
  // Largest eye-centre displacement over the sampled frames, in inter-ocular distances:
  // from the reference landmarks (clip, box) or between consecutive frames (frame). -1 when
  // not measured (box mode without landmarks).
  double stability = -1;
  std::string method;          // clip | frame | box | box (fallback)
  std::string problem;         // "" | no_face | several_faces | landmark_jump | unreadable_image
  std::string message;         // what the problem is, with numbers
  cv::Rect2d box;              // face box in the reference frame
  std::optional<Landmarks68> landmarks;  // reference landmarks, when there are any
};

struct ClipFaces {
  ClipFaceReport report;
  std::vector<cv::Matx23d> transforms;  // one per frame of `frames` (empty when not usable)
};

// Plans the alignment of `frames` (ordered by number) whose expression starts at frame
// `onset` (the reference is the first frame numbered >= onset). Problems follow
// options.on_problem: skip and error leave the clip unusable, box crops it from the
// detector box when there is one. Decoding failures are reported as unreadable_image.
ClipFaces plan_clip_alignment(const std::vector<FrameFile>& frames, long onset, const FacesOptions& options,
                              FaceProvider& provider);

// Writes every frame warped by its transform to `out_dir` as <stem>.png (the frame number
// stays in the name). Returns the written files in frame order.
std::vector<FrameFile> write_aligned_frames(const std::vector<FrameFile>& frames, const ClipFaces& faces,
                                            const FacesOptions& options, const std::filesystem::path& out_dir);

// The reference frame with the 68 points and the crop outline drawn on it (for inspection).
cv::Mat draw_landmarks(const cv::Mat& reference, const ClipFaces& faces, const FacesOptions& options);

}  // namespace merlab
