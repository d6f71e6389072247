// Real-face fixtures for the face tests: skimage's astronaut photo (Debian's python3-skimage,
// one frontal face) placed in a 640x480 frame at a chosen offset, scale and rotation, the way a
// camera would frame a subject.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <string>

namespace merlab::test {

inline const char* kAstronautPng = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";

// The photo (BGR). Fails the calling test when python3-skimage is not installed.
inline cv::Mat astronaut() {
  cv::Mat img = cv::imread(kAstronautPng, cv::IMREAD_COLOR);
  if (img.empty())
    throw std::runtime_error(std::string(kAstronautPng) + " not found: install python3-skimage (bash tools/install-deps.sh)");
  return img;
}

// The photo scaled by `scale` and rotated by `degrees` about its face (about (210, 150) in the
// photo), whose centre lands at `face_at` in a 640x480 frame over a flat grey-blue background.
inline cv::Mat place_face(const cv::Mat& photo, cv::Point2d face_at, double scale, double degrees) {
  cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(210, 150), degrees, scale);
  m.at<double>(0, 2) += face_at.x - 210;
  m.at<double>(1, 2) += face_at.y - 150;
  cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(120, 100, 90));
  cv::warpAffine(photo, frame, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
  return frame;
}

// Normalised cross-correlation of two images of the same size (grey levels).
inline double ncc(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat ga, gb;
  cv::cvtColor(a, ga, cv::COLOR_BGR2GRAY);
  cv::cvtColor(b, gb, cv::COLOR_BGR2GRAY);
  ga.convertTo(ga, CV_64F);
  gb.convertTo(gb, CV_64F);
  ga -= cv::mean(ga)[0];
  gb -= cv::mean(gb)[0];
  return ga.dot(gb) / std::sqrt(ga.dot(ga) * gb.dot(gb));
}

inline void write_png(const std::filesystem::path& p, const cv::Mat& img) {
  std::filesystem::create_directories(p.parent_path());
  if (!cv::imwrite(p.string(), img)) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace merlab::test
