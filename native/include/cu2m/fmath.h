// CUDA's conversions with a rounding mode, its directed-rounding float arithmetic and its SIMD
// video intrinsics, for host code and as the cuda-cpu reference the translated MSL is compared
// with. Included by cu2m/intrinsics.h.
//
// The rounding modes come from the host FPU (fesetround), so this is an implementation independent
// of the MSL helpers (src/translate/tables/floatMath.ts), which form the exact result in integer
// arithmetic. The operands go through volatile variables so that the compiler evaluates the
// operation between the two fesetround calls. Float to integer conversions follow PTX's cvt: a
// value out of range gives the nearest end of the range; NaN gives what an H100 gives
// (test/fixtures/fmath/fmath.cu): of a float 0 (int, unsigned), INT64_MIN (long long), 2^63
// (unsigned long long); of a double INT_MIN, 2^31, INT64_MIN, 2^63.
#ifndef CU2M_CUDA_FMATH_H
#define CU2M_CUDA_FMATH_H

#include <fenv.h>

namespace cu2m_cuda {
// f() evaluated with the rounding mode `mode` (FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD).
template <class F> inline auto with_rounding(int mode, F f) -> decltype(f()) {
  int old = fegetround();
  fesetround(mode);
  volatile decltype(f()) r = f();
  fesetround(old);
  return r;
}
template <class I, class F> inline I saturate(F x, I lo, I hi, I nan) {
  if (x != x) return nan;
  if (x <= F(lo)) return lo; // F(lo) is exact: a power of two or 0
  if (x >= F(hi) + F(1)) return hi; // F(hi) + 1 is 2^n, exact
  return I(x);
}
} // namespace cu2m_cuda

#define CU2M_TO_INT(NAME, FT, IT, LO, HI, NAN, ROUND) \
  inline IT NAME(FT x) { return ::cu2m_cuda::saturate<IT, FT>(ROUND(x), LO, HI, NAN); }
#define CU2M_TO_INTS(FROM, FT, R, ROUND, NAN_I, NAN_U)                                                      \
  CU2M_TO_INT(__##FROM##2int_##R, FT, int, INT_MIN, INT_MAX, NAN_I, ROUND)                                  \
  CU2M_TO_INT(__##FROM##2uint_##R, FT, unsigned, 0u, UINT_MAX, NAN_U, ROUND)                                \
  CU2M_TO_INT(__##FROM##2ll_##R, FT, long long, LLONG_MIN, LLONG_MAX, LLONG_MIN, ROUND)                     \
  CU2M_TO_INT(__##FROM##2ull_##R, FT, unsigned long long, 0ull, ULLONG_MAX, 1ull << 63, ROUND)
CU2M_TO_INTS(float, float, rn, rintf, 0, 0u)
CU2M_TO_INTS(float, float, rz, truncf, 0, 0u)
CU2M_TO_INTS(float, float, rd, floorf, 0, 0u)
CU2M_TO_INTS(float, float, ru, ceilf, 0, 0u)
CU2M_TO_INTS(double, double, rn, rint, INT_MIN, 0x80000000u)
CU2M_TO_INTS(double, double, rz, trunc, INT_MIN, 0x80000000u)
CU2M_TO_INTS(double, double, rd, floor, INT_MIN, 0x80000000u)
CU2M_TO_INTS(double, double, ru, ceil, INT_MIN, 0x80000000u)
#undef CU2M_TO_INTS
#undef CU2M_TO_INT

// Conversions and operations rounded by the FPU in the mode of the suffix.
#define CU2M_ROUNDED(R, MODE)                                                                                   \
  inline float __int2float_##R(int x) { volatile int v = x; return ::cu2m_cuda::with_rounding(MODE, [&] { return float(v); }); } \
  inline float __uint2float_##R(unsigned x) { volatile unsigned v = x; return ::cu2m_cuda::with_rounding(MODE, [&] { return float(v); }); } \
  inline float __ll2float_##R(long long x) { volatile long long v = x; return ::cu2m_cuda::with_rounding(MODE, [&] { return float(v); }); } \
  inline float __ull2float_##R(unsigned long long x) { volatile unsigned long long v = x; return ::cu2m_cuda::with_rounding(MODE, [&] { return float(v); }); } \
  inline double __ll2double_##R(long long x) { volatile long long v = x; return ::cu2m_cuda::with_rounding(MODE, [&] { return double(v); }); } \
  inline double __ull2double_##R(unsigned long long x) { volatile unsigned long long v = x; return x == 0 ? 0.0 : ::cu2m_cuda::with_rounding(MODE, [&] { return double(v); }); /* the host sequence gives -0 rounding down */ } \
  inline float __double2float_##R(double x) { volatile double v = x; return ::cu2m_cuda::with_rounding(MODE, [&] { return float(v); }); } \
  inline float __fadd_##R(float a, float b) { volatile float x = a, y = b; return ::cu2m_cuda::with_rounding(MODE, [&] { return x + y; }); } \
  inline float __fsub_##R(float a, float b) { volatile float x = a, y = b; return ::cu2m_cuda::with_rounding(MODE, [&] { return x - y; }); } \
  inline float __fmul_##R(float a, float b) { volatile float x = a, y = b; return ::cu2m_cuda::with_rounding(MODE, [&] { return x * y; }); } \
  inline float __fdiv_##R(float a, float b) { volatile float x = a, y = b; return ::cu2m_cuda::with_rounding(MODE, [&] { return x / y; }); } \
  inline float __frcp_##R(float a) { volatile float x = a; return ::cu2m_cuda::with_rounding(MODE, [&] { return 1.0f / x; }); } \
  inline float __fsqrt_##R(float a) { volatile float x = a; return ::cu2m_cuda::with_rounding(MODE, [&] { return sqrtf(x); }); } \
  inline float __fmaf_##R(float a, float b, float c) { volatile float x = a, y = b, z = c; return ::cu2m_cuda::with_rounding(MODE, [&] { return fmaf(x, y, z); }); }
CU2M_ROUNDED(rz, FE_TOWARDZERO)
CU2M_ROUNDED(rd, FE_DOWNWARD)
CU2M_ROUNDED(ru, FE_UPWARD)
#undef CU2M_ROUNDED
inline float __ll2float_rn(long long x) { return float(x); }
inline float __ull2float_rn(unsigned long long x) { return float(x); }

// ---- SIMD video intrinsics: 2 lanes of 16 bits or 4 of 8 in a 32-bit word ---------------------
namespace cu2m_cuda {
// Lane i of w as a signed or unsigned int.
template <int W> inline int lane_s(unsigned w, int i) { return int(w << (32 - W * (i + 1))) >> (32 - W); }
template <int W> inline int lane_u(unsigned w, int i) { return int((w >> (W * i)) & ((1u << W) - 1u)); }
template <int W, bool S, class F> inline unsigned per_lane(unsigned a, unsigned b, F f) {
  unsigned r = 0;
  for (int i = 0; i < 32 / W; ++i) {
    int x = S ? lane_s<W>(a, i) : lane_u<W>(a, i), y = S ? lane_s<W>(b, i) : lane_u<W>(b, i);
    r |= (unsigned(f(x, y)) & ((1u << W) - 1u)) << (W * i);
  }
  return r;
}
template <int W, bool S> inline unsigned sum_abs_diff(unsigned a, unsigned b) {
  unsigned s = 0;
  for (int i = 0; i < 32 / W; ++i) {
    int x = S ? lane_s<W>(a, i) : lane_u<W>(a, i), y = S ? lane_s<W>(b, i) : lane_u<W>(b, i);
    s += unsigned(x > y ? x - y : y - x);
  }
  return s;
}
inline int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
} // namespace cu2m_cuda

#define CU2M_VOP(NAME, S, EXPR)                                                                              \
  inline unsigned NAME##2(unsigned a, unsigned b) {                                                           \
    const int lo = S ? -32768 : 0, hi = S ? 32767 : 65535; (void)lo; (void)hi;                                \
    return ::cu2m_cuda::per_lane<16, S>(a, b, [=](int x, int y) { (void)y; return EXPR; });                   \
  }                                                                                                           \
  inline unsigned NAME##4(unsigned a, unsigned b) {                                                           \
    const int lo = S ? -128 : 0, hi = S ? 127 : 255; (void)lo; (void)hi;                                      \
    return ::cu2m_cuda::per_lane<8, S>(a, b, [=](int x, int y) { (void)y; return EXPR; });                    \
  }
#define CU2M_VUNARY(NAME, S, EXPR)                                                                           \
  inline unsigned NAME##2(unsigned a) {                                                                       \
    const int lo = S ? -32768 : 0, hi = S ? 32767 : 65535; (void)lo; (void)hi;                                \
    return ::cu2m_cuda::per_lane<16, S>(a, 0u, [=](int x, int) { return EXPR; });                            \
  }                                                                                                           \
  inline unsigned NAME##4(unsigned a) {                                                                       \
    const int lo = S ? -128 : 0, hi = S ? 127 : 255; (void)lo; (void)hi;                                      \
    return ::cu2m_cuda::per_lane<8, S>(a, 0u, [=](int x, int) { return EXPR; });                             \
  }
CU2M_VUNARY(__vabs, true, x < 0 ? -x : x)
CU2M_VUNARY(__vabsss, true, x < 0 ? ::cu2m_cuda::clampi(-x, lo, hi) : x)
CU2M_VUNARY(__vneg, true, -x)
CU2M_VUNARY(__vnegss, true, ::cu2m_cuda::clampi(-x, lo, hi))
CU2M_VOP(__vabsdiffs, true, x > y ? x - y : y - x)
CU2M_VOP(__vabsdiffu, false, x > y ? x - y : y - x)
CU2M_VOP(__vadd, false, x + y)
CU2M_VOP(__vaddss, true, ::cu2m_cuda::clampi(x + y, lo, hi))
CU2M_VOP(__vaddus, false, ::cu2m_cuda::clampi(x + y, lo, hi))
CU2M_VOP(__vsub, false, x - y)
CU2M_VOP(__vsubss, true, ::cu2m_cuda::clampi(x - y, lo, hi))
CU2M_VOP(__vsubus, false, ::cu2m_cuda::clampi(x - y, lo, hi))
CU2M_VOP(__vavgs, true, x + y >= 0 ? (x + y + 1) >> 1 : -((1 - x - y) >> 1)) // half away from zero, as an H200 rounds it
CU2M_VOP(__vavgu, false, (x + y + 1) >> 1)
CU2M_VOP(__vhaddu, false, (x + y) >> 1)
CU2M_VOP(__vmaxs, true, x > y ? x : y)
CU2M_VOP(__vmaxu, false, x > y ? x : y)
CU2M_VOP(__vmins, true, x < y ? x : y)
CU2M_VOP(__vminu, false, x < y ? x : y)
#define CU2M_VCMP(OP, SUFFIX_S, SUFFIX_U)                                                                    \
  CU2M_VOP(__vcmp##SUFFIX_S, true, (x OP y) ? -1 : 0)                                                         \
  CU2M_VOP(__vcmp##SUFFIX_U, false, (x OP y) ? -1 : 0)                                                        \
  CU2M_VOP(__vset##SUFFIX_S, true, (x OP y) ? 1 : 0)                                                          \
  CU2M_VOP(__vset##SUFFIX_U, false, (x OP y) ? 1 : 0)
CU2M_VCMP(>=, ges, geu)
CU2M_VCMP(>, gts, gtu)
CU2M_VCMP(<=, les, leu)
CU2M_VCMP(<, lts, ltu)
CU2M_VOP(__vcmpeq, false, (x == y) ? -1 : 0)
CU2M_VOP(__vcmpne, false, (x != y) ? -1 : 0)
CU2M_VOP(__vseteq, false, (x == y) ? 1 : 0)
CU2M_VOP(__vsetne, false, (x != y) ? 1 : 0)
#undef CU2M_VCMP
#undef CU2M_VOP
#undef CU2M_VUNARY
inline unsigned __vsads2(unsigned a, unsigned b) { return ::cu2m_cuda::sum_abs_diff<16, true>(a, b); }
inline unsigned __vsads4(unsigned a, unsigned b) { return ::cu2m_cuda::sum_abs_diff<8, true>(a, b); }
inline unsigned __vsadu2(unsigned a, unsigned b) { return ::cu2m_cuda::sum_abs_diff<16, false>(a, b); }
inline unsigned __vsadu4(unsigned a, unsigned b) { return ::cu2m_cuda::sum_abs_diff<8, false>(a, b); }
// PTX vabsdiff4/vabsdiff2.T.T.T.add d, a, b, c (inline asm of src/translate/tables/ptx.ts): c plus
// the sum of the lanes' absolute differences, the lanes zero- (u32) or sign-extended (s32).
inline unsigned cu2m_vabsdiff4_add_u(unsigned a, unsigned b, unsigned c) { return c + __vsadu4(a, b); }
inline unsigned cu2m_vabsdiff4_add_s(unsigned a, unsigned b, unsigned c) { return c + __vsads4(a, b); }
inline unsigned cu2m_vabsdiff2_add_u(unsigned a, unsigned b, unsigned c) { return c + __vsadu2(a, b); }
inline unsigned cu2m_vabsdiff2_add_s(unsigned a, unsigned b, unsigned c) { return c + __vsads2(a, b); }
// Dot products of bytes (and halfwords) accumulated into c.
inline int __dp4a(int a, int b, int c) {
  for (int i = 0; i < 4; ++i) c += ::cu2m_cuda::lane_s<8>(unsigned(a), i) * ::cu2m_cuda::lane_s<8>(unsigned(b), i);
  return c;
}
inline unsigned __dp4a(unsigned a, unsigned b, unsigned c) {
  for (int i = 0; i < 4; ++i) c += unsigned(::cu2m_cuda::lane_u<8>(a, i) * ::cu2m_cuda::lane_u<8>(b, i));
  return c;
}
inline int __dp2a_lo(int a, int b, int c) {
  for (int i = 0; i < 2; ++i) c += ::cu2m_cuda::lane_s<16>(unsigned(a), i) * ::cu2m_cuda::lane_s<8>(unsigned(b), i);
  return c;
}
inline int __dp2a_hi(int a, int b, int c) {
  for (int i = 0; i < 2; ++i) c += ::cu2m_cuda::lane_s<16>(unsigned(a), i) * ::cu2m_cuda::lane_s<8>(unsigned(b), i + 2);
  return c;
}
inline unsigned __dp2a_lo(unsigned a, unsigned b, unsigned c) {
  for (int i = 0; i < 2; ++i) c += unsigned(::cu2m_cuda::lane_u<16>(a, i) * ::cu2m_cuda::lane_u<8>(b, i));
  return c;
}
inline unsigned __dp2a_hi(unsigned a, unsigned b, unsigned c) {
  for (int i = 0; i < 2; ++i) c += unsigned(::cu2m_cuda::lane_u<16>(a, i) * ::cu2m_cuda::lane_u<8>(b, i + 2));
  return c;
}

// ---- DPX intrinsics (CUDA 12): max/min of a sum or of three, with ReLU; a + b wraps ---------------
namespace cu2m_cuda {
template <bool S, class F> inline unsigned per_half3(unsigned a, unsigned b, unsigned c, F f) {
  unsigned r = 0;
  for (int i = 0; i < 2; ++i) {
    int x = S ? lane_s<16>(a, i) : lane_u<16>(a, i), y = S ? lane_s<16>(b, i) : lane_u<16>(b, i), z = S ? lane_s<16>(c, i) : lane_u<16>(c, i);
    r |= (unsigned(f(x, y, z)) & 0xFFFFu) << (16 * i);
  }
  return r;
}
inline int wrap16(int v, bool s) { return s ? int(short(v)) : (v & 0xFFFF); }
template <class T> inline T mx(T a, T b) { return a > b ? a : b; }
template <class T> inline T mn(T a, T b) { return a < b ? a : b; }
} // namespace cu2m_cuda
#define CU2M_DPX3(NAME, E)                                                                                   \
  inline int __##NAME##_s32(int a, int b, int c) { int x = a, y = b, z = c, s = int(unsigned(x) + unsigned(y)); (void)s; return E; } \
  inline int __##NAME##_s32_relu(int a, int b, int c) { int x = a, y = b, z = c, s = int(unsigned(x) + unsigned(y)); (void)s; return ::cu2m_cuda::mx(E, 0); } \
  inline unsigned __##NAME##_u32(unsigned a, unsigned b, unsigned c) { unsigned x = a, y = b, z = c, s = x + y; (void)s; return E; } \
  inline unsigned __##NAME##_s16x2(unsigned a, unsigned b, unsigned c) { return ::cu2m_cuda::per_half3<true>(a, b, c, [](int x, int y, int z) { int s = ::cu2m_cuda::wrap16(x + y, true); (void)s; return E; }); } \
  inline unsigned __##NAME##_s16x2_relu(unsigned a, unsigned b, unsigned c) { return ::cu2m_cuda::per_half3<true>(a, b, c, [](int x, int y, int z) { int s = ::cu2m_cuda::wrap16(x + y, true); (void)s; return ::cu2m_cuda::mx(E, 0); }); } \
  inline unsigned __##NAME##_u16x2(unsigned a, unsigned b, unsigned c) { return ::cu2m_cuda::per_half3<false>(a, b, c, [](int x, int y, int z) { int s = ::cu2m_cuda::wrap16(x + y, false); (void)s; return E; }); }
CU2M_DPX3(viaddmax, ::cu2m_cuda::mx(s, z))
CU2M_DPX3(viaddmin, ::cu2m_cuda::mn(s, z))
CU2M_DPX3(vimax3, ::cu2m_cuda::mx(::cu2m_cuda::mx(x, y), z))
CU2M_DPX3(vimin3, ::cu2m_cuda::mn(::cu2m_cuda::mn(x, y), z))
#undef CU2M_DPX3
inline int __vimax_s32_relu(int a, int b) { return ::cu2m_cuda::mx(::cu2m_cuda::mx(a, b), 0); }
inline int __vimin_s32_relu(int a, int b) { return ::cu2m_cuda::mx(::cu2m_cuda::mn(a, b), 0); }
inline unsigned __vimax_s16x2_relu(unsigned a, unsigned b) { return ::cu2m_cuda::per_half3<true>(a, b, 0u, [](int x, int y, int) { return ::cu2m_cuda::mx(::cu2m_cuda::mx(x, y), 0); }); }
inline unsigned __vimin_s16x2_relu(unsigned a, unsigned b) { return ::cu2m_cuda::per_half3<true>(a, b, 0u, [](int x, int y, int) { return ::cu2m_cuda::mx(::cu2m_cuda::mn(x, y), 0); }); }
#define CU2M_DPXB(NAME, F, OP)                                                                               \
  inline int __##NAME##_s32(int a, int b, bool* p) { *p = a OP b; return F(a, b); }                          \
  inline unsigned __##NAME##_u32(unsigned a, unsigned b, bool* p) { *p = a OP b; return F(a, b); }           \
  inline unsigned __##NAME##_s16x2(unsigned a, unsigned b, bool* hi, bool* lo) {                              \
    *lo = ::cu2m_cuda::lane_s<16>(a, 0) OP ::cu2m_cuda::lane_s<16>(b, 0);                                     \
    *hi = ::cu2m_cuda::lane_s<16>(a, 1) OP ::cu2m_cuda::lane_s<16>(b, 1);                                     \
    return ::cu2m_cuda::per_half3<true>(a, b, 0u, [](int x, int y, int) { return F(x, y); });                \
  }                                                                                                           \
  inline unsigned __##NAME##_u16x2(unsigned a, unsigned b, bool* hi, bool* lo) {                              \
    *lo = ::cu2m_cuda::lane_u<16>(a, 0) OP ::cu2m_cuda::lane_u<16>(b, 0);                                     \
    *hi = ::cu2m_cuda::lane_u<16>(a, 1) OP ::cu2m_cuda::lane_u<16>(b, 1);                                     \
    return ::cu2m_cuda::per_half3<false>(a, b, 0u, [](int x, int y, int) { return F(x, y); });               \
  }
CU2M_DPXB(vibmax, ::cu2m_cuda::mx, >=)
CU2M_DPXB(vibmin, ::cu2m_cuda::mn, <=)
#undef CU2M_DPXB

#endif // CU2M_CUDA_FMATH_H
