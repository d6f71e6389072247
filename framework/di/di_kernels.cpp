#include "framework/di/di_kernels.h"

#include <opencv2/core.hpp>
#include <opencv2/core/hal/intrin.hpp>

namespace merlab::di_kernels {

void axpy(float* acc, const std::uint8_t* src, float a, int n) {
  int i = 0;
#if CV_SIMD128
  const cv::v_float32x4 va = cv::v_setall_f32(a);
  for (; i + 16 <= n; i += 16) {
    cv::v_uint16x8 lo, hi;
    cv::v_expand(cv::v_load(src + i), lo, hi);
    cv::v_uint32x4 q0, q1, q2, q3;
    cv::v_expand(lo, q0, q1);
    cv::v_expand(hi, q2, q3);
    cv::v_store(acc + i, cv::v_load(acc + i) + cv::v_cvt_f32(cv::v_reinterpret_as_s32(q0)) * va);
    cv::v_store(acc + i + 4, cv::v_load(acc + i + 4) + cv::v_cvt_f32(cv::v_reinterpret_as_s32(q1)) * va);
    cv::v_store(acc + i + 8, cv::v_load(acc + i + 8) + cv::v_cvt_f32(cv::v_reinterpret_as_s32(q2)) * va);
    cv::v_store(acc + i + 12, cv::v_load(acc + i + 12) + cv::v_cvt_f32(cv::v_reinterpret_as_s32(q3)) * va);
  }
#endif
  for (; i < n; ++i) {
    float prod = a * static_cast<float>(src[i]);
    acc[i] = acc[i] + prod;
  }
}

void axpy(float* acc, const float* src, float a, int n) {
  int i = 0;
#if CV_SIMD128
  const cv::v_float32x4 va = cv::v_setall_f32(a);
  for (; i + 4 <= n; i += 4) cv::v_store(acc + i, cv::v_load(acc + i) + cv::v_load(src + i) * va);
#endif
  for (; i < n; ++i) {
    float prod = a * src[i];
    acc[i] = acc[i] + prod;
  }
}

void scale_to_u8(const float* src, std::uint8_t* dst, int n, float lo, float range, bool round) {
  const float bias = round ? 0.5f : 0.0f;
  int i = 0;
#if CV_SIMD128
  const cv::v_float32x4 vlo = cv::v_setall_f32(lo), vrange = cv::v_setall_f32(range),
                        v255 = cv::v_setall_f32(255.0f), vbias = cv::v_setall_f32(bias);
  for (; i + 16 <= n; i += 16) {
    cv::v_int32x4 r[4];
    for (int k = 0; k < 4; ++k) {
      cv::v_float32x4 y = (cv::v_load(src + i + 4 * k) - vlo) / vrange * v255;
      r[k] = cv::v_trunc(y + vbias);  // y >= 0, so truncation is floor
    }
    cv::v_store(dst + i, cv::v_pack_u(cv::v_pack(r[0], r[1]), cv::v_pack(r[2], r[3])));
  }
#endif
  for (; i < n; ++i) {
    float y = (src[i] - lo) / range * 255.0f;
    dst[i] = cv::saturate_cast<std::uint8_t>(static_cast<int>(y + bias));
  }
}

}  // namespace merlab::di_kernels
