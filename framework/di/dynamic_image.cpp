#include "framework/di/dynamic_image.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "framework/common/error.h"
#include "framework/di/di_kernels.h"
#include "framework/di/image_header.h"

namespace merlab {

std::vector<double> rank_pooling_coefficients(int T, DiMethod method) {
  if (T < 1) throw RuntimeError("rank pooling needs at least one frame, got T = " + std::to_string(T));
  // harmonic[k] = H_k
  std::vector<double> harmonic(static_cast<std::size_t>(T) + 1, 0.0);
  for (int k = 1; k <= T; ++k) harmonic[k] = harmonic[k - 1] + 1.0 / k;
  std::vector<double> alpha(static_cast<std::size_t>(T));
  for (int t = 1; t <= T; ++t) {
    double tail = harmonic[T] - harmonic[t - 1];
    double a = 2.0 * (T - t + 1) - (T + 1) * tail;
    alpha[t - 1] = method == DiMethod::bilen ? a : a + tail;
  }
  return alpha;
}

namespace {

void accumulate_rows(cv::Mat& acc, const cv::Mat& frame, float a, int row_begin, int row_end) {
  const int n = frame.cols * frame.channels();
  for (int r = row_begin; r < row_end; ++r) {
    float* dst = acc.ptr<float>(r);
    if (frame.depth() == CV_8U) di_kernels::axpy(dst, frame.ptr<std::uint8_t>(r), a, n);
    else di_kernels::axpy(dst, frame.ptr<float>(r), a, n);
  }
}

// Runs fn(begin, end) over [0, rows) split into `threads` contiguous bands.
template <typename Fn>
void parallel_rows(int rows, int threads, Fn fn) {
  threads = std::max(1, std::min(threads, rows));
  if (threads == 1) {
    fn(0, rows);
    return;
  }
  std::vector<std::thread> pool;
  int step = (rows + threads - 1) / threads;
  for (int k = 1; k < threads; ++k) {
    int b = k * step, e = std::min(rows, b + step);
    if (b < e) pool.emplace_back([=] { fn(b, e); });
  }
  fn(0, std::min(rows, step));
  for (auto& th : pool) th.join();
}

void check_frame(const cv::Mat& f, const cv::Mat& first, std::size_t index) {
  if (f.empty()) throw RuntimeError("frame " + std::to_string(index + 1) + " is empty");
  if (f.size() != first.size() || f.type() != first.type()) {
    throw RuntimeError("frame " + std::to_string(index + 1) + " has size " + std::to_string(f.cols) + "x" +
                       std::to_string(f.rows) + " type " + std::to_string(f.type()) + ", expected " +
                       std::to_string(first.cols) + "x" + std::to_string(first.rows) + " type " +
                       std::to_string(first.type()) + " like frame 1");
  }
  if (f.depth() != CV_8U && f.depth() != CV_32F)
    throw RuntimeError("frames must be 8-bit or 32-bit float images");
}

cv::Mat single_frame(const cv::Mat& f) {
  cv::Mat out;
  f.convertTo(out, CV_32F);
  return out;
}

}  // namespace

cv::Mat compute_dynamic_image(const std::vector<cv::Mat>& frames, const DiOptions& options) {
  if (frames.empty()) throw RuntimeError("dynamic image of an empty frame list");
  for (std::size_t i = 0; i < frames.size(); ++i) check_frame(frames[i], frames[0], i);
  if (frames.size() == 1) return single_frame(frames[0]);
  auto alpha = rank_pooling_coefficients(static_cast<int>(frames.size()), options.method);
  const cv::Mat& f0 = frames[0];
  cv::Mat acc = cv::Mat::zeros(f0.rows, f0.cols, CV_MAKETYPE(CV_32F, f0.channels()));
  // Small images are not worth a thread start.
  int threads = f0.total() * f0.channels() < (1 << 15) ? 1 : options.thread_count();
  // Row-major per band: one accumulator row stays in L1 cache while all T frames are added.
  parallel_rows(f0.rows, threads, [&](int b, int e) {
    for (int r = b; r < e; ++r)
      for (std::size_t t = 0; t < frames.size(); ++t) accumulate_rows(acc, frames[t], static_cast<float>(alpha[t]), r, r + 1);
  });
  return acc;
}

cv::Mat compute_dynamic_image_from_files(const std::vector<std::filesystem::path>& files, const DiOptions& options) {
  if (files.empty()) throw RuntimeError("dynamic image of an empty frame list");
  auto read = [&options](const std::filesystem::path& p) {
    cv::Mat img = imread_bounded(p, cv::IMREAD_COLOR, options.limits);
    if (img.empty()) throw RuntimeError("cannot read image file " + p.string());
    return img;
  };
  if (files.size() == 1) return single_frame(read(files[0]));
  if (options.magnify.enabled) {
    // Magnification needs the whole sequence at once: decode, magnify, then pool in memory.
    std::vector<cv::Mat> frames;
    for (const auto& f : files) frames.push_back(read(f));
    return compute_dynamic_image(magnify_clip(frames, options.magnify), options);
  }
  const int T = static_cast<int>(files.size());
  auto alpha = rank_pooling_coefficients(T, options.method);
  const int decoders = std::max(1, std::min(options.thread_count(), T));
  const int window = 2 * decoders + 2;  // decoded frames allowed ahead of the accumulator

  std::mutex m;
  std::condition_variable ready;
  std::vector<cv::Mat> slots(files.size());
  int claimed = 0, consumed = 0;
  bool stop = false;
  std::string error;

  auto decoder = [&] {
    for (;;) {
      int idx;
      {
        std::unique_lock<std::mutex> lock(m);
        ready.wait(lock, [&] { return stop || claimed >= T || claimed < consumed + window; });
        if (stop || claimed >= T) return;
        idx = claimed++;
      }
      cv::Mat img;
      std::string err;
      try {
        img = read(files[idx]);
      } catch (const std::exception& e) {
        err = e.what();
      }
      std::lock_guard<std::mutex> lock(m);
      if (!err.empty()) {
        if (error.empty()) error = err;
        stop = true;
      } else {
        slots[idx] = std::move(img);
      }
      ready.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int k = 0; k < decoders; ++k) pool.emplace_back(decoder);
  auto finish = [&](const std::string& err) {
    {
      std::lock_guard<std::mutex> lock(m);
      stop = true;
      if (error.empty()) error = err;
    }
    ready.notify_all();
    for (auto& th : pool) th.join();
    pool.clear();
  };

  cv::Mat acc, first;
  try {
  for (int t = 0; t < T; ++t) {
    cv::Mat frame;
    {
      std::unique_lock<std::mutex> lock(m);
      ready.wait(lock, [&] { return stop || !slots[t].empty(); });
      if (slots[t].empty()) break;  // a decoder failed
      frame = std::move(slots[t]);
      slots[t].release();
    }
    if (t == 0) {
      first = frame;
      acc = cv::Mat::zeros(frame.rows, frame.cols, CV_32FC3);
    } else if (frame.size() != first.size()) {
      finish("frame file " + files[t].string() + " is " + std::to_string(frame.cols) + "x" +
             std::to_string(frame.rows) + ", but " + files[0].string() + " is " + std::to_string(first.cols) +
             "x" + std::to_string(first.rows));
      throw RuntimeError(error);
    }
    accumulate_rows(acc, frame, static_cast<float>(alpha[t]), 0, frame.rows);
    {
      std::lock_guard<std::mutex> lock(m);
      consumed = t + 1;
    }
    ready.notify_all();
  }
  } catch (...) {
    if (!pool.empty()) finish("interrupted");
    throw;
  }
  finish("");
  if (!error.empty()) throw RuntimeError(error);
  return acc;
}

cv::Mat fit_di(const cv::Mat& di, cv::Size size, DiFit fit) {
  if (size.empty() || size == di.size() || fit == DiFit::stretch || di.empty()) return resize_di(di, size);
  const double sx = double(size.width) / di.cols, sy = double(size.height) / di.rows;
  const double s = fit == DiFit::pad ? std::min(sx, sy) : std::max(sx, sy);
  const cv::Size scaled(std::max(1, static_cast<int>(std::lround(di.cols * s))),
                        std::max(1, static_cast<int>(std::lround(di.rows * s))));
  if (scaled == size) return resize_di(di, size);
  cv::Mat r = resize_di(di, scaled);
  if (fit == DiFit::crop) {
    cv::Rect centre((scaled.width - size.width) / 2, (scaled.height - size.height) / 2, size.width, size.height);
    return r(centre).clone();
  }
  const int left = (size.width - scaled.width) / 2, top = (size.height - scaled.height) / 2;
  cv::Mat out;
  cv::copyMakeBorder(r, out, top, size.height - scaled.height - top, left, size.width - scaled.width - left,
                     cv::BORDER_CONSTANT, cv::Scalar::all(0));
  return out;
}

cv::Mat resize_di(const cv::Mat& di, cv::Size size) {
  if (size.empty() || size == di.size()) return di;
  bool shrink = size.width <= di.cols && size.height <= di.rows;
  cv::Mat out;
  cv::resize(di, out, size, 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

namespace {
cv::Mat plane_to_u8(const cv::Mat& plane, bool round) {
  // plane: continuous CV_32F, any channel count (treated as one range)
  double lo = 0, hi = 0;
  cv::minMaxLoc(plane.reshape(1, 1), &lo, &hi);
  cv::Mat out(plane.rows, plane.cols, CV_MAKETYPE(CV_8U, plane.channels()), cv::Scalar::all(0));
  float flo = static_cast<float>(lo), range = static_cast<float>(hi) - flo;
  if (!(range > 0.0f)) return out;  // flat: all zeros
  di_kernels::scale_to_u8(plane.ptr<float>(), out.ptr<std::uint8_t>(), static_cast<int>(plane.total() * plane.channels()),
                          flo, range, round);
  return out;
}
}  // namespace

cv::Mat di_to_uint8(const cv::Mat& di, Uint8Normalisation normalisation, Uint8Rounding rounding) {
  if (di.empty()) throw RuntimeError("8-bit conversion of an empty dynamic image");
  if (di.depth() != CV_32F) throw RuntimeError("8-bit conversion expects a float (CV_32F) dynamic image");
  cv::Mat src = di.isContinuous() ? di : di.clone();
  bool round = rounding == Uint8Rounding::round;
  if (normalisation == Uint8Normalisation::global || src.channels() == 1) return plane_to_u8(src, round);
  std::vector<cv::Mat> planes;
  cv::split(src, planes);
  for (auto& p : planes) p = plane_to_u8(p, round);
  cv::Mat out;
  cv::merge(planes, out);
  return out;
}

cv::Mat di_to_model_input(const cv::Mat& img8u3, const ModelInputNorm& norm) {
  if (img8u3.type() != CV_8UC3) throw RuntimeError("model input conversion expects an 8-bit 3-channel image");
  cv::Mat rgb, f;
  cv::cvtColor(img8u3, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(f, CV_32F, 1.0 / 255.0);
  cv::subtract(f, cv::Scalar(norm.mean[0], norm.mean[1], norm.mean[2]), f);
  cv::multiply(f, cv::Scalar(1.0 / norm.std[0], 1.0 / norm.std[1], 1.0 / norm.std[2]), f);
  return f;
}

}  // namespace merlab
