// cu2metal — CUDA's <cuda_fp16.h> for host code and for the cuda-cpu reference (the original device
// code compiled as C++). __half is 2 bytes (the binary16 bits), __half2 4 bytes (align 4), as in CUDA.
// Every operation is computed in float (fma in double) and rounded once to nearest even through
// cu2m/fp16.h, the same code the msl-cpu emulation of Metal's `half` uses, so the CPU backends
// agree bit for bit. NaN results are CUDA's canonical 0x7fff.
//
// cuda_bf16.h reuses CU2M_FP16_FUNCTIONS below for __nv_bfloat16.
#ifndef CU2M_CUDA_FP16_H
#define CU2M_CUDA_FP16_H

#include <cu2m/fp16.h>
#include <math.h>
#include <type_traits>
#include "cuda_runtime.h"

struct __half_raw { unsigned short x; };
struct __half2_raw { unsigned short x, y; };

// Conversions shared by __half and __nv_bfloat16: float → integer with a rounding mode, saturating
// at the type's range, NaN → 0 (what CUDA's cvt instructions do).
namespace cu2m_fp16 {
template <class I> inline I to_int(float f, int mode) {
  if (f != f) return I(0);
  float r = mode == CU2M_RN ? rintf(f) : mode == CU2M_RD ? floorf(f) : mode == CU2M_RU ? ceilf(f) : truncf(f);
  const long double lo = (long double)(I)(I(0) < I(-1) ? I(0) : I(I(1) << (sizeof(I) * 8 - 1)));
  const long double hi = (long double)(I)(~(I(0) < I(-1) ? I(0) : I(I(1) << (sizeof(I) * 8 - 1))));
  if ((long double)r <= lo) return (I)lo;
  if ((long double)r >= hi) return (I)hi;
  return I(r);
}
} // namespace cu2m_fp16

struct alignas(2) __half {
  unsigned short __x;
  __half() = default;
  __half(const __half_raw& r) : __x(r.x) {}
  __half(float f) : __x(cu2m_f2h(f)) {}
  __half(double d) : __x(cu2m_d2h(d)) {}
  __half(int i) : __x(cu2m_f2h(float(i))) {}          // exact below 2^24; larger ints overflow anyway
  __half(unsigned i) : __x(cu2m_f2h(float(i))) {}
  __half(short i) : __x(cu2m_f2h(float(i))) {}
  __half(unsigned short i) : __x(cu2m_f2h(float(i))) {}
  __half(long long i) : __x(cu2m_f2h(float(i))) {}
  __half(unsigned long long i) : __x(cu2m_f2h(float(i))) {}
  __half(long i) : __x(cu2m_f2h(float(i))) {}
  __half(unsigned long i) : __x(cu2m_f2h(float(i))) {}
  // a template, so that `v = {}` picks the copy assignment (as with CUDA's)
  template <class R, std::enable_if_t<std::is_same<R, __half_raw>::value, int> = 0> __half& operator=(const R& r) { __x = r.x; return *this; }
  operator __half_raw() const { __half_raw r; r.x = __x; return r; }
  operator float() const { return cu2m_h2f(__x); }
  explicit operator bool() const { return (__x & 0x7fffu) != 0; }
  explicit operator int() const { return cu2m_fp16::to_int<int>(cu2m_h2f(__x), CU2M_RZ); }
  explicit operator unsigned() const { return cu2m_fp16::to_int<unsigned>(cu2m_h2f(__x), CU2M_RZ); }
  explicit operator short() const { return cu2m_fp16::to_int<short>(cu2m_h2f(__x), CU2M_RZ); }
  explicit operator unsigned short() const { return cu2m_fp16::to_int<unsigned short>(cu2m_h2f(__x), CU2M_RZ); }
  explicit operator long long() const { return cu2m_fp16::to_int<long long>(cu2m_h2f(__x), CU2M_RZ); }
  explicit operator unsigned long long() const { return cu2m_fp16::to_int<unsigned long long>(cu2m_h2f(__x), CU2M_RZ); }
};
struct alignas(4) __half2 {
  __half x, y;
  __half2() = default;
  __half2(const __half& a, const __half& b) : x(a), y(b) {}
  __half2(const __half2_raw& r) { x.__x = r.x; y.__x = r.y; }
  // a template, so that `v = {}` picks the copy assignment (as with CUDA's)
  template <class R, std::enable_if_t<std::is_same<R, __half2_raw>::value, int> = 0> __half2& operator=(const R& r) { x.__x = r.x; y.__x = r.y; return *this; }
  operator __half2_raw() const { __half2_raw r; r.x = x.__x; r.y = y.__x; return r; }
};
static_assert(sizeof(__half) == 2 && sizeof(__half2) == 4 && alignof(__half2) == 4, "CUDA's half layout");
typedef __half half;
typedef __half2 half2;

namespace cu2m_fp16 {
inline float h2f(__half h) { return cu2m_h2f(h.__x); }
inline __half f2h(float f, int mode = CU2M_RN) { __half_raw r; r.x = cu2m_f2h(f, mode); return __half(r); }
inline __half fma3(__half a, __half b, __half c) { __half_raw r; r.x = cu2m_hfma(a.__x, b.__x, c.__x); return __half(r); }
inline __half bits(unsigned short b) { __half_raw r; r.x = b; return __half(r); }
inline unsigned short bits_of(__half h) { return h.__x; }
inline __half b(bool v) { return f2h(v ? 1.0f : 0.0f); }
} // namespace cu2m_fp16

// The functions CUDA declares for both __half and __nv_bfloat16 (same names, overloaded):
// H scalar, H2 pair, NS the namespace with h2f/f2h/fma3/bits/bits_of/b for H.
#define CU2M_FP16_FUNCTIONS(H, H2, NS)                                                            \
  inline H __hadd(H a, H b) { return NS::f2h(NS::h2f(a) + NS::h2f(b)); }                        \
  inline H __hsub(H a, H b) { return NS::f2h(NS::h2f(a) - NS::h2f(b)); }                        \
  inline H __hmul(H a, H b) { return NS::f2h(NS::h2f(a) * NS::h2f(b)); }                        \
  inline H __hdiv(H a, H b) { return NS::f2h(NS::h2f(a) / NS::h2f(b)); }                        \
  inline H __hadd_rn(H a, H b) { return __hadd(a, b); }                                         \
  inline H __hsub_rn(H a, H b) { return __hsub(a, b); }                                         \
  inline H __hmul_rn(H a, H b) { return __hmul(a, b); }                                         \
  inline H __hfma(H a, H b, H c) { return NS::fma3(a, b, c); }                                  \
  inline H cu2m_sat(H a) { float f = NS::h2f(a); return f != f ? NS::f2h(0.0f) : f < 0.0f ? NS::f2h(0.0f) : f > 1.0f ? NS::f2h(1.0f) : a; } \
  inline H __hadd_sat(H a, H b) { return cu2m_sat(__hadd(a, b)); }                              \
  inline H __hsub_sat(H a, H b) { return cu2m_sat(__hsub(a, b)); }                              \
  inline H __hmul_sat(H a, H b) { return cu2m_sat(__hmul(a, b)); }                              \
  inline H __hfma_sat(H a, H b, H c) { return cu2m_sat(__hfma(a, b, c)); }                      \
  inline H __hfma_relu(H a, H b, H c) { H r = __hfma(a, b, c); return NS::h2f(r) < 0.0f ? NS::f2h(0.0f) : r; } \
  inline H __hneg(H a) { return NS::bits((unsigned short)(NS::bits_of(a) ^ 0x8000u)); }        \
  inline H __habs(H a) { return NS::bits((unsigned short)(NS::bits_of(a) & 0x7fffu)); }         \
  inline H __hmax(H a, H b) { return NS::f2h(fmaxf(NS::h2f(a), NS::h2f(b))); }                  \
  inline H __hmin(H a, H b) { return NS::f2h(fminf(NS::h2f(a), NS::h2f(b))); }                  \
  inline H __hmax_nan(H a, H b) { float x = NS::h2f(a), y = NS::h2f(b); return x != x || y != y ? NS::bits(0x7fffu) : NS::f2h(fmaxf(x, y)); } \
  inline H __hmin_nan(H a, H b) { float x = NS::h2f(a), y = NS::h2f(b); return x != x || y != y ? NS::bits(0x7fffu) : NS::f2h(fminf(x, y)); } \
  inline bool __heq(H a, H b) { return NS::h2f(a) == NS::h2f(b); }                              \
  inline bool __hne(H a, H b) { float x = NS::h2f(a), y = NS::h2f(b); return x < y || x > y; }  \
  inline bool __hlt(H a, H b) { return NS::h2f(a) < NS::h2f(b); }                               \
  inline bool __hle(H a, H b) { return NS::h2f(a) <= NS::h2f(b); }                              \
  inline bool __hgt(H a, H b) { return NS::h2f(a) > NS::h2f(b); }                               \
  inline bool __hge(H a, H b) { return NS::h2f(a) >= NS::h2f(b); }                              \
  inline bool __hequ(H a, H b) { return !__hne(a, b); }                                         \
  inline bool __hneu(H a, H b) { return !__heq(a, b); }                                         \
  inline bool __hltu(H a, H b) { return !__hge(a, b); }                                         \
  inline bool __hleu(H a, H b) { return !__hgt(a, b); }                                         \
  inline bool __hgtu(H a, H b) { return !__hle(a, b); }                                         \
  inline bool __hgeu(H a, H b) { return !__hlt(a, b); }                                         \
  inline bool __hisnan(H a) { float x = NS::h2f(a); return x != x; }                           \
  inline int __hisinf(H a) { float x = NS::h2f(a); return x == INFINITY ? 1 : x == -INFINITY ? -1 : 0; } \
  inline H hsqrt(H a) { return NS::f2h(sqrtf(NS::h2f(a))); }                                    \
  inline H hrsqrt(H a) { return NS::f2h(1.0f / sqrtf(NS::h2f(a))); }                            \
  inline H hrcp(H a) { return NS::f2h(1.0f / NS::h2f(a)); }                                     \
  inline H hexp(H a) { return NS::f2h(expf(NS::h2f(a))); }                                      \
  inline H hexp2(H a) { return NS::f2h(exp2f(NS::h2f(a))); }                                    \
  inline H hexp10(H a) { return NS::f2h(exp10f(NS::h2f(a))); }                                  \
  inline H hlog(H a) { return NS::f2h(logf(NS::h2f(a))); }                                      \
  inline H hlog2(H a) { return NS::f2h(log2f(NS::h2f(a))); }                                    \
  inline H hlog10(H a) { return NS::f2h(log10f(NS::h2f(a))); }                                  \
  inline H hsin(H a) { return NS::f2h(sinf(NS::h2f(a))); }                                      \
  inline H hcos(H a) { return NS::f2h(cosf(NS::h2f(a))); }                                      \
  inline H htanh(H a) { return NS::f2h(tanhf(NS::h2f(a))); }                                    \
  inline H hceil(H a) { return NS::f2h(ceilf(NS::h2f(a))); }                                    \
  inline H hfloor(H a) { return NS::f2h(floorf(NS::h2f(a))); }                                  \
  inline H htrunc(H a) { return NS::f2h(truncf(NS::h2f(a))); }                                  \
  inline H hrint(H a) { return NS::f2h(rintf(NS::h2f(a))); }                                    \
  /* pairs: componentwise */                                                                     \
  inline H2 cu2m_pair(H a, H b) { H2 r; r.x = a; r.y = b; return r; }                           \
  inline H2 __hadd2(H2 a, H2 b) { return cu2m_pair(__hadd(a.x, b.x), __hadd(a.y, b.y)); }       \
  inline H2 __hsub2(H2 a, H2 b) { return cu2m_pair(__hsub(a.x, b.x), __hsub(a.y, b.y)); }       \
  inline H2 __hmul2(H2 a, H2 b) { return cu2m_pair(__hmul(a.x, b.x), __hmul(a.y, b.y)); }       \
  inline H2 __h2div(H2 a, H2 b) { return cu2m_pair(__hdiv(a.x, b.x), __hdiv(a.y, b.y)); }       \
  inline H2 __hadd2_rn(H2 a, H2 b) { return __hadd2(a, b); }                                    \
  inline H2 __hsub2_rn(H2 a, H2 b) { return __hsub2(a, b); }                                    \
  inline H2 __hmul2_rn(H2 a, H2 b) { return __hmul2(a, b); }                                    \
  inline H2 __hadd2_sat(H2 a, H2 b) { return cu2m_pair(__hadd_sat(a.x, b.x), __hadd_sat(a.y, b.y)); } \
  inline H2 __hsub2_sat(H2 a, H2 b) { return cu2m_pair(__hsub_sat(a.x, b.x), __hsub_sat(a.y, b.y)); } \
  inline H2 __hmul2_sat(H2 a, H2 b) { return cu2m_pair(__hmul_sat(a.x, b.x), __hmul_sat(a.y, b.y)); } \
  inline H2 __hfma2(H2 a, H2 b, H2 c) { return cu2m_pair(__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y)); } \
  inline H2 __hfma2_sat(H2 a, H2 b, H2 c) { return cu2m_pair(__hfma_sat(a.x, b.x, c.x), __hfma_sat(a.y, b.y, c.y)); } \
  inline H2 __hfma2_relu(H2 a, H2 b, H2 c) { return cu2m_pair(__hfma_relu(a.x, b.x, c.x), __hfma_relu(a.y, b.y, c.y)); } \
  inline H2 __hneg2(H2 a) { return cu2m_pair(__hneg(a.x), __hneg(a.y)); }                      \
  inline H2 __habs2(H2 a) { return cu2m_pair(__habs(a.x), __habs(a.y)); }                       \
  inline H2 __hmax2(H2 a, H2 b) { return cu2m_pair(__hmax(a.x, b.x), __hmax(a.y, b.y)); }       \
  inline H2 __hmin2(H2 a, H2 b) { return cu2m_pair(__hmin(a.x, b.x), __hmin(a.y, b.y)); }       \
  inline H2 __hmax2_nan(H2 a, H2 b) { return cu2m_pair(__hmax_nan(a.x, b.x), __hmax_nan(a.y, b.y)); } \
  inline H2 __hmin2_nan(H2 a, H2 b) { return cu2m_pair(__hmin_nan(a.x, b.x), __hmin_nan(a.y, b.y)); } \
  inline H2 __heq2(H2 a, H2 b) { return cu2m_pair(NS::b(__heq(a.x, b.x)), NS::b(__heq(a.y, b.y))); } \
  inline H2 __hne2(H2 a, H2 b) { return cu2m_pair(NS::b(__hne(a.x, b.x)), NS::b(__hne(a.y, b.y))); } \
  inline H2 __hlt2(H2 a, H2 b) { return cu2m_pair(NS::b(__hlt(a.x, b.x)), NS::b(__hlt(a.y, b.y))); } \
  inline H2 __hle2(H2 a, H2 b) { return cu2m_pair(NS::b(__hle(a.x, b.x)), NS::b(__hle(a.y, b.y))); } \
  inline H2 __hgt2(H2 a, H2 b) { return cu2m_pair(NS::b(__hgt(a.x, b.x)), NS::b(__hgt(a.y, b.y))); } \
  inline H2 __hge2(H2 a, H2 b) { return cu2m_pair(NS::b(__hge(a.x, b.x)), NS::b(__hge(a.y, b.y))); } \
  inline H2 __hisnan2(H2 a) { return cu2m_pair(NS::b(__hisnan(a.x)), NS::b(__hisnan(a.y))); } \
  inline bool __hbeq2(H2 a, H2 b) { return __heq(a.x, b.x) && __heq(a.y, b.y); }                \
  inline bool __hbne2(H2 a, H2 b) { return __hne(a.x, b.x) && __hne(a.y, b.y); }                \
  inline bool __hblt2(H2 a, H2 b) { return __hlt(a.x, b.x) && __hlt(a.y, b.y); }                \
  inline bool __hble2(H2 a, H2 b) { return __hle(a.x, b.x) && __hle(a.y, b.y); }                \
  inline bool __hbgt2(H2 a, H2 b) { return __hgt(a.x, b.x) && __hgt(a.y, b.y); }                \
  inline bool __hbge2(H2 a, H2 b) { return __hge(a.x, b.x) && __hge(a.y, b.y); }                \
  inline H2 h2sqrt(H2 a) { return cu2m_pair(hsqrt(a.x), hsqrt(a.y)); }                          \
  inline H2 h2rsqrt(H2 a) { return cu2m_pair(hrsqrt(a.x), hrsqrt(a.y)); }                       \
  inline H2 h2rcp(H2 a) { return cu2m_pair(hrcp(a.x), hrcp(a.y)); }                             \
  inline H2 h2exp(H2 a) { return cu2m_pair(hexp(a.x), hexp(a.y)); }                             \
  inline H2 h2exp2(H2 a) { return cu2m_pair(hexp2(a.x), hexp2(a.y)); }                          \
  inline H2 h2exp10(H2 a) { return cu2m_pair(hexp10(a.x), hexp10(a.y)); }                       \
  inline H2 h2log(H2 a) { return cu2m_pair(hlog(a.x), hlog(a.y)); }                             \
  inline H2 h2log2(H2 a) { return cu2m_pair(hlog2(a.x), hlog2(a.y)); }                          \
  inline H2 h2log10(H2 a) { return cu2m_pair(hlog10(a.x), hlog10(a.y)); }                       \
  inline H2 h2sin(H2 a) { return cu2m_pair(hsin(a.x), hsin(a.y)); }                             \
  inline H2 h2cos(H2 a) { return cu2m_pair(hcos(a.x), hcos(a.y)); }                             \
  inline H2 h2ceil(H2 a) { return cu2m_pair(hceil(a.x), hceil(a.y)); }                          \
  inline H2 h2floor(H2 a) { return cu2m_pair(hfloor(a.x), hfloor(a.y)); }                       \
  inline H2 h2trunc(H2 a) { return cu2m_pair(htrunc(a.x), htrunc(a.y)); }                       \
  inline H2 h2rint(H2 a) { return cu2m_pair(hrint(a.x), hrint(a.y)); }                          \
  inline float __low2float(H2 a) { return NS::h2f(a.x); }                                       \
  inline float __high2float(H2 a) { return NS::h2f(a.y); }                                      \
  /* the C++ operators (cuda_fp16.hpp): scalars compute like the intrinsics; != is unordered */   \
  inline H operator+(const H& a, const H& b) { return __hadd(a, b); }                           \
  inline H operator-(const H& a, const H& b) { return __hsub(a, b); }                           \
  inline H operator*(const H& a, const H& b) { return __hmul(a, b); }                           \
  inline H operator/(const H& a, const H& b) { return __hdiv(a, b); }                           \
  inline H& operator+=(H& a, const H& b) { return a = __hadd(a, b); }                           \
  inline H& operator-=(H& a, const H& b) { return a = __hsub(a, b); }                           \
  inline H& operator*=(H& a, const H& b) { return a = __hmul(a, b); }                           \
  inline H& operator/=(H& a, const H& b) { return a = __hdiv(a, b); }                           \
  inline H& operator++(H& a) { return a = __hadd(a, NS::f2h(1.0f)); }                           \
  inline H& operator--(H& a) { return a = __hsub(a, NS::f2h(1.0f)); }                           \
  inline H operator++(H& a, int) { H o = a; ++a; return o; }                                    \
  inline H operator--(H& a, int) { H o = a; --a; return o; }                                    \
  inline H operator+(const H& a) { return a; }                                                  \
  inline H operator-(const H& a) { return __hneg(a); }                                          \
  inline bool operator==(const H& a, const H& b) { return __heq(a, b); }                        \
  inline bool operator!=(const H& a, const H& b) { return __hneu(a, b); }                       \
  inline bool operator<(const H& a, const H& b) { return __hlt(a, b); }                         \
  inline bool operator<=(const H& a, const H& b) { return __hle(a, b); }                        \
  inline bool operator>(const H& a, const H& b) { return __hgt(a, b); }                         \
  inline bool operator>=(const H& a, const H& b) { return __hge(a, b); }                        \
  inline H2 operator+(const H2& a, const H2& b) { return __hadd2(a, b); }                       \
  inline H2 operator-(const H2& a, const H2& b) { return __hsub2(a, b); }                       \
  inline H2 operator*(const H2& a, const H2& b) { return __hmul2(a, b); }                       \
  inline H2 operator/(const H2& a, const H2& b) { return __h2div(a, b); }                       \
  inline H2& operator+=(H2& a, const H2& b) { return a = __hadd2(a, b); }                       \
  inline H2& operator-=(H2& a, const H2& b) { return a = __hsub2(a, b); }                       \
  inline H2& operator*=(H2& a, const H2& b) { return a = __hmul2(a, b); }                       \
  inline H2& operator/=(H2& a, const H2& b) { return a = __h2div(a, b); }                       \
  inline H2 operator+(const H2& a) { return a; }                                                \
  inline H2 operator-(const H2& a) { return __hneg2(a); }                                       \
  inline bool operator==(const H2& a, const H2& b) { return __hbeq2(a, b); }                    \
  inline bool operator!=(const H2& a, const H2& b) { return !__heq(a.x, b.x) && !__heq(a.y, b.y); } \
  inline bool operator<(const H2& a, const H2& b) { return __hblt2(a, b); }                     \
  inline bool operator<=(const H2& a, const H2& b) { return __hble2(a, b); }                    \
  inline bool operator>(const H2& a, const H2& b) { return __hbgt2(a, b); }                     \
  inline bool operator>=(const H2& a, const H2& b) { return __hbge2(a, b); }

CU2M_FP16_FUNCTIONS(__half, __half2, cu2m_fp16)

// ---- __half-only conversions ----------------------------------------------------------------
inline __half __float2half(float f) { return cu2m_fp16::f2h(f); }
inline __half __float2half_rn(float f) { return cu2m_fp16::f2h(f, CU2M_RN); }
inline __half __float2half_rz(float f) { return cu2m_fp16::f2h(f, CU2M_RZ); }
inline __half __float2half_rd(float f) { return cu2m_fp16::f2h(f, CU2M_RD); }
inline __half __float2half_ru(float f) { return cu2m_fp16::f2h(f, CU2M_RU); }
inline __half __double2half(double d) { return cu2m_fp16::bits(cu2m_d2h(d)); }
inline float __half2float(__half h) { return cu2m_fp16::h2f(h); }
inline __half2 __float2half2_rn(float f) { __half h = __float2half(f); return __half2(h, h); }
inline __half2 __floats2half2_rn(float a, float b) { return __half2(__float2half(a), __float2half(b)); }
inline __half2 __float22half2_rn(float2 v) { return __half2(__float2half(v.x), __float2half(v.y)); }
inline float2 __half22float2(__half2 h) { return make_float2(__half2float(h.x), __half2float(h.y)); }
inline __half __low2half(__half2 h) { return h.x; }
inline __half __high2half(__half2 h) { return h.y; }
inline __half2 __halves2half2(__half a, __half b) { return __half2(a, b); }
inline __half2 __half2half2(__half a) { return __half2(a, a); }
inline __half2 __lows2half2(__half2 a, __half2 b) { return __half2(a.x, b.x); }
inline __half2 __highs2half2(__half2 a, __half2 b) { return __half2(a.y, b.y); }
inline __half2 __low2half2(__half2 a) { return __half2(a.x, a.x); }
inline __half2 __high2half2(__half2 a) { return __half2(a.y, a.y); }
inline __half2 __lowhigh2highlow(__half2 a) { return __half2(a.y, a.x); }
inline __half2 make_half2(__half a, __half b) { return __half2(a, b); }
inline short __half_as_short(__half h) { return (short)h.__x; }
inline unsigned short __half_as_ushort(__half h) { return h.__x; }
inline __half __short_as_half(short s) { return cu2m_fp16::bits((unsigned short)s); }
inline __half __ushort_as_half(unsigned short s) { return cu2m_fp16::bits(s); }
// integer → half (exact in float below 2^24; above, the result is infinite in every mode)
#define CU2M_INT2HALF(NAME, T)                                                                   \
  inline __half NAME##_rn(T i) { return cu2m_fp16::f2h(float(i), CU2M_RN); }                   \
  inline __half NAME##_rz(T i) { return cu2m_fp16::f2h(float(i), CU2M_RZ); }                   \
  inline __half NAME##_rd(T i) { return cu2m_fp16::f2h(float(i), CU2M_RD); }                   \
  inline __half NAME##_ru(T i) { return cu2m_fp16::f2h(float(i), CU2M_RU); }
CU2M_INT2HALF(__int2half, int)
CU2M_INT2HALF(__uint2half, unsigned)
CU2M_INT2HALF(__short2half, short)
CU2M_INT2HALF(__ushort2half, unsigned short)
CU2M_INT2HALF(__ll2half, long long)
CU2M_INT2HALF(__ull2half, unsigned long long)
#undef CU2M_INT2HALF
// half → integer: saturating, NaN → 0
#define CU2M_HALF2INT(NAME, T)                                                                   \
  inline T NAME##_rn(__half h) { return cu2m_fp16::to_int<T>(__half2float(h), CU2M_RN); }        \
  inline T NAME##_rz(__half h) { return cu2m_fp16::to_int<T>(__half2float(h), CU2M_RZ); }        \
  inline T NAME##_rd(__half h) { return cu2m_fp16::to_int<T>(__half2float(h), CU2M_RD); }        \
  inline T NAME##_ru(__half h) { return cu2m_fp16::to_int<T>(__half2float(h), CU2M_RU); }
CU2M_HALF2INT(__half2int, int)
CU2M_HALF2INT(__half2uint, unsigned)
CU2M_HALF2INT(__half2short, short)
CU2M_HALF2INT(__half2ushort, unsigned short)
CU2M_HALF2INT(__half2ll, long long)
CU2M_HALF2INT(__half2ull, unsigned long long)
#undef CU2M_HALF2INT

// ---- 16-bit atomics (cuda-cpu reference; the MSL has its own, src/translate/tables/atomics16.ts) --
// atomicAdd on __half, __half2 (and, through cuda_bf16.h, the bfloat16 types): a compare-and-swap
// loop on the value itself (2 or 4 bytes; blocks run on parallel threads), the sum rounded once
// to nearest even like __hadd. Returns the old value, as CUDA does.
namespace cu2m_fp16 {
template <class T, class F> inline T atomic_update(T* p, F f) {
  T seen;
  __atomic_load(p, &seen, __ATOMIC_SEQ_CST);
  for (;;) {
    T next = f(seen);
    if (__atomic_compare_exchange(p, &seen, &next, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return seen;
  }
}
} // namespace cu2m_fp16
#define CU2M_FP16_ATOMICS(H, H2)                                                                 \
  inline H atomicAdd(H* p, H v) { return cu2m_fp16::atomic_update(p, [v](H o) { return __hadd(o, v); }); } \
  inline H2 atomicAdd(H2* p, H2 v) { return cu2m_fp16::atomic_update(p, [v](H2 o) { return __hadd2(o, v); }); }
CU2M_FP16_ATOMICS(__half, __half2)

#endif // CU2M_CUDA_FP16_H
