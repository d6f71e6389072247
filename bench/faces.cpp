// Face-stage throughput: aligned frames per second on 640x480 input (decode, detection on the
// reference frame, 68-point landmarks, warp, PNG write into the cache), with every core, for
// align: clip (landmarks on the onset + `stability_frames` sampled frames) and align: frame
// (landmarks on every frame); and the projected time for a CASME-II-sized set (255 clips,
// about 18,000 frames). Input: skimage's astronaut photo placed in 640x480 frames with head
// jitter, written as JPEG like CASME-II's raw frames.
//   build/bench/bench_faces [clips] [frames_per_clip]
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "datasets/dataset.h"
#include "framework/faces/face_stage.h"

using namespace merlab;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const int clips = argc > 1 ? std::atoi(argv[1]) : 8;
  const int per_clip = argc > 2 ? std::atoi(argv[2]) : 60;
  const cv::Mat photo = cv::imread("/usr/lib/python3/dist-packages/skimage/data/astronaut.png", cv::IMREAD_COLOR);
  if (photo.empty()) {
    std::fprintf(stderr, "bench_faces: skimage's astronaut.png not found (python3-skimage)\n");
    return 1;
  }
  const fs::path tmp = fs::temp_directory_path() / ("merlab-bench-faces-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  DatasetLoad load;
  load.name = "bench";
  load.frames = "aligned";
  cv::RNG rng(7);
  for (int c = 0; c < clips; ++c) {
    Clip clip;
    clip.clip_id = "s" + std::to_string(c);
    clip.folder = tmp / "raw" / clip.clip_id;
    fs::create_directories(clip.folder);
    cv::Point2d at(260 + 15 * c % 120, 200 + 10 * c % 60);
    for (int t = 0; t < per_clip; ++t) {
      at += cv::Point2d(rng.gaussian(0.3), rng.gaussian(0.3));
      cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(210, 150), 0, 1.0);
      m.at<double>(0, 2) += at.x - 210;
      m.at<double>(1, 2) += at.y - 150;
      cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(120, 100, 90));
      cv::warpAffine(photo, frame, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
      auto p = clip.folder / ("img" + std::to_string(t + 1) + ".jpg");
      cv::imwrite(p.string(), frame, {cv::IMWRITE_JPEG_QUALITY, 95});
      clip.frames.push_back({t + 1, p});
    }
    clip.onset = 1;
    clip.offset = per_clip;
    load.clips.push_back(clip);
  }
  const double frames = double(clips) * per_clip;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("face stage, %d clips x %d frames of 640x480 JPEG, %u threads\n", clips, per_clip, cores);
  for (const char* mode : {"clip", "frame"}) {
    FacesOptions o;
    o.align = std::string(mode) == "clip" ? AlignMode::clip : AlignMode::frame;
    o.cache_dir = (tmp / ("cache-" + std::string(mode))).string();
    DatasetLoad d = load;
    auto t0 = std::chrono::steady_clock::now();
    auto r = apply_face_stage(d, o, false);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (r.dropped) std::printf("  warning: %d clips dropped\n", r.dropped);
    DatasetLoad again = load;
    t0 = std::chrono::steady_clock::now();
    apply_face_stage(again, o, false);
    double reuse = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("  align: %-5s %7.1f aligned frames/s (%.2f s); CASME-II-sized set (255 clips, 18000 frames): %.1f min; "
                "cached rerun %.3f s\n",
                mode, frames / s, s, 18000.0 / (frames / s) / 60.0, reuse);
  }
  std::error_code ec;
  fs::remove_all(tmp, ec);
  return 0;
}
