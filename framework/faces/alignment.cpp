#include "framework/faces/alignment.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace merlab {

cv::Matx23d eye_transform(cv::Point2f right_eye, cv::Point2f left_eye, const FacesOptions& o) {
  const double side = o.side;
  const cv::Point2d src_r(right_eye), src_l(left_eye);
  const cv::Point2d dst_r((0.5 - o.eye_distance / 2) * side, o.eye_y * side);
  const cv::Point2d dst_l((0.5 + o.eye_distance / 2) * side, o.eye_y * side);
  // Similarity from two point pairs: z -> a z + b in complex numbers, a = (dl - dr) / (sl - sr).
  const cv::Point2d ds = src_l - src_r, dd = dst_l - dst_r;
  double n = ds.dot(ds);
  if (n < 1e-9) n = 1e-9;  // coincident eyes: degenerate input, keep the transform finite
  const double a = (dd.x * ds.x + dd.y * ds.y) / n;  // s cos(theta)
  const double b = (dd.y * ds.x - dd.x * ds.y) / n;  // s sin(theta)
  const double tx = dst_r.x - (a * src_r.x - b * src_r.y);
  const double ty = dst_r.y - (b * src_r.x + a * src_r.y);
  return cv::Matx23d(a, -b, tx, b, a, ty);
}

cv::Matx23d box_transform(const cv::Rect2d& box, double margin, int side) {
  const double s = std::max(box.width, box.height) * (1 + 2 * margin);
  const double k = side / std::max(s, 1e-9);
  const double cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  return cv::Matx23d(k, 0, side / 2.0 - k * cx, 0, k, side / 2.0 - k * cy);
}

cv::Mat warp_face(const cv::Mat& frame, const cv::Matx23d& m, int side) {
  cv::Mat out;
  cv::warpAffine(frame, out, cv::Mat(m), cv::Size(side, side), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

cv::Point2f apply(const cv::Matx23d& m, cv::Point2f p) {
  return {float(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2)), float(m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2))};
}

}  // namespace merlab
