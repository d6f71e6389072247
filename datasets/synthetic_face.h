// Procedural face for the synthetic dataset: a neutral face rendered at a supersampled
// resolution and one displacement field per AU-like movement.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <string>

namespace merlab::synth {

// The movements the generator knows (FACS-inspired; bilateral ones move both sides).
enum Au : int { AU1 = 0, AU2, AU4, AU7, AU9, AU12, AU17, AU24, kAuCount };
const char* au_code(int au);  // "1", "2", "4", ...

struct Face {
  int factor = 4;                          // supersampling: neutral is (size*factor)^2
  cv::Mat neutral;                         // CV_32FC3, BGR, 0..255
  std::array<cv::Mat, kAuCount> fields;    // CV_32FC2: content displacement for 1 output pixel
                                           // of amplitude, in supersampled pixels
  // Where the drawn features are, in the iBUG 300-W 68-point layout (supersampled pixels of
  // `neutral`): what a landmark detector would find on the neutral face.
  std::array<cv::Point2d, 68> landmarks;
};

// A subject's face: shape, skin tone, texture, lighting and feature placement drawn from `rng`.
Face render_face(cv::RNG& rng, int size, int factor);

}  // namespace merlab::synth
