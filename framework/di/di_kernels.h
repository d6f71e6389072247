// Vectorised inner loops of the DI engine (OpenCV universal intrinsics, so they compile to
// SSE/NEON/... on every platform OpenCV supports). Each kernel's scalar tail performs the
// same float operations as its vector body, so results never depend on alignment or width.
#pragma once

#include <cstdint>

namespace merlab::di_kernels {

// acc[i] = acc[i] + a * float(src[i])   (one multiply, one add; no fused multiply-add)
void axpy(float* acc, const std::uint8_t* src, float a, int n);
void axpy(float* acc, const float* src, float a, int n);

// dst[i] = saturate(q((src[i] - lo) / range * 255)), q = floor(y + 0.5) or floor(y). range > 0.
void scale_to_u8(const float* src, std::uint8_t* dst, int n, float lo, float range, bool round);

}  // namespace merlab::di_kernels
