// cu2metal — CUDA's <cuda_bf16.h> for host code and for the cuda-cpu reference. __nv_bfloat16 is
// 2 bytes (the upper half of a float), __nv_bfloat162 4 bytes. Arithmetic in float (fma in double),
// rounded once to nearest even through cu2m/fp16.h, as the msl-cpu emulation of Metal's `bfloat`.
// The functions shared with __half (__hadd, __hmul2, hsqrt, the operators...) are overloads made by
// CU2M_FP16_FUNCTIONS (cuda_fp16.h).
#ifndef CU2M_CUDA_BF16_H
#define CU2M_CUDA_BF16_H

#include "cuda_fp16.h"

struct __nv_bfloat16_raw { unsigned short x; };
struct __nv_bfloat162_raw { unsigned short x, y; };

struct alignas(2) __nv_bfloat16 {
  unsigned short __x;
  __nv_bfloat16() = default;
  __nv_bfloat16(const __nv_bfloat16_raw& r) : __x(r.x) {}
  __nv_bfloat16(float f) : __x(cu2m_f2bf(f)) {}
  __nv_bfloat16(double d) : __x(cu2m_d2bf(d)) {}
  __nv_bfloat16(int i) : __x(cu2m_d2bf(double(i))) {}
  __nv_bfloat16(unsigned i) : __x(cu2m_d2bf(double(i))) {}
  __nv_bfloat16(short i) : __x(cu2m_f2bf(float(i))) {}
  __nv_bfloat16(unsigned short i) : __x(cu2m_f2bf(float(i))) {}
  __nv_bfloat16(long long i) : __x(cu2m_d2bf(double(i))) {}
  __nv_bfloat16(unsigned long long i) : __x(cu2m_d2bf(double(i))) {}
  // a template, so that `v = {}` picks the copy assignment (as with CUDA's)
  template <class R, std::enable_if_t<std::is_same<R, __nv_bfloat16_raw>::value, int> = 0> __nv_bfloat16& operator=(const R& r) { __x = r.x; return *this; }
  operator __nv_bfloat16_raw() const { __nv_bfloat16_raw r; r.x = __x; return r; }
  operator float() const { return cu2m_bf2f(__x); }
  explicit operator bool() const { return (__x & 0x7fffu) != 0; }
  explicit operator int() const { return cu2m_fp16::to_int<int>(cu2m_bf2f(__x), CU2M_RZ); }
};
struct alignas(4) __nv_bfloat162 {
  __nv_bfloat16 x, y;
  __nv_bfloat162() = default;
  __nv_bfloat162(const __nv_bfloat16& a, const __nv_bfloat16& b) : x(a), y(b) {}
  __nv_bfloat162(const __nv_bfloat162_raw& r) { x.__x = r.x; y.__x = r.y; }
  operator __nv_bfloat162_raw() const { __nv_bfloat162_raw r; r.x = x.__x; r.y = y.__x; return r; }
};
static_assert(sizeof(__nv_bfloat16) == 2 && sizeof(__nv_bfloat162) == 4, "CUDA's bfloat16 layout");
typedef __nv_bfloat16 nv_bfloat16;
typedef __nv_bfloat162 nv_bfloat162;

namespace cu2m_bf16 {
inline float h2f(__nv_bfloat16 h) { return cu2m_bf2f(h.__x); }
inline __nv_bfloat16 f2h(float f, int mode = CU2M_RN) { __nv_bfloat16_raw r; r.x = cu2m_f2bf(f, mode); return __nv_bfloat16(r); }
inline __nv_bfloat16 fma3(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) { __nv_bfloat16_raw r; r.x = cu2m_bffma(a.__x, b.__x, c.__x); return __nv_bfloat16(r); }
inline __nv_bfloat16 bits(unsigned short b) { __nv_bfloat16_raw r; r.x = b; return __nv_bfloat16(r); }
inline unsigned short bits_of(__nv_bfloat16 h) { return h.__x; }
inline __nv_bfloat16 b(bool v) { return f2h(v ? 1.0f : 0.0f); }
} // namespace cu2m_bf16

CU2M_FP16_FUNCTIONS(__nv_bfloat16, __nv_bfloat162, cu2m_bf16)

inline __nv_bfloat16 __float2bfloat16(float f) { return cu2m_bf16::f2h(f); }
inline __nv_bfloat16 __float2bfloat16_rn(float f) { return cu2m_bf16::f2h(f, CU2M_RN); }
inline __nv_bfloat16 __float2bfloat16_rz(float f) { return cu2m_bf16::f2h(f, CU2M_RZ); }
inline __nv_bfloat16 __float2bfloat16_rd(float f) { return cu2m_bf16::f2h(f, CU2M_RD); }
inline __nv_bfloat16 __float2bfloat16_ru(float f) { return cu2m_bf16::f2h(f, CU2M_RU); }
inline __nv_bfloat16 __double2bfloat16(double d) { return cu2m_bf16::bits(cu2m_d2bf(d)); }
inline float __bfloat162float(__nv_bfloat16 h) { return cu2m_bf16::h2f(h); }
inline float __internal_bfloat162float(unsigned short b) { return cu2m_bf2f(b); } // cuda_bf16.hpp's helper, on the bits
inline __nv_bfloat162 __float2bfloat162_rn(float f) { __nv_bfloat16 h = __float2bfloat16(f); return __nv_bfloat162(h, h); }
inline __nv_bfloat162 __floats2bfloat162_rn(float a, float b) { return __nv_bfloat162(__float2bfloat16(a), __float2bfloat16(b)); }
inline __nv_bfloat162 __float22bfloat162_rn(float2 v) { return __nv_bfloat162(__float2bfloat16(v.x), __float2bfloat16(v.y)); }
inline float2 __bfloat1622float2(__nv_bfloat162 h) { return make_float2(__bfloat162float(h.x), __bfloat162float(h.y)); }
inline __nv_bfloat16 __low2bfloat16(__nv_bfloat162 h) { return h.x; }
inline __nv_bfloat16 __high2bfloat16(__nv_bfloat162 h) { return h.y; }
inline __nv_bfloat162 __halves2bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat162(a, b); }
inline __nv_bfloat162 __bfloat162bfloat162(__nv_bfloat16 a) { return __nv_bfloat162(a, a); }
inline __nv_bfloat162 __lows2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return __nv_bfloat162(a.x, b.x); }
inline __nv_bfloat162 __highs2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return __nv_bfloat162(a.y, b.y); }
inline __nv_bfloat162 make_bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat162(a, b); }
inline short __bfloat16_as_short(__nv_bfloat16 h) { return (short)h.__x; }
inline unsigned short __bfloat16_as_ushort(__nv_bfloat16 h) { return h.__x; }
inline __nv_bfloat16 __short_as_bfloat16(short s) { return cu2m_bf16::bits((unsigned short)s); }
inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short s) { return cu2m_bf16::bits(s); }
inline __nv_bfloat16 __int2bfloat16_rn(int i) { return cu2m_bf16::bits(cu2m_d2bf(double(i))); }
inline int __bfloat162int_rn(__nv_bfloat16 h) { return cu2m_fp16::to_int<int>(__bfloat162float(h), CU2M_RN); }
inline int __bfloat162int_rz(__nv_bfloat16 h) { return cu2m_fp16::to_int<int>(__bfloat162float(h), CU2M_RZ); }

CU2M_FP16_ATOMICS(__nv_bfloat16, __nv_bfloat162) // atomicAdd (cuda_fp16.h)

#endif // CU2M_CUDA_BF16_H
