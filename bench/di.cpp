// Dynamic-image throughput.
//  1. In memory: compute_dynamic_image on 60 frames of 340x280x3 against numpy
//     (/usr/bin/python3) evaluating the same formula on the same frames; outputs compared.
//     Target: >= 10x numpy's throughput.
//  2. From JPEG files: compute_dynamic_image_from_files against plain decoding of the same
//     files with the same number of threads. Target: >= 80% of decode throughput.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "framework/di/dynamic_image.h"

using namespace merlab;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kT = 60, kW = 340, kH = 280;

// Face-like smooth content plus sensor noise, moving slightly over time.
std::vector<cv::Mat> make_frames() {
  cv::RNG rng(2024);
  cv::Mat base(kH, kW, CV_8UC3);
  rng.fill(base, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(256));
  cv::GaussianBlur(base, base, cv::Size(0, 0), 6);
  std::vector<cv::Mat> frames;
  for (int t = 0; t < kT; ++t) {
    cv::Mat shifted, noise(kH, kW, CV_8UC3);
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, 0.05 * t, 0, 1, 0.03 * t);
    cv::warpAffine(base, shifted, m, base.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(6));
    cv::Mat f;
    cv::add(shifted, noise, f, cv::noArray(), CV_8UC3);
    frames.push_back(f);
  }
  return frames;
}

template <typename Fn>
double median_ms(int reps, Fn fn) {
  std::vector<double> ms;
  for (int i = 0; i < reps; ++i) {
    auto t0 = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

const char* kNumpyScript = R"(import sys, time, numpy as np
T, H, W = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
frames = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(T, H, W, 3)
def coefficients(T):
    Hk = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, T + 1))])
    t = np.arange(1, T + 1)
    return 2 * (T - t + 1) - (T + 1) * (Hk[T] - Hk[t - 1])
def di_broadcast(x):   # the usual numpy form: weight every frame, sum over time
    a = coefficients(x.shape[0]).astype(np.float32)
    return (a[:, None, None, None] * x.astype(np.float32)).sum(axis=0)
def di_tensordot(x):   # the same formula as one BLAS contraction
    a = coefficients(x.shape[0]).astype(np.float32)
    return np.tensordot(a, x.astype(np.float32), axes=1)
def timed(fn, reps=7):
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter(); out = fn(frames); ms.append((time.perf_counter() - t0) * 1e3)
    return sorted(ms)[len(ms) // 2], out
mb, out = timed(di_broadcast)
mt, _ = timed(di_tensordot)
out.astype(np.float32).tofile(sys.argv[5])
print(mb, mt)
)";

}  // namespace

int main() {
  char tmpl[] = "/tmp/merlab-bench-di-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  fs::path tmp = tmpl;
  auto frames = make_frames();
  DiOptions options;  // all cores
  std::printf("frames: %d x %dx%dx3, threads: %d\n", kT, kW, kH, options.thread_count());

  // --- 1. in memory vs numpy -------------------------------------------------------------
  cv::Mat di;
  double ours = median_ms(31, [&] { di = compute_dynamic_image(frames, options); });
  DiOptions single = options;
  single.threads = 1;
  double ours1 = median_ms(31, [&] { compute_dynamic_image(frames, single); });
  {
    std::ofstream raw(tmp / "frames.u8", std::ios::binary);
    for (auto& f : frames) raw.write(reinterpret_cast<const char*>(f.data), static_cast<std::streamsize>(f.total() * 3));
    std::ofstream(tmp / "di.py") << kNumpyScript;
  }
  std::string cmd = "/usr/bin/python3 " + (tmp / "di.py").string() + " " + (tmp / "frames.u8").string() + " " +
                    std::to_string(kT) + " " + std::to_string(kH) + " " + std::to_string(kW) + " " +
                    (tmp / "numpy.f32").string();
  FILE* pipe = ::popen(cmd.c_str(), "r");
  double np_broadcast = 0, np_tensordot = 0;
  if (!pipe || std::fscanf(pipe, "%lf %lf", &np_broadcast, &np_tensordot) != 2) {
    std::fprintf(stderr, "numpy reference failed (%s)\n", cmd.c_str());
    return 1;
  }
  ::pclose(pipe);
  std::ifstream in(tmp / "numpy.f32", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  cv::Mat ref(kH, kW, CV_32FC3, bytes.data());
  double diff = cv::norm(di, ref, cv::NORM_INF), scale = cv::norm(ref, cv::NORM_INF);
  bool u8_equal = cv::norm(di_to_uint8(di), di_to_uint8(ref), cv::NORM_INF) <= 1;
  double best_np = std::min(np_broadcast, np_tensordot);
  std::printf("in-memory DI: %.2f ms (%.2f ms on 1 thread) = %.0f MB/s of frames\n", ours, ours1,
              kT * kW * kH * 3 / ours / 1e3);
  std::printf("numpy: broadcast %.1f ms, tensordot %.1f ms\n", np_broadcast, np_tensordot);
  std::printf("outputs: max |diff| %.3g (max |DI| %.3g), 8-bit images equal within 1: %s\n", diff, scale,
              u8_equal ? "yes" : "no");
  std::printf("RATIO in-memory vs numpy broadcast: %.1fx, vs numpy tensordot: %.1fx (target >= 10x): %s\n",
              np_broadcast / ours, np_tensordot / ours, best_np / ours >= 10 ? "met" : "NOT met");

  // --- 2. from JPEG files vs plain decoding -----------------------------------------------
  std::vector<fs::path> files;
  for (int t = 0; t < kT; ++t) {
    files.push_back(tmp / ("img" + std::to_string(t + 1) + ".jpg"));
    cv::imwrite(files.back().string(), frames[t], {cv::IMWRITE_JPEG_QUALITY, 95});
  }
  auto decode_all = [&](int threads) {
    std::atomic<int> next{0};
    auto work = [&] {
      for (int i; (i = next++) < kT;) {
        cv::Mat m = cv::imread(files[i].string(), cv::IMREAD_COLOR);
        if (m.empty()) std::abort();
      }
    };
    std::vector<std::thread> pool;
    for (int k = 1; k < threads; ++k) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
  };
  decode_all(1);  // warm the page cache
  const int threads = options.thread_count();
  double dec1 = median_ms(7, [&] { decode_all(1); });
  double decn = median_ms(7, [&] { decode_all(threads); });
  double from_files = median_ms(7, [&] { compute_dynamic_image_from_files(files, options); });
  std::printf("decode only: %.1f ms on 1 thread, %.1f ms on %d threads (%.0f frames/s)\n", dec1, decn, threads,
              kT / decn * 1e3);
  std::printf("DI from files: %.1f ms (%.0f frames/s)\n", from_files, kT / from_files * 1e3);
  std::printf("RATIO DI-from-files vs decode-only throughput (same threads): %.0f%% (target >= 80%%): %s\n",
              100 * decn / from_files, decn / from_files >= 0.8 ? "met" : "NOT met");
  fs::remove_all(tmp);
  return 0;
}
