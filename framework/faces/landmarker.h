// Face detection and 68-point landmarks from Debian's dlib: the HOG frontal face detector
// (built into dlib, no model file) and the iBUG 300-W shape predictor installed by
// libdlib-data. Only landmarker.cpp includes dlib, so its heavy headers stay in one file.
//
//   FaceLandmarker f(options.landmark_model, options.upsample);
//   auto faces = f.detect(frame);                 // largest score first
//   Landmarks68 pts = f.landmarks(frame, faces[0].box);
//
// One FaceLandmarker per thread (the detector keeps scratch buffers); the 95 MB shape
// predictor is read once per process and shared (prediction is read-only).
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace merlab {

// iBUG 300-W layout: jaw 0-16, brows 17-26, nose 27-35, right eye 36-41 (image left),
// left eye 42-47, mouth 48-67.
using Landmarks68 = std::array<cv::Point2f, 68>;

struct FaceBox {
  cv::Rect2d box;     // in image pixels
  double score = 0;   // detector confidence (dlib's HOG SVM margin; > 0 = face)
};

class FaceLandmarker {
 public:
  // An empty `model_path` gives a detector without landmarks (align: box).
  FaceLandmarker(const std::string& model_path, int upsample);
  ~FaceLandmarker();
  FaceLandmarker(const FaceLandmarker&) = delete;
  FaceLandmarker& operator=(const FaceLandmarker&) = delete;

  // Faces in a BGR or grey 8-bit image, highest score first.
  std::vector<FaceBox> detect(const cv::Mat& image);
  // The 68 points inside `box`. Throws RuntimeError when no landmark model was given.
  Landmarks68 landmarks(const cv::Mat& image, const cv::Rect2d& box) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Eye centres (mean of 36-41 and of 42-47) and the box spanning all points.
cv::Point2f right_eye_centre(const Landmarks68& p);  // subject's right eye = image left
cv::Point2f left_eye_centre(const Landmarks68& p);
cv::Rect2d landmark_box(const Landmarks68& p);

}  // namespace merlab
