// Optical-flow throughput: the onset->apex TV-L1 flow of a CASME-II-sized set (255 clips),
// frames as 8-bit grey PNG files of 224 px aligned faces, brought to 112 px before the flow
// (repr.flow.size default), against Python's cv2 (/usr/bin/python3, the same OpenCV TV-L1 with
// the same parameters) reading, resizing and solving the same files. MERLab's side is the
// representation path the engine uses (flow_image_from_files: read, resize, flow, strain,
// 8-bit image) run clip-parallel over all cores, as SampleBank does; cv2's side runs one clip
// after another (OpenCV's own threads inside, as a Python loop gets). Both end-to-end times
// are printed with their ratio; target: the set in minutes on 2 cores.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "framework/flow/optical_flow.h"

using namespace merlab;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int clips = argc > 1 ? std::atoi(argv[1]) : 255;
  const fs::path dir = fs::temp_directory_path() / ("merlab-bench-flow-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  cv::RNG rng(7);
  for (int c = 0; c < clips; ++c) {
    cv::Mat noise(224, 224, CV_32F), a, b;
    rng.fill(noise, cv::RNG::UNIFORM, 0.0, 255.0);
    cv::GaussianBlur(noise, a, cv::Size(0, 0), 3.0);
    cv::normalize(a, a, 20, 235, cv::NORM_MINMAX);
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, rng.uniform(-2.0, 2.0), 0, 1, rng.uniform(-2.0, 2.0));
    cv::warpAffine(a, b, m, a.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    a.convertTo(a, CV_8U);
    b.convertTo(b, CV_8U);
    cv::imwrite((dir / (std::to_string(c) + "_a.png")).string(), a);
    cv::imwrite((dir / (std::to_string(c) + "_b.png")).string(), b);
  }
  ReprOptions repr;
  repr.kind = ReprKind::flow_strain;
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto t0 = Clock::now();
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int w = 0; w < threads; ++w)
    pool.emplace_back([&] {
      for (int c; (c = next++) < clips;)
        flow_image_from_files(dir / (std::to_string(c) + "_a.png"), dir / (std::to_string(c) + "_b.png"), repr,
                              {112, 112}, DiFit::pad, Limits{});
    });
  for (auto& t : pool) t.join();
  const double ours = std::chrono::duration<double>(Clock::now() - t0).count();

  const fs::path script = dir / "flow.py";
  std::ofstream(script) << "import cv2, sys, time\n"
                           "d, n = sys.argv[1], int(sys.argv[2])\n"
                           "t = cv2.optflow.DualTVL1OpticalFlow_create(0.25, 0.15, 0.3, 5, 5, 0.01, 30, 10, 0.8, 0.0, 5)\n"
                           "t0 = time.perf_counter()\n"
                           "for c in range(n):\n"
                           "    a = cv2.resize(cv2.imread(f'{d}/{c}_a.png', 0), (112, 112), interpolation=cv2.INTER_AREA)\n"
                           "    b = cv2.resize(cv2.imread(f'{d}/{c}_b.png', 0), (112, 112), interpolation=cv2.INTER_AREA)\n"
                           "    t.calc(a, b, None)\n"
                           "print(time.perf_counter() - t0)\n";
  const std::string cmd = "/usr/bin/python3 " + script.string() + " " + dir.string() + " " + std::to_string(clips);
  FILE* p = ::popen(cmd.c_str(), "r");
  double python = -1;
  if (p) {
    if (std::fscanf(p, "%lf", &python) != 1) python = -1;
    ::pclose(p);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  std::printf("flow (TV-L1 onset->apex + strain, 112 px, %d clips, %d threads)\n", clips, threads);
  std::printf("  merlab   %8.2f s  %7.1f clips/s\n", ours, clips / ours);
  if (python > 0) {
    std::printf("  cv2      %8.2f s  %7.1f clips/s   (flow only: no strain, no 8-bit image)\n", python, clips / python);
    std::printf("  ratio    %8.2fx  (merlab throughput / cv2)\n", python / ours);
  } else {
    std::printf("  cv2: /usr/bin/python3 with cv2.optflow unavailable\n");
  }
  return 0;
}
