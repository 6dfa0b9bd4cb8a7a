// cu2metal — CUDA's math and integer intrinsics (__fadd_rd, __int_as_float, __popc, __byte_perm,
// __float2int_rd, __vadd4 ...) as plain C++ for host code and for the cuda-cpu reference.
//
// nvcc compiles the bodies of `__host__ __device__` functions (and, in the samples' headers, of
// `__device__` members that the host pass keeps) with these names in scope; our host build compiles
// every function body as host code, so the intrinsics must exist there too, computing what the
// GPU computes: the directed roundings through the FPU's rounding mode (fesetround), the bit casts
// exactly. Included by cuda_runtime.h; the cuda-cpu device emulation
// (native/cpu/cuda/cu2m_cuda_device.h) includes cuda_runtime.h first and has them from here.
// Names without the leading __ that a program may define itself (saturate, fdividef) stay in the
// device emulation.
#ifndef CU2M_INTRINSICS_H
#define CU2M_INTRINSICS_H

#include <fenv.h>
#include <limits.h>
#include <math.h>

// ---- Float and double math intrinsics ------------------------------------------------------------
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : x > 1.0f ? 1.0f : x == x ? x : 0.0f; }
inline float __expf(float x) { return expf(x); }
#if !defined(__APPLE__) // Apple's <math.h> declares __exp10f and __sincosf itself (the same functions)
inline float __exp10f(float x) { return exp10f(x); }
#endif
inline float __logf(float x) { return logf(x); }
inline float __log2f(float x) { return log2f(x); }
inline float __log10f(float x) { return log10f(x); }
inline float __powf(float x, float y) { return powf(x, y); }
inline float __sinf(float x) { return sinf(x); }
inline float __cosf(float x) { return cosf(x); }
inline float __tanf(float x) { return tanf(x); }
#if !defined(__APPLE__)
inline void __sincosf(float x, float* s, float* c) { *s = sinf(x); *c = cosf(x); }
#endif
inline float __fdividef(float x, float y) { return x / y; }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline float __fsqrt_rn(float x) { return sqrtf(x); }
inline float __frsqrt_rn(float x) { return 1.0f / sqrtf(x); }
inline float __fdiv_rn(float x, float y) { return x / y; }
inline float __fadd_rn(float x, float y) { return x + y; }
inline float __fsub_rn(float x, float y) { return x - y; }
inline float __fmul_rn(float x, float y) { return x * y; }
inline float __fmaf_rn(float x, float y, float z) { return fmaf(x, y, z); }
inline double __dadd_rn(double x, double y) { return x + y; }
inline double __dsub_rn(double x, double y) { return x - y; }
inline double __dmul_rn(double x, double y) { return x * y; }
inline double __ddiv_rn(double x, double y) { return x / y; }
inline double __drcp_rn(double x) { return 1.0 / x; }
inline double __dsqrt_rn(double x) { return sqrt(x); }
inline double __fma_rn(double x, double y, double z) { return fma(x, y, z); }
inline float __int_as_float(int x) { return __builtin_bit_cast(float, x); }
inline int __float_as_int(float x) { return __builtin_bit_cast(int, x); }
inline float __uint_as_float(unsigned x) { return __builtin_bit_cast(float, x); }
inline unsigned __float_as_uint(float x) { return __builtin_bit_cast(unsigned, x); }
inline double __longlong_as_double(long long x) { return __builtin_bit_cast(double, x); }
inline long long __double_as_longlong(double x) { return __builtin_bit_cast(long long, x); }
inline int __double2hiint(double x) { return int(__builtin_bit_cast(unsigned long long, x) >> 32); }
inline int __double2loint(double x) { return int(__builtin_bit_cast(unsigned long long, x)); }
inline double __hiloint2double(int hi, int lo) { return __builtin_bit_cast(double, ((unsigned long long)(unsigned)hi << 32) | (unsigned)lo); }
inline float __int2float_rn(int x) { return float(x); }
inline float __uint2float_rn(unsigned x) { return float(x); }
inline float __double2float_rn(double x) { return float(x); }
inline double __int2double_rn(int x) { return double(x); }
inline double __uint2double_rn(unsigned x) { return double(x); }
inline double __ll2double_rn(long long x) { return double(x); }
inline double __ull2double_rn(unsigned long long x) { return double(x); }
#include "dround.h" // __dadd_rd/ru/rz ... and the other directed-rounding double intrinsics

// ---- Integer intrinsics --------------------------------------------------------------------------
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(int x) { return x ? __builtin_clz(unsigned(x)) : 32; }
inline int __clzll(long long x) { return x ? __builtin_clzll((unsigned long long)x) : 64; }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
#if defined(__clang__)
inline unsigned __brev(unsigned x) { return __builtin_bitreverse32(x); }
inline unsigned long long __brevll(unsigned long long x) { return __builtin_bitreverse64(x); }
#else // GCC has no bit-reverse builtin
inline unsigned long long __brevll(unsigned long long x) {
  unsigned long long r = 0;
  for (int i = 0; i < 64; ++i, x >>= 1) r = (r << 1) | (x & 1u);
  return r;
}
inline unsigned __brev(unsigned x) { return unsigned(__brevll(x) >> 32); }
#endif
inline int __mul24(int x, int y) { return int((long long)(int(unsigned(x) << 8) >> 8) * (int(unsigned(y) << 8) >> 8)); }
inline unsigned __umul24(unsigned x, unsigned y) { return (x & 0xffffffu) * (y & 0xffffffu); }
inline int __mulhi(int x, int y) { return int(((long long)x * y) >> 32); }
inline unsigned __umulhi(unsigned x, unsigned y) { return unsigned(((unsigned long long)x * y) >> 32); }
inline long long __mul64hi(long long x, long long y) { return (long long)(((__int128)x * y) >> 64); }
inline unsigned long long __umul64hi(unsigned long long x, unsigned long long y) { return (unsigned long long)(((unsigned __int128)x * y) >> 64); }
inline unsigned __sad(int x, int y, unsigned z) { return z + unsigned(x > y ? (long long)x - y : (long long)y - x); }
inline unsigned __usad(unsigned x, unsigned y, unsigned z) { return z + (x > y ? x - y : y - x); }
inline int __hadd(int x, int y) { return int(((long long)x + y) >> 1); }
inline int __rhadd(int x, int y) { return int(((long long)x + y + 1) >> 1); }
inline unsigned __uhadd(unsigned x, unsigned y) { return unsigned(((unsigned long long)x + y) >> 1); }
inline unsigned __urhadd(unsigned x, unsigned y) { return unsigned(((unsigned long long)x + y + 1) >> 1); }
inline unsigned __byte_perm(unsigned x, unsigned y, unsigned s) {
  unsigned long long v = ((unsigned long long)y << 32) | x;
  unsigned r = 0;
  for (int i = 0; i < 4; ++i) r |= unsigned((v >> (((s >> (4 * i)) & 7u) * 8)) & 0xffu) << (8 * i);
  return r;
}
inline unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned s) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo;
  return unsigned((v << (s & 31u)) >> 32);
}
inline unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned s) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo;
  return unsigned(v >> (s & 31u));
}
inline unsigned __funnelshift_lc(unsigned lo, unsigned hi, unsigned s) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo;
  return unsigned((v << (s < 32u ? s : 32u)) >> 32);
}
inline unsigned __funnelshift_rc(unsigned lo, unsigned hi, unsigned s) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo;
  return unsigned(v >> (s < 32u ? s : 32u));
}
// PTX lop3.b32 (inline asm of src/translate/tables/ptx.ts): bit i of the result is bit (4a + 2b + c)
// of lut, a, b, c being bit i of the operands.
inline unsigned cu2m_lop3(unsigned a, unsigned b, unsigned c, unsigned lut) {
  unsigned r = 0;
  for (unsigned m = 0; m < 8; ++m) {
    if (((lut >> m) & 1u) == 0) continue;
    r |= ((m & 4u) ? a : ~a) & ((m & 2u) ? b : ~b) & ((m & 1u) ? c : ~c);
  }
  return r;
}

// PTX %lanemask_lt/le/eq/ge/gt (inline asm of src/translate/tables/ptx.ts) of the caller's lane.
inline unsigned cu2m_lanemask_lt(unsigned lane) { return (1u << lane) - 1u; }
inline unsigned cu2m_lanemask_le(unsigned lane) { return (2u << lane) - 1u; }
inline unsigned cu2m_lanemask_eq(unsigned lane) { return 1u << lane; }
inline unsigned cu2m_lanemask_ge(unsigned lane) { return 0xffffffffu << lane; }
inline unsigned cu2m_lanemask_gt(unsigned lane) { return 0xfffffffeu << lane; }

#include "fmath.h" // conversions and arithmetic with a rounding mode, SIMD video intrinsics, DPX

#endif // CU2M_INTRINSICS_H
