// Frame files (PNG, JPEG or anything else OpenCV decodes) through the dynamic-image path that
// reads clips from disk (framework/di/dynamic_image.h compute_dynamic_image_from_files): the
// input is one frame file, used as a one-frame and as a three-frame clip, then converted to
// the 8-bit DI and resized as the DI cache does.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "framework/di/dynamic_image.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  // OpenCV accepts images up to 2^30 pixels by default, and a 245-byte JPEG header may claim
  // 12041 x 14895: decoding it is a legitimate 540 MB allocation (2 GB as a float DI), not a
  // fault, and would only trip the memory limit. Frames are kept to 4 Mpixel (those of the
  // supported datasets are under 1 Mpixel). OpenCV reads these variables while it loads, before
  // main, so the target re-executes itself once with them set (tools/fuzz.sh sets them too).
  if (!std::getenv("OPENCV_IO_MAX_IMAGE_PIXELS")) {
    setenv("OPENCV_IO_MAX_IMAGE_PIXELS", "4194304", 1);
    setenv("OPENCV_IO_MAX_IMAGE_WIDTH", "8192", 1);
    setenv("OPENCV_IO_MAX_IMAGE_HEIGHT", "8192", 1);
    execv("/proc/self/exe", *argv);
    std::perror("frame_fuzz: re-exec with OpenCV size limits");
  }
  (void)argc;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = merlab::fuzz::write_scratch("frame.img", merlab::fuzz::text_of(data, size));
  merlab::DiOptions options;
  options.threads = 2;  // the threaded decoder, with as little overhead as possible
  merlab::fuzz::expect_documented_errors([&] {
    merlab::compute_dynamic_image_from_files({path}, options);
    cv::Mat di = merlab::compute_dynamic_image_from_files({path, path, path}, options);
    cv::Mat small = merlab::resize_di(di, cv::Size(16, 16));
    merlab::di_to_uint8(small);
    merlab::di_to_uint8(di, merlab::Uint8Normalisation::per_channel, merlab::Uint8Rounding::truncate);
  });
  return 0;
}
