#include "framework/faces/align_clip.h"

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "datasets/landmark_sidecar.h"
#include "framework/common/error.h"
#include "framework/faces/alignment.h"

namespace merlab {
namespace {

class DlibProvider : public FaceProvider {
 public:
  explicit DlibProvider(const FacesOptions& o)
      : landmarks_(o.align != AlignMode::box),
        f_(o.align == AlignMode::box ? std::string() : o.landmark_model, o.upsample) {}
  std::vector<FaceBox> detect(const cv::Mat& image, long) override { return f_.detect(image); }
  Landmarks68 landmarks(const cv::Mat& image, long, const cv::Rect2d& box) override { return f_.landmarks(image, box); }
  bool has_landmarks() const override { return landmarks_; }

 private:
  bool landmarks_;
  FaceLandmarker f_;
};

class SidecarProvider : public FaceProvider {
 public:
  explicit SidecarProvider(std::filesystem::path file) : file_(std::move(file)), points_(read_landmark_sidecar(file_)) {}
  // The box of the points: what the generator drew, so its "score" is not a measurement (0).
  std::vector<FaceBox> detect(const cv::Mat&, long number) override { return {{landmark_box(at(number)), 0.0}}; }
  Landmarks68 landmarks(const cv::Mat&, long number, const cv::Rect2d&) override { return at(number); }
  bool has_landmarks() const override { return true; }

 private:
  const Landmarks68& at(long number) const {
    auto it = points_.find(number);
    if (it == points_.end())
      throw RuntimeError("landmark sidecar " + file_.string() + " has no row for frame " + std::to_string(number));
    return it->second;
  }
  std::filesystem::path file_;
  std::map<long, SidecarPoints> points_;
};

struct Unreadable {
  std::filesystem::path path;
};

cv::Mat read_frame(const FrameFile& f) {
  cv::Mat img = cv::imread(f.path.string(), cv::IMREAD_COLOR);
  if (img.empty()) throw Unreadable{f.path};
  return img;
}

Landmarks68 median_landmarks(const std::vector<Landmarks68>& all) {
  Landmarks68 out;
  std::vector<float> xs(all.size()), ys(all.size());
  for (std::size_t p = 0; p < 68; ++p) {
    for (std::size_t k = 0; k < all.size(); ++k) xs[k] = all[k][p].x, ys[k] = all[k][p].y;
    auto mid = xs.size() / 2;
    std::nth_element(xs.begin(), xs.begin() + static_cast<long>(mid), xs.end());
    std::nth_element(ys.begin(), ys.begin() + static_cast<long>(mid), ys.end());
    out[p] = cv::Point2f(xs[mid], ys[mid]);
  }
  return out;
}

// `count` indices spread evenly over [0, n - 1], first and last included.
std::vector<std::size_t> sample_indices(std::size_t n, int count) {
  std::vector<std::size_t> out;
  if (n == 0) return out;
  std::size_t c = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(count, 2)));
  for (std::size_t k = 0; k < c; ++k) {
    std::size_t i = c == 1 ? 0 : static_cast<std::size_t>(std::lround(double(k) * double(n - 1) / double(c - 1)));
    if (out.empty() || out.back() != i) out.push_back(i);
  }
  return out;
}

double eye_shift(const Landmarks68& a, const Landmarks68& b) {
  return std::max(cv::norm(right_eye_centre(a) - right_eye_centre(b)), cv::norm(left_eye_centre(a) - left_eye_centre(b)));
}

}  // namespace

std::unique_ptr<FaceProvider> make_dlib_provider(const FacesOptions& options) {
  return std::make_unique<DlibProvider>(options);
}

std::unique_ptr<FaceProvider> make_sidecar_provider(const std::filesystem::path& sidecar_file) {
  return std::make_unique<SidecarProvider>(sidecar_file);
}

std::unique_ptr<FaceProvider> make_provider(const FacesOptions& options, const std::filesystem::path& clip_folder) {
  if (options.landmarks == LandmarkSource::sidecar) return make_sidecar_provider(clip_folder / options.sidecar);
  return make_dlib_provider(options);
}

ClipFaces plan_clip_alignment(const std::vector<FrameFile>& frames, long onset, const FacesOptions& o,
                              FaceProvider& provider) {
  ClipFaces out;
  ClipFaceReport& r = out.report;
  if (frames.empty()) {
    r.problem = "unreadable_image";
    r.message = "the clip has no frames";
    return out;
  }
  std::size_t ref = 0;
  while (ref < frames.size() && frames[ref].number < onset) ++ref;
  if (ref == frames.size()) ref = 0;
  r.reference_frame = frames[ref].number;

  auto use_box = [&](const std::string& method) {
    r.method = method;
    r.usable = true;
    out.transforms.assign(frames.size(), box_transform(r.box, o.margin, o.side));
  };
  // A problem: the clip is dropped (skip, error) or cropped from the detector box (box).
  auto problem = [&](const std::string& kind, const std::string& message) -> ClipFaces& {
    r.problem = kind;
    r.message = message;
    out.transforms.clear();
    r.usable = false;
    if (o.on_problem == FaceProblemPolicy::box && r.faces > 0) use_box("box (fallback)");
    return out;
  };

  try {
    cv::Mat image = read_frame(frames[ref]);
    auto found = provider.detect(image, frames[ref].number);
    found.erase(std::remove_if(found.begin(), found.end(), [&](const FaceBox& f) { return f.score < o.min_score; }),
                found.end());
    r.faces = found.empty() ? 0 : 1 + static_cast<int>(std::count_if(found.begin() + 1, found.end(), [&](const FaceBox& f) {
                                        return f.score >= o.extra_face_score;
                                      }));
    if (found.empty())
      return problem("no_face", fmt::format("no face found in frame {} ({}x{} px; faces.upsample={} finds smaller faces)",
                                            frames[ref].number, image.cols, image.rows, o.upsample));
    r.box = found[0].box;
    r.score = found[0].score;
    if (r.faces > 1)
      return problem("several_faces", fmt::format("{} faces found in frame {} (scores {:.2f} and {:.2f})", r.faces,
                                                  frames[ref].number, found[0].score, found[1].score));
    if (o.align == AlignMode::box || !provider.has_landmarks()) {
      use_box("box");
      return out;
    }

    std::vector<Landmarks68> first;
    for (std::size_t k = ref; k < frames.size() && first.size() < static_cast<std::size_t>(o.reference_frames); ++k)
      first.push_back(provider.landmarks(k == ref ? image : read_frame(frames[k]), frames[k].number, r.box));
    const Landmarks68 L = median_landmarks(first);
    r.landmarks = L;
    const cv::Point2f er = right_eye_centre(L), el = left_eye_centre(L);
    r.inter_ocular = cv::norm(el - er);
    if (r.inter_ocular < 2.0)
      return problem("no_face", fmt::format("landmarks of frame {} collapse (eye centres {:.1f} px apart)",
                                            frames[ref].number, r.inter_ocular));

    if (o.align == AlignMode::clip) {
      double worst = 0;
      long worst_frame = frames[ref].number;
      for (std::size_t i : sample_indices(frames.size(), o.stability_frames)) {
        double d = eye_shift(provider.landmarks(read_frame(frames[i]), frames[i].number, r.box), L) / r.inter_ocular;
        if (d > worst) worst = d, worst_frame = frames[i].number;
      }
      r.stability = worst;
      if (worst > o.jump_threshold)
        return problem("landmark_jump",
                       fmt::format("eye centres in frame {} are {:.2f} inter-ocular distances from frame {}'s (faces."
                                   "jump_threshold={}); align: frame follows head motion",
                                   worst_frame, worst, frames[ref].number, o.jump_threshold));
      r.method = "clip";
      r.usable = true;
      out.transforms.assign(frames.size(), eye_transform(er, el, o));
      return out;
    }

    // align: frame. Landmarks of every frame, each searched in the reference box moved with
    // the face (by the last eye-centre shift), so a drifting head stays inside its box.
    std::vector<cv::Point2f> right(frames.size()), left(frames.size());
    const cv::Point2f ref_mid = (er + el) * 0.5f;
    cv::Point2f shift(0, 0);
    double worst = 0;
    long worst_frame = frames.front().number;
    std::optional<Landmarks68> prev;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      cv::Rect2d box = r.box;
      box.x += shift.x, box.y += shift.y;
      Landmarks68 li = provider.landmarks(i == ref ? image : read_frame(frames[i]), frames[i].number, box);
      right[i] = right_eye_centre(li), left[i] = left_eye_centre(li);
      shift = (right[i] + left[i]) * 0.5f - ref_mid;
      if (prev) {
        double d = eye_shift(li, *prev) / r.inter_ocular;
        if (d > worst) worst = d, worst_frame = frames[i].number;
      }
      prev = li;
    }
    r.stability = worst;
    if (worst > o.jump_threshold)
      return problem("landmark_jump", fmt::format("eye centres jump {:.2f} inter-ocular distances into frame {} "
                                                  "(faces.jump_threshold={})",
                                                  worst, worst_frame, o.jump_threshold));
    const long h = o.smoothing;
    const long n = static_cast<long>(frames.size());
    out.transforms.resize(frames.size());
    for (long i = 0; i < n; ++i) {
      cv::Point2f sr(0, 0), sl(0, 0);
      long lo = std::max(0L, i - h), hi = std::min(n - 1, i + h);
      for (long j = lo; j <= hi; ++j) sr += right[static_cast<std::size_t>(j)], sl += left[static_cast<std::size_t>(j)];
      float k = 1.0f / float(hi - lo + 1);
      out.transforms[static_cast<std::size_t>(i)] = eye_transform(sr * k, sl * k, o);
    }
    r.method = "frame";
    r.usable = true;
    return out;
  } catch (const Unreadable& u) {
    r.usable = false;
    out.transforms.clear();
    r.problem = "unreadable_image";
    r.message = "frame " + u.path.string() + " cannot be decoded";
    return out;
  }
}

std::vector<FrameFile> write_aligned_frames(const std::vector<FrameFile>& frames, const ClipFaces& faces,
                                            const FacesOptions& o, const std::filesystem::path& out_dir) {
  if (faces.transforms.size() != frames.size())
    throw RuntimeError("internal: " + std::to_string(faces.transforms.size()) + " transforms for " +
                       std::to_string(frames.size()) + " frames");
  std::filesystem::create_directories(out_dir);
  std::vector<FrameFile> written;
  const std::vector<int> png = {cv::IMWRITE_PNG_COMPRESSION, 1};  // fast; the cache is rebuilt, not archived
  for (std::size_t i = 0; i < frames.size(); ++i) {
    cv::Mat img = cv::imread(frames[i].path.string(), cv::IMREAD_COLOR);
    if (img.empty()) throw RuntimeError("frame " + frames[i].path.string() + " cannot be decoded");
    auto path = out_dir / (frames[i].path.stem().string() + ".png");
    if (!cv::imwrite(path.string(), warp_face(img, faces.transforms[i], o.side), png))
      throw RuntimeError("cannot write aligned frame " + path.string());
    written.push_back({frames[i].number, path});
  }
  return written;
}

cv::Mat draw_landmarks(const cv::Mat& reference, const ClipFaces& faces, const FacesOptions& o) {
  cv::Mat canvas = reference.clone();
  const auto& r = faces.report;
  const int t = std::max(1, static_cast<int>(std::lround(std::max(canvas.cols, canvas.rows) / 400.0)));
  if (r.faces > 0) cv::rectangle(canvas, r.box, cv::Scalar(0, 200, 255), t, cv::LINE_AA);
  if (r.landmarks) {
    for (const auto& p : *r.landmarks) cv::circle(canvas, p, t + 1, cv::Scalar(0, 255, 0), cv::FILLED, cv::LINE_AA);
    cv::circle(canvas, right_eye_centre(*r.landmarks), t + 2, cv::Scalar(0, 0, 255), cv::FILLED, cv::LINE_AA);
    cv::circle(canvas, left_eye_centre(*r.landmarks), t + 2, cv::Scalar(0, 0, 255), cv::FILLED, cv::LINE_AA);
  }
  if (!faces.transforms.empty()) {
    // The crop's outline: the output square's corners mapped back into the frame.
    cv::Matx23d inv;
    cv::invertAffineTransform(cv::Mat(faces.transforms.front()), inv);
    const float s = static_cast<float>(o.side);
    std::vector<cv::Point> quad;
    for (auto c : {cv::Point2f(0, 0), cv::Point2f(s, 0), cv::Point2f(s, s), cv::Point2f(0, s)}) {
      auto p = apply(inv, c);
      quad.emplace_back(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
    }
    cv::polylines(canvas, quad, true, cv::Scalar(255, 80, 0), t, cv::LINE_AA);
  }
  return canvas;
}

}  // namespace merlab
