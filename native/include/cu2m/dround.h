// CUDA's directed-rounding double intrinsics for host code and the cuda-cpu reference (included by
// cu2m/intrinsics.h): each operation computed by the CPU's own IEEE arithmetic in the requested
// rounding mode (fesetround, restored afterwards; FENV_ACCESS keeps the compiler from moving or
// folding the operation across the mode change), so the reference is independent of software
// double's integer code (src/translate/f64Rounding.ts), which computes the same bits. Conversions
// to integers round with floor/ceil/rint and saturate (NaN gives 0), as CUDA and software double do.
#pragma once
#include <fenv.h>
#include <math.h>

#if defined(__clang__)
#define CU2M_FENV_ACCESS _Pragma("STDC FENV_ACCESS ON")
#else
#define CU2M_FENV_ACCESS // GCC has no FENV_ACCESS: the volatile operands and result keep the order
#endif

namespace cu2m_cuda {
namespace dround {
// The operands and the result go through volatile variables: the operation cannot be folded (clang
// folds an exact zero of two constants, 1 + -1, to +0 whatever the mode) nor moved past fesetround.
inline double add(int mode, double x, double y) {
  CU2M_FENV_ACCESS
  volatile double a = x, b = y;
  const int old = fegetround();
  fesetround(mode);
  volatile double r = a + b;
  fesetround(old);
  return r;
}
inline double mul(int mode, double x, double y) {
  CU2M_FENV_ACCESS
  volatile double a = x, b = y;
  const int old = fegetround();
  fesetround(mode);
  volatile double r = a * b;
  fesetround(old);
  return r;
}
inline double div(int mode, double x, double y) {
  CU2M_FENV_ACCESS
  volatile double a = x, b = y;
  const int old = fegetround();
  fesetround(mode);
  volatile double r = a / b;
  fesetround(old);
  return r;
}
inline double root(int mode, double x) {
  CU2M_FENV_ACCESS
  volatile double a = x;
  const int old = fegetround();
  fesetround(mode);
  volatile double r = sqrt(a);
  fesetround(old);
  return r;
}
inline double fused(int mode, double x, double y, double z) {
  CU2M_FENV_ACCESS
  volatile double a = x, b = y, c = z;
  const int old = fegetround();
  fesetround(mode);
  volatile double r = fma(a, b, c);
  fesetround(old);
  return r;
}
inline float narrow(int mode, double x) {
  CU2M_FENV_ACCESS
  volatile double a = x;
  const int old = fegetround();
  fesetround(mode);
  volatile float r = float(a);
  fesetround(old);
  return r;
}
inline double from_ll(int mode, long long x) {
  CU2M_FENV_ACCESS
  volatile long long a = x;
  const int old = fegetround();
  fesetround(mode);
  volatile double r = double(a);
  fesetround(old);
  return r;
}
inline double from_ull(int mode, unsigned long long x) {
  CU2M_FENV_ACCESS
  volatile unsigned long long a = x;
  const int old = fegetround();
  fesetround(mode);
  volatile double r = double(a);
  fesetround(old);
  return r;
}
// x (already an integer, inf or NaN) to an integer type of the range [lo, hi], saturating, NaN → 0.
inline long long clamp_ll(double x, double lo, double hi, long long ilo, long long ihi) {
  if (x != x) return 0;
  if (x <= lo) return ilo;
  if (x >= hi) return ihi;
  return (long long)x;
}
inline unsigned long long clamp_ull(double x, double hi, unsigned long long ihi) {
  if (x != x || x <= 0) return 0;
  if (x >= hi) return ihi;
  return (unsigned long long)x;
}
} // namespace dround
} // namespace cu2m_cuda

#define CU2M_DROUND(S, MODE)                                                                                      \
  inline double __dadd_##S(double x, double y) { return ::cu2m_cuda::dround::add(MODE, x, y); }               \
  inline double __dsub_##S(double x, double y) { return ::cu2m_cuda::dround::add(MODE, x, -y); }              \
  inline double __dmul_##S(double x, double y) { return ::cu2m_cuda::dround::mul(MODE, x, y); }              \
  inline double __ddiv_##S(double x, double y) { return ::cu2m_cuda::dround::div(MODE, x, y); }              \
  inline double __drcp_##S(double x) { return ::cu2m_cuda::dround::div(MODE, 1.0, x); }                      \
  inline double __dsqrt_##S(double x) { return ::cu2m_cuda::dround::root(MODE, x); }                         \
  inline double __fma_##S(double x, double y, double z) { return ::cu2m_cuda::dround::fused(MODE, x, y, z); }
CU2M_DROUND(rz, FE_TOWARDZERO)
CU2M_DROUND(rd, FE_DOWNWARD)
CU2M_DROUND(ru, FE_UPWARD)
#undef CU2M_DROUND
