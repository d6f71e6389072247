#include "framework/faces/landmarker.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>

#include "framework/common/error.h"

namespace merlab {
namespace {

// The predictor is large (95 MB, about a second to read): one copy per model file per process.
std::shared_ptr<const dlib::shape_predictor> shared_predictor(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const dlib::shape_predictor>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = loaded.find(path);
  if (it != loaded.end()) return it->second;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw RuntimeError("landmark model " + path +
                       " not found (faces.landmark_model; Debian's libdlib-data installs "
                       "/usr/share/dlib/shape_predictor_68_face_landmarks.dat: bash tools/install-deps.sh)");
  auto sp = std::make_shared<dlib::shape_predictor>();
  try {
    dlib::deserialize(path) >> *sp;
  } catch (const std::exception& e) {
    throw RuntimeError("landmark model " + path + " cannot be read as a dlib shape predictor: " + e.what());
  }
  if (sp->num_parts() != 68)
    throw RuntimeError("landmark model " + path + " predicts " + std::to_string(sp->num_parts()) +
                       " points; the face stage needs the 68-point iBUG layout");
  loaded[path] = sp;
  return sp;
}

// dlib builds its detector by decompressing an embedded model (about half a second): once per
// process, then copied (a copy is a memory copy) for each thread.
dlib::frontal_face_detector detector_copy() {
  static std::mutex mutex;
  static std::unique_ptr<dlib::frontal_face_detector> prototype;
  std::lock_guard<std::mutex> lock(mutex);
  if (!prototype) prototype = std::make_unique<dlib::frontal_face_detector>(dlib::get_frontal_face_detector());
  return *prototype;
}

void to_dlib(const cv::Mat& image, dlib::array2d<unsigned char>& out) {
  cv::Mat grey;
  if (image.channels() == 3) cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  else if (image.channels() == 4) cv::cvtColor(image, grey, cv::COLOR_BGRA2GRAY);
  else grey = image;
  if (grey.depth() != CV_8U) throw RuntimeError("face detection needs an 8-bit image");
  out.set_size(grey.rows, grey.cols);
  for (int y = 0; y < grey.rows; ++y) {
    const auto* row = grey.ptr<unsigned char>(y);
    for (int x = 0; x < grey.cols; ++x) out[y][x] = row[x];
  }
}

}  // namespace

struct FaceLandmarker::Impl {
  dlib::frontal_face_detector detector = detector_copy();
  std::shared_ptr<const dlib::shape_predictor> predictor;
  int upsample = 0;
  dlib::array2d<unsigned char> buffer;
};

FaceLandmarker::FaceLandmarker(const std::string& model_path, int upsample) : impl_(std::make_unique<Impl>()) {
  impl_->upsample = upsample;
  if (!model_path.empty()) impl_->predictor = shared_predictor(model_path);
}

FaceLandmarker::~FaceLandmarker() = default;

std::vector<FaceBox> FaceLandmarker::detect(const cv::Mat& image) {
  cv::Mat work = image;
  double scale = 1.0;
  for (int i = 0; i < impl_->upsample; ++i) {  // doubling with OpenCV; boxes scaled back below
    cv::resize(work, work, cv::Size(), 2.0, 2.0, cv::INTER_LINEAR);
    scale *= 2.0;
  }
  to_dlib(work, impl_->buffer);
  std::vector<dlib::rect_detection> found;
  impl_->detector(impl_->buffer, found, 0.0);
  std::vector<FaceBox> out;
  for (const auto& d : found) {
    const auto& r = d.rect;
    out.push_back({cv::Rect2d(r.left() / scale, r.top() / scale, (r.width()) / scale, (r.height()) / scale),
                   d.detection_confidence});
  }
  std::sort(out.begin(), out.end(), [](const FaceBox& a, const FaceBox& b) { return a.score > b.score; });
  return out;
}

Landmarks68 FaceLandmarker::landmarks(const cv::Mat& image, const cv::Rect2d& box) const {
  if (!impl_->predictor) throw RuntimeError("no landmark model loaded (faces.landmark_model)");
  dlib::array2d<unsigned char> img;
  to_dlib(image, img);
  dlib::rectangle r(static_cast<long>(std::lround(box.x)), static_cast<long>(std::lround(box.y)),
                    static_cast<long>(std::lround(box.x + box.width)) - 1,
                    static_cast<long>(std::lround(box.y + box.height)) - 1);
  dlib::full_object_detection shape = (*impl_->predictor)(img, r);
  Landmarks68 out;
  for (unsigned long i = 0; i < 68; ++i) out[i] = cv::Point2f(float(shape.part(i).x()), float(shape.part(i).y()));
  return out;
}

namespace {
cv::Point2f mean_of(const Landmarks68& p, int from, int to) {
  cv::Point2f s(0, 0);
  for (int i = from; i <= to; ++i) s += p[static_cast<std::size_t>(i)];
  return s * (1.0f / float(to - from + 1));
}
}  // namespace

cv::Point2f right_eye_centre(const Landmarks68& p) { return mean_of(p, 36, 41); }
cv::Point2f left_eye_centre(const Landmarks68& p) { return mean_of(p, 42, 47); }

cv::Rect2d landmark_box(const Landmarks68& p) {
  float x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
  for (const auto& q : p) {
    x0 = std::min(x0, q.x), x1 = std::max(x1, q.x), y0 = std::min(y0, q.y), y1 = std::max(y1, q.y);
  }
  return cv::Rect2d(x0, y0, x1 - x0, y1 - y0);
}

}  // namespace merlab
