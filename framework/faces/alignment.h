// The geometry of a face crop: a similarity transform (rotation, uniform scale, translation)
// from frame pixels to a square crop of `side` pixels. Uniform scale and a square output mean
// a face is never squashed, whatever the frame's aspect ratio.
#pragma once

#include <opencv2/core.hpp>

#include "framework/faces/faces_options.h"

namespace merlab {

// Puts the right eye centre (image left) at ((0.5 - d/2) * side, eye_y * side) and the left
// one at ((0.5 + d/2) * side, eye_y * side), d = eye_distance: the eye line becomes level.
cv::Matx23d eye_transform(cv::Point2f right_eye, cv::Point2f left_eye, const FacesOptions& options);

// The square of side max(w, h) * (1 + 2 * margin) centred on `box`, scaled to `side`; no rotation.
cv::Matx23d box_transform(const cv::Rect2d& box, double margin, int side);

// The crop: frame warped by `m` into side x side pixels (bilinear; borders replicated, so a
// face near the frame edge gets no black band that a dynamic image would turn into motion).
cv::Mat warp_face(const cv::Mat& frame, const cv::Matx23d& m, int side);

// A point mapped by `m`.
cv::Point2f apply(const cv::Matx23d& m, cv::Point2f p);

}  // namespace merlab
