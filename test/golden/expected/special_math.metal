// special_math.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// e^(hi + lo) for |lo| much smaller than |hi|: x = k ln2 + r (ln2 in two parts, |r| <= ln2/2), e^r by
// its Taylor series to r^7, scaled by 2^k. Within 1 ulp.
inline float cu2m_exp_acc(float hi, float lo) {
  if (hi > 88.8f) return INFINITY;
  if (hi < -104.0f) return 0.0f;
  float k = rint(hi * 1.44269504f);
  float r = fma(-k, 0.693145751953125f, hi);  // exact: k × (ln2 high part) has at most 24 bits
  r = fma(-k, 1.428606765330187e-06f, r) + lo;
  float q = fma(fma(fma(fma(fma(1.98412698e-04f, r, 1.38888889e-03f), r, 8.33333333e-03f), r, 4.16666667e-02f), r, 1.66666667e-01f), r, 0.5f);
  float p = fma(r * r, q, r);                 // e^r - 1
  return ldexp(1.0f + p, int(k));
}
// erf(x) for |x| <= 1: x P(x²) with P fitted to erf(x)/x (relative error 1.3e-9), written as
// x + x (P - 1) so that the rounding of P's first coefficient does not count.
inline float cu2m_erf_small(float x) {
  float u = x * x;
  float p = fma(fma(fma(fma(fma(fma(7.847259127e-05f, u, -8.008189323e-04f), u, 5.188098889e-03f), u, -2.685369110e-02f), u, 1.128358225e-01f), u, -3.761262557e-01f), u, 0.128379166f);
  return fma(x, p, x);
}
// erfc(x) e^(x²) for x >= 0.4, a slowly varying function: polynomials fitted on [0.4, 1], [1, 2] and
// [2, 4] (relative error below 4e-9), and beyond 4 the asymptotic form P(1/x²) / x (5e-10).
inline float cu2m_erfcx(float x) {
  if (x < 1.0f) {
    float t = x - 0.7f;
    return fma(fma(fma(fma(fma(fma(fma(-7.248974445e-03f, t, 1.711794339e-02f), t, -3.651953713e-02f), t, 7.529848136e-02f), t, -1.440283811e-01f), t, 2.514771842e-01f), t, -3.920767000e-01f), t, 5.259303359e-01f);
  }
  if (x < 2.0f) {
    float t = x - 1.5f;
    return fma(fma(fma(fma(fma(fma(fma(fma(2.331924406e-04f, t, -7.041175851e-04f), t, 1.885317798e-03f), t, -5.138005487e-03f), t, 1.337725224e-02f), t, -3.293145557e-02f), t, 7.615104965e-02f), t, -1.636229075e-01f), t, 3.215854164e-01f);
  }
  if (x < 4.0f) {
    float t = x - 3.0f;
    return fma(fma(fma(fma(fma(fma(fma(fma(fma(-1.381574929e-06f, t, 5.929884102e-06f), t, -2.089957448e-05f), t, 8.285520085e-05f), t, -3.241304662e-04f), t, 1.223289236e-03f), t, -4.479438365e-03f), t, 1.588434014e-02f), t, -5.437225907e-02f), t, 1.790011518e-01f);
  }
  float u = 1.0f / (x * x);
  return fma(fma(fma(fma(fma(-6.290832568e+00f, u, 3.010138855e+00f), u, -1.031605440e+00f), u, 4.225949409e-01f), u, -2.820890662e-01f), u, 5.641895605e-01f) / x;
}
// erfc(x + xl) for x >= 0.4 and a small xl (the low part of an argument that float cannot hold):
// e^-(x + xl)² with x² split exactly (fma), times erfcx(x + xl) (its derivative is 2x erfcx - 2/√π).
inline float cu2m_erfc_pos(float x, float xl) {
  if (x > 10.1f) return 0.0f;
  float x2 = x * x, x2l = fma(x, x, -x2);
  float g = cu2m_erfcx(x);
  g = fma(xl, fma(2.0f * x, g, -1.12837917f), g);
  return cu2m_exp_acc(-x2, -fma(2.0f * x, xl, x2l)) * g;
}
// erff(x): the series fit below 1, 1 - erfc(|x|) above. CUDA: 2 ulp.
inline float cu2m_erff(float x) {
  float a = fabs(x);
  if (a < 1.0f) return cu2m_erf_small(x);
  if (a != a) return x;
  return copysign(1.0f - cu2m_erfc_pos(a, 0.0f), x);
}
// Γ(1 + t) for t in [0, 1]: 1 + t (t - 1) R(t), R fitted (relative error 7e-9); Γ(1) = Γ(2) = 1 exactly.
inline float cu2m_gamma_r(float t) {
  return fma(fma(fma(fma(fma(fma(fma(fma(fma(fma(7.966259788e-03f, t, -5.173357137e-02f), t, 1.555549939e-01f), t, -2.946346218e-01f), t, 4.101287775e-01f), t, -4.707170984e-01f), t, 4.907216922e-01f), t, -4.854794196e-01f), t, 4.956010682e-01f), t, -4.118394045e-01f), t, 5.772156611e-01f);
}
inline float cu2m_gamma1p(float t) { return fma(t * (t - 1.0f), cu2m_gamma_r(t), 1.0f); }
// |sin(π x)| of a non-integer x (|x| < 2^23): the distance r to the nearest integer (exact), then
// sin(π r) or cos(π (1/2 - r)) by their Taylor series.
inline float cu2m_abs_sinpi(float x) {
  float a = fabs(x);
  float r = a - floor(a);
  r = fmin(r, 1.0f - r);
  if (r <= 0.25f) {
    float u = r * r;
    return r * fma(fma(fma(fma(fma(-7.370430946e-03f, u, 8.214588661e-02f), u, -5.992645293e-01f), u, 2.550164040e+00f), u, -5.167712780e+00f), u, 3.14159265f);
  }
  float d = 0.5f - r, u = d * d;
  return fma(fma(fma(fma(fma(fma(1.929574309e-03f, u, -2.580689139e-02f), u, 2.353306304e-01f), u, -1.335262769e+00f), u, 4.058712126e+00f), u, -4.934802201e+00f), u, 1.0f);
}
// log(2^k (1 + f)) + c for f in [√½ - 1, √2 - 1] and a small correction c: log(1 + f) = f - s (f - R)
// with s = f / (2 + f) and R = 2s²/3 + 2s⁴/5 + 2s⁶/7 + 2s⁸/9 (the series of 2 atanh s), ln 2 in two
// parts so that k ln 2 is exact. Within 1 ulp.
inline float cu2m_log_reduced(int k, float f, float c) {
  float s = f / (2.0f + f), s2 = s * s;
  float R = s2 * fma(s2, fma(s2, fma(s2, 0.22222222f, 0.28571429f), 0.4f), 0.66666667f);
  float kf = float(k);
  float lo = fma(kf, 1.428606765330187e-06f, c);    // k ln2 (low part) + c
  return fma(kf, 0.693145751953125f, f - (s * (f - R) - lo)); // ln2 high part: 16 bits, exact times k
}
// log(x) of a finite x > 0, within 1 ulp: x = 2^k m with m in [√½, √2), f = m - 1 exact.
inline float cu2m_log_acc(float x) {
  int k = ilogb(x);
  float m = ldexp(x, -k);
  if (m > 1.41421356f) { m *= 0.5f; k += 1; }
  return cu2m_log_reduced(k, m - 1.0f, 0.0f);
}
// lgamma of a > 0: around its zeros at 1 and 2 as t Q(t) (Q fitted to lgamma(1 + t)/t on
// [-0.25, 0.5] and to lgamma(2 + t)/t on [-0.5, 0.5], 2e-9), below 0.5 minus log a, up to 8 by
// lgamma(z) + log((z)(z+1)...(a-1)) with z in [1.5, 2.5), from 8 by Stirling's series.
inline float cu2m_lgamma_lg1(float t) {
  return t * fma(fma(fma(fma(fma(fma(fma(fma(fma(fma(-3.393315481e-02f, t, 8.705005323e-02f), t, -1.165441526e-01f), t, 1.284172229e-01f), t, -1.441229612e-01f), t, 1.694070527e-01f), t, -2.073717009e-01f), t, 2.705835459e-01f), t, -4.006858912e-01f), t, 8.224670195e-01f), t, -5.772156643e-01f);
}
inline float cu2m_lgamma_lg2(float t) {
  return t * fma(fma(fma(fma(fma(fma(fma(fma(fma(1.207336657e-04f, t, -2.537877236e-04f), t, 5.024317042e-04f), t, -1.185874688e-03f), t, 2.891561644e-03f), t, -7.386171873e-03f), t, 2.058074623e-02f), t, -6.735228159e-02f), t, 3.224670345e-01f), t, 4.227843350e-01f);
}
inline float cu2m_lgamma_pos(float a) {
  if (a < 0.5f) return cu2m_lgamma_lg1(a) - cu2m_log_acc(a);          // lgamma(1 + a) - log a
  if (a < 0.75f) return cu2m_lgamma_lg2(a - 1.0f) - cu2m_log_acc(a);  // lgamma(2 + (a - 1)) - log a
  if (a < 1.5f) return cu2m_lgamma_lg1(a - 1.0f);
  if (a < 2.5f) return cu2m_lgamma_lg2(a - 2.0f);
  if (a < 8.0f) {
    float z = a, p = 1.0f;
    while (z >= 2.5f) { z -= 1.0f; p *= z; }                          // exact steps
    return cu2m_lgamma_lg2(z - 2.0f) + cu2m_log_acc(p);
  }
  float L = cu2m_log_acc(a);
  float u = 1.0f / a, u2 = u * u;
  float s = u * fma(fma(fma(-5.952380952e-04f, u2, 7.936507937e-04f), u2, -2.777777778e-03f), u2, 8.333333333e-02f);
  return fma(a - 0.5f, L - 1.0f, 0.418938533f + s);                  // (a - ½)(log a - 1) - ½ + ½ log 2π + s
}
// lgammaf(x): for x < 0 by reflection, lgamma(x) = log(π / |x sin(πx)|) - lgamma(-x).
// CUDA: 6 ulp outside [-10.001, -2.264] (its zeros, where only an absolute error is bounded).
inline float cu2m_lgammaf(float x) {
  if (x != x) return x;
  float a = fabs(x);
  if (a == INFINITY) return INFINITY;
  if (x > 0.0f) return cu2m_lgamma_pos(x);
  if (x == floor(x)) return INFINITY;                                  // 0 and the negative integers: poles
  if (a < 9.5367431640625e-07f) return -cu2m_log_acc(a);               // lgamma(x) = -log|x| - γx + ...
  return 1.144729886f - cu2m_log_acc(cu2m_abs_sinpi(a) * a) - cu2m_lgamma_pos(a);
}
// normcdff(x) = erfc(-x/√2) / 2, with -x/√2 in two floats (its rounding would cost up to 2x² ulp in the
// tail). CUDA: 5 ulp.
inline float cu2m_normcdff(float x) {
  if (x != x) return x;
  float y = -x * 0.70710677f, yl = fma(-x, 0.70710677f, -y) - x * 1.210161710e-08f; // -x/√2 = y + yl
  if (y >= 0.4f) return 0.5f * cu2m_erfc_pos(y, yl);
  if (y > -1.0f) return 0.5f - 0.5f * cu2m_erf_small(y + yl);
  return 1.0f - 0.5f * cu2m_erfc_pos(-y, -yl);
}
// The square root of a sum of squares without overflow or underflow: the terms scaled by 2^-e (e the
// exponent of the largest, exact), the squares summed with fma and a compensation term, the root
// corrected by a Newton step on its exact residual. Returns the root of the scaled sum; e is set.
// n terms in p[0..n-1] (p in any address space); a NaN or infinite term is returned in e's stead as
// the root (with e = 0) when the caller tests them first.
template <typename P> inline float cu2m_norm_scaled(int n, P p, thread int& e) {
  float m = 0.0f;
  for (int i = 0; i < n; ++i) m = fmax(m, fabs(float(p[i])));
  e = ilogb(m);
  float s = 0.0f, c = 0.0f;                                  // s + c: the sum of the scaled squares
  for (int i = 0; i < n; ++i) {
    float v = ldexp(float(p[i]), -e);
    float q = v * v, ql = fma(v, v, -q);
    float t = s + q, b = t - s;
    c += ((s - (t - b)) + (q - b)) + ql;                    // two-sum error and the square's low part
    s = t;
  }
  float r = sqrt(s + c);
  return fma(fma(-r, r, s) + c, 0.5f / r, r);
}
// The norm of n values: inf when one is infinite (even with a NaN), NaN when one is NaN, 0 when all are.
template <typename P> inline float cu2m_norm_n(int n, P p, bool reciprocal) {
  bool nan = false;
  for (int i = 0; i < n; ++i) {
    float v = float(p[i]);
    if (isinf(v)) return reciprocal ? 0.0f : INFINITY;
    nan = nan || v != v;
  }
  if (nan) return NAN;
  bool zero = true;
  for (int i = 0; i < n; ++i) zero = zero && float(p[i]) == 0.0f;
  if (zero) return reciprocal ? INFINITY : 0.0f;
  int e;
  float r = cu2m_norm_scaled(n, p, e);
  return reciprocal ? ldexp(1.0f / r, -e) : ldexp(r, e);
}
// norm3df: sqrt(a² + b² + c²), scaled (no overflow or underflow in between). CUDA: 2 ulp.
inline float cu2m_norm3df(float a, float b, float c) { float v[3] = {a, b, c}; return cu2m_norm_n(3, v, false); }
// Rounding modes of the helpers below: 0 to nearest even, 1 toward zero, 2 down, 3 up.
inline int cu2m_clz64(ulong m) { uint hi = uint(m >> 32); return hi != 0 ? int(clz(hi)) : 32 + int(clz(uint(m))); }
// The float nearest to (-1)^neg × (m + s) × 2^e in the direction of mode, where m > 0 and s, when
// sticky, is some value strictly between 0 and 1 (the bits lost below m). Exact: no float operation.
inline float cu2m_round_float(bool neg, ulong m, int e, bool sticky, int mode) {
  int lz = cu2m_clz64(m);
  m <<= lz;
  e -= lz;                                 // leading 1 at bit 63: the value is m × 2^e
  int E = e + 63;                          // its binary exponent
  int shift = E < -126 ? 40 + (-126 - E) : 40; // bits below the last kept one (more for subnormals)
  ulong kept = 0;
  bool above = false, tie = false;         // what was dropped: above half a unit, or exactly half
  if (shift < 64) {
    kept = m >> shift;
    ulong rest = m & ((1ul << shift) - 1), half = 1ul << (shift - 1);
    above = rest > half || (rest == half && sticky);
    tie = rest == half && !sticky;
    sticky = sticky || rest != 0;
  } else {
    above = shift == 64 && (m > 0x8000000000000000ul || sticky);
    tie = shift == 64 && m == 0x8000000000000000ul && !sticky;
    sticky = true;
  }
  bool up = mode == 0 ? above || (tie && (kept & 1) != 0) : mode == 2 ? neg && sticky : mode == 3 ? !neg && sticky : false;
  kept += up ? 1 : 0;                      // may carry into the next binade: still right below
  uint sign = neg ? 0x80000000u : 0u;
  if (E < -126) return as_type<float>(sign | uint(kept)); // subnormal (2^23 is the smallest normal)
  if (E <= 127) {
    uint bits = (uint(E + 126) << 23) + uint(kept);
    if (bits < 0x7F800000u) return as_type<float>(sign | bits);
  }
  bool inf = mode == 0 || (mode == 2 && neg) || (mode == 3 && !neg); // overflow: infinity or the largest float
  return as_type<float>(sign | (inf ? 0x7F800000u : 0x7F7FFFFFu));
}
// |x| of a finite non-zero float as m × 2^e with an integer m (subnormals too).
inline ulong cu2m_sig(float x, thread int& e) {
  uint b = as_type<uint>(x) & 0x7FFFFFFFu;
  uint be = b >> 23;
  e = (be == 0 ? 1 : int(be)) - 150;
  return ulong(be == 0 ? b : (b & 0x7FFFFFu) | 0x800000u);
}
// An integer of magnitude m (sign neg) to float, rounded by mode.
inline float cu2m_int_to_float(bool neg, ulong m, int mode) { return m == 0 ? 0.0f : cu2m_round_float(neg, m, 0, false, mode); }
// The remainder of x / y with the quotient rounded to nearest even, exact, and the quotient's low 3
// bits (as C's remquo), by long division of the integer significands (|x| = mx 2^ex, |y| = my 2^ey).
inline float cu2m_remquo_core(float x, float y, thread int& quo) {
  quo = 0;
  if (x != x || y != y || isinf(x) || y == 0.0f) return NAN;
  if (isinf(y) || x == 0.0f) return x;
  int ex, ey;
  ulong mx = cu2m_sig(x, ex), my = cu2m_sig(y, ey);
  ulong r;                                                   // |x| mod |y|, in units of 2^min(ex, ey)
  uint q = 0;                                                // the truncated quotient's low bits
  int eu = ey;
  if (ex >= ey) {
    r = mx % my;
    q = uint(mx / my);
    for (int d = ex - ey; d > 0;) {                          // shift in up to 24 bits at a time
      int k = min(d, 24);
      ulong w = r << k;
      q = (q << k) + uint(w / my);                           // only the low bits matter (wraps)
      r = w % my;
      d -= k;
    }
  } else {
    if (ey - ex > 25) return x;                              // |x| < |y| / 2
    my <<= ey - ex;
    eu = ex;
    r = mx;
  }
  bool up = 2 * r > my || (2 * r == my && (q & 1u) != 0); // the quotient rounds up: |y| - r, sign flipped
  if (up) { r = my - r; q += 1; }
  quo = int(q & 7u) * (signbit(x) != signbit(y) ? -1 : 1);
  return copysign(ldexp(float(r), eu), up ? -x : x);
}
// remquof(x, y, &quo): the remainder, and in *quo (any address space) the low 3 bits of the rounded quotient, with its sign
template <typename Q> inline float cu2m_remquof(float x, float y, Q quo) { int q; float r = cu2m_remquo_core(x, y, q); *quo = q; return r; }
#line 1 "special_math.cu"
// Float special functions: GELU with erff, a normal tail with normcdff, the log-likelihood of a
// Poisson count with lgammaf, a vector length with norm3df, and a phase folded with remquof.
kernel void gelu(device const float* x [[buffer(0)]], device float* y [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 0.5f * x[i] * (1.0f + cu2m_erff(x[i] * 0.70710678f));
}

kernel void poisson_loglik(device const int* k [[buffer(0)]], device const float* lambda [[buffer(1)]], device float* out [[buffer(2)]], constant int& n [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float l = lambda[i];
  out[i] = k[i] * log(l) - l - cu2m_lgammaf(k[i] + 1.0f) + cu2m_normcdff(-l);
}

kernel void lengths(device const packed_float3* v [[buffer(0)]], device float* len [[buffer(1)]], device int* octant [[buffer(2)]], constant int& n [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float3 p = v[i];
  len[i] = cu2m_norm3df(p.x, p.y, p.z);
  float phase = cu2m_remquof(p.x, 3.14159265f, &octant[i]);
  len[n + i] = phase;
}
