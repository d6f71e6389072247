// Landmark sidecar files: 68 facial points per frame, written next to a clip's frames by
// the synthetic generator (which knows where it drew the face) and read by the face stage
// with faces.landmarks: sidecar instead of running the detector.
//
// Format (CSV, one header line, one row per frame, pixel coordinates of the frame image):
//   frame,x0,y0,x1,y1,...,x67,y67
//   46,31.52,60.10,...
// Points follow the iBUG 300-W layout of dlib's 68-point model.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <filesystem>
#include <map>

namespace merlab {

using SidecarPoints = std::array<cv::Point2f, 68>;

// Frame number -> points. Throws RuntimeError naming the file and line for a malformed row,
// a repeated frame or a file over 64 MiB.
std::map<long, SidecarPoints> read_landmark_sidecar(const std::filesystem::path& file);

void write_landmark_sidecar(const std::filesystem::path& file, const std::map<long, SidecarPoints>& points);

}  // namespace merlab
