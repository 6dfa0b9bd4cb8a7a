// cu2metal — CUDA's <cuda_fp8.h> for host code and for the cuda-cpu reference. The 8-bit floats
// E4M3 (bias 7, 3 mantissa bits, largest 448, no infinity, NaN S.1111.111) and E5M2 (bias 15,
// 2 mantissa bits, largest 57344, IEEE infinities and NaNs) in one byte; pairs and quads keep the
// first value in the low byte. Conversions round to nearest even from the exact value, in integer
// arithmetic: the same rules as the MSL the translator emits (src/translate/tables/fp8.ts), checked
// against an H200 (test/fixtures/gpu/fp8probe.h200.txt). Overflow and infinity: the largest finite
// value with __NV_SATFINITE; NaN (E4M3) or infinity (E5M2) with __NV_NOSAT.
#ifndef CU2M_CUDA_FP8_H
#define CU2M_CUDA_FP8_H

#include <stdint.h>
#include <string.h>
#include <type_traits>
#include "cuda_fp16.h"
#include "cuda_bf16.h"

typedef unsigned char __nv_fp8_storage_t;
typedef unsigned short __nv_fp8x2_storage_t;
typedef unsigned int __nv_fp8x4_storage_t;
typedef enum __nv_saturation_t { __NV_NOSAT, __NV_SATFINITE } __nv_saturation_t;
typedef enum __nv_fp8_interpretation_t { __NV_E4M3, __NV_E5M2 } __nv_fp8_interpretation_t;

namespace cu2m_fp8 {
// What a NaN input gives, and the half an fp8 NaN widens to (tables/fp8.ts: FP8_NAN).
constexpr unsigned NAN_E4M3 = 0x7Fu, NAN_E5M2 = 0x7Fu, NAN_F16 = 0x7FFFu;
constexpr bool NAN_KEEPS_SIGN = false;

// double -> fp8 byte (a float, half or bfloat16 converts to double exactly: one rounding)
inline unsigned char from_f64(double x, bool sat, bool e5m2) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  const unsigned sign = unsigned(u >> 56) & 0x80u;
  const uint64_t a = u & 0x7FFFFFFFFFFFFFFFull;
  const unsigned m = e5m2 ? 2u : 3u;
  const int bias = e5m2 ? 15 : 7;
  const unsigned maxc = e5m2 ? 0x7Bu : 0x7Eu;
  const unsigned over = sat ? maxc : (e5m2 ? 0x7Cu : 0x7Fu);
  if (a > 0x7FF0000000000000ull) return (unsigned char)((NAN_KEEPS_SIGN ? sign : 0u) | (e5m2 ? NAN_E5M2 : NAN_E4M3));
  const int e = int(a >> 52) - 1023;
  if (e > 16) return (unsigned char)(sign | over); // infinity too
  if (e < -bias - int(m) - 2) return (unsigned char)sign; // below half the smallest subnormal
  const uint64_t sig = (a & 0xFFFFFFFFFFFFFull) | (1ull << 52);
  const int ee = e > 1 - bias ? e : 1 - bias;
  const unsigned shift = unsigned(52 - int(m) + (ee - e));
  uint64_t q = sig >> shift;
  const uint64_t rem = sig & ((1ull << shift) - 1u), halfway = 1ull << (shift - 1u);
  if (rem > halfway || (rem == halfway && (q & 1u) != 0)) ++q;
  const unsigned code = (unsigned(ee + bias - 1) << m) + unsigned(q);
  return (unsigned char)(sign | (code > maxc ? over : code));
}

// fp8 byte -> half bits (exact)
inline unsigned short to_f16(unsigned char b, bool e5m2) {
  const unsigned sign = unsigned(b & 0x80u) << 8, mag = b & 0x7Fu;
  if (e5m2 ? mag > 0x7Cu : mag == 0x7Fu) return (unsigned short)((NAN_KEEPS_SIGN ? sign : 0u) | NAN_F16);
  if (e5m2) return (unsigned short)(unsigned(b) << 8);
  const unsigned e = mag >> 3, f = mag & 7u;
  if (e != 0) return (unsigned short)(sign | ((e + 8u) << 10) | (f << 7));
  if (f == 0) return (unsigned short)sign;
  const unsigned p = f >= 4u ? 2u : (f >= 2u ? 1u : 0u);
  return (unsigned short)(sign | ((p + 6u) << 10) | ((f - (1u << p)) << (10u - p)));
}
inline float to_f32(unsigned char b, bool e5m2) { return cu2m_h2f(to_f16(b, e5m2)); }
inline __half to_half(unsigned char b, bool e5m2) { __half_raw r; r.x = to_f16(b, e5m2); return __half(r); }
inline unsigned short pair(double lo, double hi, bool sat, bool e5m2) {
  return (unsigned short)(from_f64(lo, sat, e5m2) | (unsigned(from_f64(hi, sat, e5m2)) << 8));
}
inline float bf16_value(unsigned short bits) { return cu2m_bf2f(bits); }
} // namespace cu2m_fp8

inline __nv_fp8_storage_t __nv_cvt_double_to_fp8(double x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::from_f64(x, s == __NV_SATFINITE, i == __NV_E5M2); }
inline __nv_fp8x2_storage_t __nv_cvt_double2_to_fp8x2(double2 x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::pair(x.x, x.y, s == __NV_SATFINITE, i == __NV_E5M2); }
inline __nv_fp8_storage_t __nv_cvt_float_to_fp8(float x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::from_f64(x, s == __NV_SATFINITE, i == __NV_E5M2); }
inline __nv_fp8x2_storage_t __nv_cvt_float2_to_fp8x2(float2 x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::pair(x.x, x.y, s == __NV_SATFINITE, i == __NV_E5M2); }
inline __nv_fp8_storage_t __nv_cvt_halfraw_to_fp8(__half_raw x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::from_f64(cu2m_h2f(x.x), s == __NV_SATFINITE, i == __NV_E5M2); }
inline __nv_fp8x2_storage_t __nv_cvt_halfraw2_to_fp8x2(__half2_raw x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::pair(cu2m_h2f(x.x), cu2m_h2f(x.y), s == __NV_SATFINITE, i == __NV_E5M2); }
inline __nv_fp8_storage_t __nv_cvt_bfloat16raw_to_fp8(__nv_bfloat16_raw x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::from_f64(cu2m_fp8::bf16_value(x.x), s == __NV_SATFINITE, i == __NV_E5M2); }
inline __nv_fp8x2_storage_t __nv_cvt_bfloat16raw2_to_fp8x2(__nv_bfloat162_raw x, __nv_saturation_t s, __nv_fp8_interpretation_t i) { return cu2m_fp8::pair(cu2m_fp8::bf16_value(x.x), cu2m_fp8::bf16_value(x.y), s == __NV_SATFINITE, i == __NV_E5M2); }
inline __half_raw __nv_cvt_fp8_to_halfraw(__nv_fp8_storage_t x, __nv_fp8_interpretation_t i) { __half_raw r; r.x = cu2m_fp8::to_f16(x, i == __NV_E5M2); return r; }
inline __half2_raw __nv_cvt_fp8x2_to_halfraw2(__nv_fp8x2_storage_t x, __nv_fp8_interpretation_t i) {
  __half2_raw r;
  r.x = cu2m_fp8::to_f16((unsigned char)(x & 0xFFu), i == __NV_E5M2);
  r.y = cu2m_fp8::to_f16((unsigned char)(x >> 8), i == __NV_E5M2);
  return r;
}

// The classes: constructors round with __NV_SATFINITE; conversions out go through half, as CUDA's.
#define CU2M_FP8_SCALAR(NAME, E5M2)                                                                              \
  struct alignas(1) NAME {                                                                                       \
    __nv_fp8_storage_t __x;                                                                                      \
    NAME() = default;                                                                                            \
    explicit NAME(float f) : __x(cu2m_fp8::from_f64(f, true, E5M2)) {}                                           \
    explicit NAME(double d) : __x(cu2m_fp8::from_f64(d, true, E5M2)) {}                                          \
    explicit NAME(__half h) : __x(cu2m_fp8::from_f64(float(h), true, E5M2)) {}                                   \
    explicit NAME(__nv_bfloat16 b) : __x(cu2m_fp8::from_f64(float(b), true, E5M2)) {}                            \
    template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>                                   \
    explicit NAME(I i) : __x(cu2m_fp8::from_f64(float(i), true, E5M2)) {}                                        \
    explicit operator float() const { return cu2m_fp8::to_f32(__x, E5M2); }                                      \
    explicit operator double() const { return cu2m_fp8::to_f32(__x, E5M2); }                                     \
    explicit operator __half() const { return cu2m_fp8::to_half(__x, E5M2); }                                    \
    explicit operator __nv_bfloat16() const { return __nv_bfloat16(cu2m_fp8::to_f32(__x, E5M2)); }               \
    explicit operator bool() const { return (__x & 0x7Fu) != 0; }                                                \
    template <class I, std::enable_if_t<std::is_integral<I>::value && !std::is_same<I, bool>::value, int> = 0>   \
    explicit operator I() const { return cu2m_fp16::to_int<I>(cu2m_fp8::to_f32(__x, E5M2), CU2M_RZ); }           \
  };
CU2M_FP8_SCALAR(__nv_fp8_e4m3, false)
CU2M_FP8_SCALAR(__nv_fp8_e5m2, true)
#undef CU2M_FP8_SCALAR

#define CU2M_FP8_X2(NAME, E5M2)                                                                                  \
  struct alignas(2) NAME {                                                                                       \
    __nv_fp8x2_storage_t __x;                                                                                    \
    NAME() = default;                                                                                            \
    explicit NAME(float2 v) : __x(cu2m_fp8::pair(v.x, v.y, true, E5M2)) {}                                       \
    explicit NAME(double2 v) : __x(cu2m_fp8::pair(v.x, v.y, true, E5M2)) {}                                      \
    explicit NAME(__half2 v) : __x(cu2m_fp8::pair(float(v.x), float(v.y), true, E5M2)) {}                        \
    explicit NAME(__nv_bfloat162 v) : __x(cu2m_fp8::pair(float(v.x), float(v.y), true, E5M2)) {}                 \
    explicit operator __half2() const {                                                                          \
      return __half2(cu2m_fp8::to_half((unsigned char)(__x & 0xFFu), E5M2), cu2m_fp8::to_half((unsigned char)(__x >> 8), E5M2)); \
    }                                                                                                            \
    explicit operator float2() const {                                                                           \
      return make_float2(cu2m_fp8::to_f32((unsigned char)(__x & 0xFFu), E5M2), cu2m_fp8::to_f32((unsigned char)(__x >> 8), E5M2)); \
    }                                                                                                            \
  };
CU2M_FP8_X2(__nv_fp8x2_e4m3, false)
CU2M_FP8_X2(__nv_fp8x2_e5m2, true)
#undef CU2M_FP8_X2

#define CU2M_FP8_X4(NAME, E5M2)                                                                                  \
  struct alignas(4) NAME {                                                                                       \
    __nv_fp8x4_storage_t __x;                                                                                    \
    NAME() = default;                                                                                            \
    explicit NAME(float4 v) : __x(cu2m_fp8::pair(v.x, v.y, true, E5M2) | (unsigned(cu2m_fp8::pair(v.z, v.w, true, E5M2)) << 16)) {} \
    explicit NAME(double4 v) : __x(cu2m_fp8::pair(v.x, v.y, true, E5M2) | (unsigned(cu2m_fp8::pair(v.z, v.w, true, E5M2)) << 16)) {} \
    NAME(__half2 lo, __half2 hi)                                                                                 \
        : __x(cu2m_fp8::pair(float(lo.x), float(lo.y), true, E5M2) | (unsigned(cu2m_fp8::pair(float(hi.x), float(hi.y), true, E5M2)) << 16)) {} \
    NAME(__nv_bfloat162 lo, __nv_bfloat162 hi)                                                                   \
        : __x(cu2m_fp8::pair(float(lo.x), float(lo.y), true, E5M2) | (unsigned(cu2m_fp8::pair(float(hi.x), float(hi.y), true, E5M2)) << 16)) {} \
    explicit operator float4() const {                                                                           \
      return make_float4(cu2m_fp8::to_f32((unsigned char)(__x & 0xFFu), E5M2), cu2m_fp8::to_f32((unsigned char)((__x >> 8) & 0xFFu), E5M2), \
                         cu2m_fp8::to_f32((unsigned char)((__x >> 16) & 0xFFu), E5M2), cu2m_fp8::to_f32((unsigned char)(__x >> 24), E5M2)); \
    }                                                                                                            \
  };
CU2M_FP8_X4(__nv_fp8x4_e4m3, false)
CU2M_FP8_X4(__nv_fp8x4_e5m2, true)
#undef CU2M_FP8_X4

static_assert(sizeof(__nv_fp8_e4m3) == 1 && sizeof(__nv_fp8x2_e5m2) == 2 && sizeof(__nv_fp8x4_e4m3) == 4, "CUDA's fp8 layout");
typedef __nv_fp8_e4m3 nv_fp8_e4m3;
typedef __nv_fp8_e5m2 nv_fp8_e5m2;
typedef __nv_fp8x2_e4m3 nv_fp8x2_e4m3;
typedef __nv_fp8x2_e5m2 nv_fp8x2_e5m2;
typedef __nv_fp8x4_e4m3 nv_fp8x4_e4m3;
typedef __nv_fp8x4_e5m2 nv_fp8x4_e5m2;

#endif
