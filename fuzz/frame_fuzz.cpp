// Frame files (PNG, JPEG or anything else OpenCV decodes) through the dynamic-image path that
// reads clips from disk (framework/di/dynamic_image.h compute_dynamic_image_from_files): the
// input is one frame file, used as a one-frame and as a three-frame clip, then converted to
// the 8-bit DI and resized as the DI cache does.
#include <cstdlib>

#include "framework/di/dynamic_image.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // OpenCV accepts images up to 2^30 pixels by default; a 40-byte PNG header may claim that
  // many, and decoding it is a legitimate gigabyte allocation, not a fault. Keep frames to
  // 4 Mpixel (frames of the supported datasets are under 1 Mpixel) so the memory limit
  // catches real leaks and blow-ups instead. Read by OpenCV on first use.
  setenv("OPENCV_IO_MAX_IMAGE_PIXELS", "4194304", 1);
  setenv("OPENCV_IO_MAX_IMAGE_WIDTH", "8192", 1);
  setenv("OPENCV_IO_MAX_IMAGE_HEIGHT", "8192", 1);
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
