// cu2metal: cuComplex.h of the runtime shim, for host programs and the cuda-cpu reference backend.
// Complex numbers are CUDA's float2 / double2 (x = real part, y = imaginary part). Division and
// absolute value scale their operands as CUDA documents, so that large parts do not overflow; the
// MSL the translator writes for device code computes the same float operations
// (src/translate/tables/moreTypes.ts).
#ifndef CU2M_CUCOMPLEX_H
#define CU2M_CUCOMPLEX_H
#include "cuda_runtime.h"

typedef float2 cuFloatComplex;
typedef double2 cuDoubleComplex;
typedef cuFloatComplex cuComplex;

inline float cuCrealf(cuFloatComplex z) { return z.x; }
inline float cuCimagf(cuFloatComplex z) { return z.y; }
inline cuFloatComplex make_cuFloatComplex(float r, float i) { return make_float2(r, i); }
inline cuFloatComplex cuConjf(cuFloatComplex z) { return make_float2(z.x, -z.y); }
inline cuFloatComplex cuCaddf(cuFloatComplex a, cuFloatComplex b) { return make_float2(a.x + b.x, a.y + b.y); }
inline cuFloatComplex cuCsubf(cuFloatComplex a, cuFloatComplex b) { return make_float2(a.x - b.x, a.y - b.y); }
inline cuFloatComplex cuCmulf(cuFloatComplex a, cuFloatComplex b) {
  return make_float2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}
inline cuFloatComplex cuCdivf(cuFloatComplex a, cuFloatComplex b) {
  float s = fabsf(b.x) + fabsf(b.y);
  float inv = 1.0f / s;
  float ar = a.x * inv, ai = a.y * inv, br = b.x * inv, bi = b.y * inv;
  float d = 1.0f / (br * br + bi * bi);
  return make_float2((ar * br + ai * bi) * d, (ai * br - ar * bi) * d);
}
inline float cuCabsf(cuFloatComplex z) {
  float a = fabsf(z.x), b = fabsf(z.y);
  float v = fmaxf(a, b), w = fminf(a, b);
  float q = w / v;
  float t = v * sqrtf(1.0f + q * q);
  if (v == 0.0f || v > 3.402823466e38f || w > 3.402823466e38f) t = v + w;
  return t;
}
inline cuFloatComplex cuCfmaf(cuFloatComplex x, cuFloatComplex y, cuFloatComplex d) {
  float r = x.x * y.x + d.x;
  r = -x.y * y.y + r;
  float i = x.x * y.y + d.y;
  i = x.y * y.x + i;
  return make_float2(r, i);
}

inline double cuCreal(cuDoubleComplex z) { return z.x; }
inline double cuCimag(cuDoubleComplex z) { return z.y; }
inline cuDoubleComplex make_cuDoubleComplex(double r, double i) { return make_double2(r, i); }
inline cuDoubleComplex cuConj(cuDoubleComplex z) { return make_double2(z.x, -z.y); }
inline cuDoubleComplex cuCadd(cuDoubleComplex a, cuDoubleComplex b) { return make_double2(a.x + b.x, a.y + b.y); }
inline cuDoubleComplex cuCsub(cuDoubleComplex a, cuDoubleComplex b) { return make_double2(a.x - b.x, a.y - b.y); }
inline cuDoubleComplex cuCmul(cuDoubleComplex a, cuDoubleComplex b) {
  return make_double2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}
inline cuDoubleComplex cuCdiv(cuDoubleComplex a, cuDoubleComplex b) {
  double s = fabs(b.x) + fabs(b.y);
  double inv = 1.0 / s;
  double ar = a.x * inv, ai = a.y * inv, br = b.x * inv, bi = b.y * inv;
  double d = 1.0 / (br * br + bi * bi);
  return make_double2((ar * br + ai * bi) * d, (ai * br - ar * bi) * d);
}
inline double cuCabs(cuDoubleComplex z) {
  double a = fabs(z.x), b = fabs(z.y);
  double v = fmax(a, b), w = fmin(a, b);
  double q = w / v;
  double t = v * sqrt(1.0 + q * q);
  if (v == 0.0 || v > 1.79769313486231570e308 || w > 1.79769313486231570e308) t = v + w;
  return t;
}
inline cuDoubleComplex cuCfma(cuDoubleComplex x, cuDoubleComplex y, cuDoubleComplex d) {
  double r = x.x * y.x + d.x;
  r = -x.y * y.y + r;
  double i = x.x * y.y + d.y;
  i = x.y * y.x + i;
  return make_double2(r, i);
}
inline cuComplex make_cuComplex(float r, float i) { return make_float2(r, i); }
inline cuDoubleComplex cuComplexFloatToDouble(cuFloatComplex c) { return make_double2((double)c.x, (double)c.y); }
inline cuFloatComplex cuComplexDoubleToFloat(cuDoubleComplex c) { return make_float2((float)c.x, (float)c.y); }
#endif
