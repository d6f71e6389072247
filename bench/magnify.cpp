// Eulerian magnification throughput: 60 frames of 224x224x3 (an aligned face crop clip), the
// same algorithm (Laplacian pyramid by pyrDown/pyrUp, per-level IIR band-pass, level gains)
// in numpy + cv2 under /usr/bin/python3 on the same frames. Prints both times, the ratio and the
// largest difference between the outputs (8-bit levels).
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "framework/di/magnify.h"

using namespace merlab;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int main() {
  constexpr int kT = 60, kS = 224;
  const fs::path dir = fs::temp_directory_path() / ("merlab-bench-magnify-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  cv::RNG rng(5);
  cv::Mat base(kS, kS, CV_8UC3);
  rng.fill(base, cv::RNG::UNIFORM, cv::Scalar::all(30), cv::Scalar::all(220));
  cv::GaussianBlur(base, base, cv::Size(0, 0), 3.0);
  std::vector<cv::Mat> frames;
  for (int t = 0; t < kT; ++t) {
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, 0.6 * std::sin(3.14159 * t / (kT - 1)), 0, 1, 0), f;
    cv::warpAffine(base, f, m, base.size(), cv::INTER_CUBIC, cv::BORDER_REFLECT);
    frames.push_back(f);
    cv::imwrite((dir / (std::to_string(t) + ".png")).string(), f);
  }
  MagnifyOptions o;
  o.enabled = true;
  std::vector<cv::Mat> out;
  double best = 1e9;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = Clock::now();
    out = magnify_clip(frames, o);
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  const fs::path script = dir / "evm.py";
  std::ofstream(script)
      << "import cv2, numpy as np, sys, time\n"
         "d, T = sys.argv[1], int(sys.argv[2])\n"
         "fr = [cv2.imread(f'{d}/{t}.png').astype(np.float32) for t in range(T)]\n"
         "alpha, r1, r2, L, lc = 10.0, 0.4, 0.05, 6, 16.0\n"
         "def lpyr(x):\n"
         "    p = []\n"
         "    for _ in range(L - 1):\n"
         "        dn = cv2.pyrDown(x); p.append(x - cv2.pyrUp(dn, dstsize=(x.shape[1], x.shape[0]))); x = dn\n"
         "    p.append(x); return p\n"
         "def collapse(p):\n"
         "    x = p[-1]\n"
         "    for l in range(len(p) - 2, -1, -1): x = cv2.pyrUp(x, dstsize=(p[l].shape[1], p[l].shape[0])) + p[l]\n"
         "    return x\n"
         "best = 1e9\n"
         "for rep in range(3):\n"
         "    t0 = time.perf_counter()\n"
         "    H, W = fr[0].shape[:2]; delta = lc / 8 / (1 + alpha); lam = (H * H + W * W) ** 0.5 / 3\n"
         "    g = [0.0] * L\n"
         "    for k in range(L - 1, -1, -1):\n"
         "        g[k] = 0.0 if k in (0, L - 1) else min(alpha, 2 * (lam / delta / 8 - 1)); lam /= 2\n"
         "    out = []\n"
         "    for t, f in enumerate(fr):\n"
         "        p = lpyr(f)\n"
         "        if t == 0: a = [q.copy() for q in p]; b = [q.copy() for q in p]\n"
         "        else:\n"
         "            a = [r1 * q + (1 - r1) * x for q, x in zip(p, a)]; b = [r2 * q + (1 - r2) * x for q, x in zip(p, b)]\n"
         "        out.append(np.clip(np.rint(f + collapse([(x - y) * gk for x, y, gk in zip(a, b, g)])), 0, 255).astype(np.uint8))\n"
         "    best = min(best, time.perf_counter() - t0)\n"
         "np.stack(out).tofile(f'{d}/ref.bin')\n"
         "print(best)\n";
  FILE* p = ::popen(("/usr/bin/python3 " + script.string() + " " + dir.string() + " " + std::to_string(kT)).c_str(), "r");
  double python = -1;
  if (p) {
    if (std::fscanf(p, "%lf", &python) != 1) python = -1;
    ::pclose(p);
  }
  double max_diff = -1;
  std::ifstream ref(dir / "ref.bin", std::ios::binary);
  if (ref) {
    max_diff = 0;
    for (int t = 0; t < kT; ++t) {
      cv::Mat r(kS, kS, CV_8UC3);
      ref.read(reinterpret_cast<char*>(r.data), static_cast<std::streamsize>(r.total() * r.elemSize()));
      max_diff = std::max(max_diff, cv::norm(r, out[static_cast<std::size_t>(t)], cv::NORM_INF));
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  std::printf("magnification (Eulerian, 6 levels, alpha 10, %d frames of %dx%dx3)\n", kT, kS, kS);
  std::printf("  merlab   %8.1f ms  (%.0f frames/s)\n", best * 1e3, kT / best);
  if (python > 0) {
    std::printf("  numpy    %8.1f ms  (%.0f frames/s)\n", python * 1e3, kT / python);
    std::printf("  ratio    %8.2fx  max |diff| %.0f levels\n", python / best, max_diff);
  }
  return 0;
}
