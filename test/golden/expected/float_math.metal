// float_math.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// hypotf(x, y) = sqrt(x² + y²) without overflow or underflow: both scaled by one power of two
// (exact), the sum of squares with one rounding (fma), the root corrected by a Newton step on its
// exact residual. Returns the root of the scaled values, in [1, 2√2), and the scale e; x and y are
// finite and not both 0.
inline float cu2m_hypot_scaled(float x, float y, thread int& e) {
  float a = fabs(x), b = fabs(y);
  float m = fmax(a, b), n = fmin(a, b);
  e = ilogb(m);
  float sm = ldexp(m, -e), sn = ldexp(n, -e); // sm in [1, 2)
  float t = fma(sm, sm, sn * sn);
  float r = sqrt(t);
  return fma(fma(-r, r, t), 0.5f / r, r);
}
// hypotf(x, y): the scaled root scaled back. CUDA: 3 ulp.
inline float cu2m_hypotf(float x, float y) {
  if (isinf(x) || isinf(y)) return INFINITY;  // even with a NaN (C99)
  if (isnan(x) || isnan(y)) return x + y;
  if (x == 0.0f || y == 0.0f) return fabs(x) + fabs(y);
  int e;
  float r = cu2m_hypot_scaled(x, y, e);
  return ldexp(r, e);
}
// cbrtf(x): the exponent divided by 3 exactly, Newton steps on the significand in [1, 8), a last
// step on the residual m - y³ computed exactly with fma. CUDA: 1 ulp.
inline float cu2m_cbrtf(float x) {
  if (x == 0.0f || !isfinite(x)) return x + x;
  float a = fabs(x);
  int e = ilogb(a);
  int q = e >= 0 ? e / 3 : -((2 - e) / 3);  // floor(e / 3)
  float m = ldexp(a, -3 * q);              // in [1, 8), exact
  float y = 0.7f + 0.17f * m;              // cbrt(m) within 12%
  for (int i = 0; i < 4; ++i) y = y - (y * y * y - m) / (3.0f * y * y);
  float y2 = y * y, e2 = fma(y, y, -y2);   // y² = y2 + e2
  float y3 = y2 * y, e3 = fma(y2, y, -y3); // y2 × y = y3 + e3
  float res = (m - y3) - fma(e2, y, e3);   // m - y³
  y = fma(res, 1.0f / (3.0f * y2), y);
  return copysign(ldexp(y, q), x);
}
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
// The next float up (toward +infinity) and down, by the bits (MSL has nextafter only from 3.1).
inline float cu2m_next_up(float f) {
  if (f != f || f == INFINITY) return f;
  if (f == 0.0f) return as_type<float>(1u);
  uint b = as_type<uint>(f);
  return as_type<float>(f > 0.0f ? b + 1 : b - 1);
}
inline float cu2m_next_down(float f) { return -cu2m_next_up(-f); }
// a + b rounded by mode: the nearest sum s and its exact error (two-sum) say which way the exact
// sum lies from s; one step toward it when the mode asks. Overflow gives the largest float where
// the mode rounds toward it.
inline float cu2m_add_r(float a, float b, int mode) {
  float s = a + b;
  if (!isfinite(s)) {
    if (!isfinite(a) || !isfinite(b) || mode == 0) return s;
    bool toward_max = mode == 1 || (mode == 2 && s > 0.0f) || (mode == 3 && s < 0.0f);
    return toward_max ? copysign(as_type<float>(0x7F7FFFFFu), s) : s; // the largest float
  }
  if (s == 0.0f) return (a == 0.0f && b == 0.0f && signbit(a) == signbit(b)) ? a : (mode == 2 ? -0.0f : 0.0f); // an exact zero
  float bb = s - a;
  float err = (a - (s - bb)) + (b - bb);  // a + b == s + err exactly
  if (err == 0.0f || mode == 0) return s;
  if (mode == 2 || (mode == 1 && s > 0.0f)) return err < 0.0f ? cu2m_next_down(s) : s;
  return err > 0.0f ? cu2m_next_up(s) : s;   // up, or toward zero from below
}
// a × b rounded by mode: the 48-bit product of the significands, rounded once.
inline float cu2m_mul_r(float a, float b, int mode) {
  if (!isfinite(a) || !isfinite(b) || a == 0.0f || b == 0.0f) return a * b; // exact
  int ea, eb;
  ulong ma = cu2m_sig(a, ea), mb = cu2m_sig(b, eb);
  return cu2m_round_float(signbit(a) != signbit(b), ma * mb, ea + eb, false, mode);
}
// a / b rounded by mode: a 64-bit quotient of the significands, the remainder as sticky bit.
inline float cu2m_div_r(float a, float b, int mode) {
  if (!isfinite(a) || !isfinite(b) || a == 0.0f || b == 0.0f) return a / b; // exact
  int ea, eb;
  ulong ma = cu2m_sig(a, ea), mb = cu2m_sig(b, eb);
  int la = cu2m_clz64(ma) - 1, lb = cu2m_clz64(mb) - 40;
  ma <<= la;                               // leading 1 at bit 62
  mb <<= lb;                               // leading 1 at bit 23: a quotient of 39 or 40 bits
  ulong q = ma / mb;
  return cu2m_round_float(signbit(a) != signbit(b), q, ea - la - eb + lb, q * mb != ma, mode);
}
// sqrt(a) rounded by mode: the integer square root of the significand shifted to 62 or 63 bits.
inline float cu2m_sqrt_r(float a, int mode) {
  if (!isfinite(a) || a <= 0.0f) return sqrt(a); // ±0, +inf, NaN, negatives: exact
  int e;
  ulong m = cu2m_sig(a, e);
  int s = cu2m_clz64(m) - 1;
  if (((e - s) & 1) != 0) s -= 1;           // an even exponent
  m <<= s;
  e -= s;
  ulong r = 0, rem = 0;                    // digit by digit: r = floor(sqrt(m)), rem = m - r*r
  for (int i = 62; i >= 0; i -= 2) {
    rem = (rem << 2) | ((m >> i) & 3ul);
    ulong t = (r << 2) | 1ul;
    r <<= 1;
    if (rem >= t) { rem -= t; r |= 1ul; }
  }
  return cu2m_round_float(false, r, e / 2, rem != 0, mode);
}
// a × b + c rounded once by mode: the exact product (48 bits) and c aligned in 64 bits, the bits
// shifted out of the smaller one kept as a sticky 1 (enough guard bits for every mode).
inline float cu2m_fma_r(float a, float b, float c, int mode) {
  if (!isfinite(a) || !isfinite(b) || !isfinite(c)) return fma(a, b, c);
  if (a == 0.0f || b == 0.0f) return cu2m_add_r(a * b, c, mode); // an exact ±0 product
  if (c == 0.0f) return cu2m_mul_r(a, b, mode);
  int ep, ec;
  ulong ma, mb;
  { int ea, eb; ma = cu2m_sig(a, ea); mb = cu2m_sig(b, eb); ep = ea + eb; }
  ulong mp = ma * mb, mc = cu2m_sig(c, ec);
  bool np = signbit(a) != signbit(b), nc = signbit(c);
  int lp = cu2m_clz64(mp) - 1, lc = cu2m_clz64(mc) - 1;
  mp <<= lp; ep -= lp;                     // both with the leading 1 at bit 62
  mc <<= lc; ec -= lc;
  if (ep < ec || (ep == ec && mp < mc)) {  // the larger magnitude first
    ulong tm = mp; mp = mc; mc = tm;
    int te = ep; ep = ec; ec = te;
    bool tn = np; np = nc; nc = tn;
  }
  int d = ep - ec;
  ulong small = d >= 63 ? 1ul : (mc >> d) | (d > 0 && (mc << (64 - d)) != 0 ? 1ul : 0ul); // shifted, sticky jammed
  ulong m = np == nc ? mp + small : mp - small;
  if (m == 0) return mode == 2 ? -0.0f : 0.0f; // exact cancellation
  return cu2m_round_float(np, m, ep, false, mode);
}
// __fadd_ru: a + b, rounded up
inline float __fadd_ru(float a, float b) { return cu2m_add_r(a, b, 3); }
// float (already an integer value, or NaN, or out of range) to an integer type as CUDA converts:
// a value beyond the range gives the nearest end of the range; NaN gives 0 for int and unsigned,
// INT64_MIN for long long and 2^63 for unsigned long long (what an H100 gives).
inline int cu2m_to_int(float x) { return x != x ? 0 : x >= 2147483648.0f ? 2147483647 : x < -2147483648.0f ? int(0x80000000u) : int(x); }
inline uint cu2m_to_uint(float x) { return x != x || x <= 0.0f ? 0u : x >= 4294967296.0f ? 0xFFFFFFFFu : uint(x); }
inline long cu2m_to_long(float x) { return x != x ? long(0x8000000000000000ul) : x >= 9223372036854775808.0f ? long(0x7FFFFFFFFFFFFFFFul) : x < -9223372036854775808.0f ? long(0x8000000000000000ul) : long(x); }
inline ulong cu2m_to_ulong(float x) { return x != x ? 0x8000000000000000ul : x <= 0.0f ? 0ul : x >= 18446744073709551616.0f ? 0xFFFFFFFFFFFFFFFFul : ulong(x); }
// A double (software f64) converts with the same rules already (its NaN: INT_MIN, 2^31, INT64_MIN, 2^63).
template <typename D> inline int cu2m_to_int(D x) { return int(x); }
template <typename D> inline uint cu2m_to_uint(D x) { return uint(x); }
template <typename D> inline long cu2m_to_long(D x) { return long(x); }
template <typename D> inline ulong cu2m_to_ulong(D x) { return ulong(x); }
// __float2int_rd: to int, rounded down; out of range saturates (PTX cvt), NaN → 0 (an H100's)
inline int __float2int_rd(float x) { return cu2m_to_int(floor(x)); }
// lroundf(x): halves away from zero; out of range saturates (PTX cvt), NaN → INT64_MIN (an H100's)
inline long cu2m_lroundf(float x) { return cu2m_to_long(round(x)); }
// __vmaxs4: per byte, signed maximum
inline uint __vmaxs4(uint a, uint b) {
  uint r = 0;
  for (uint i = 0; i < 32; i += 8) {
    int x = int(a << (24 - i)) >> 24, y = int(b << (24 - i)) >> 24;
    r |= (uint(max(x, y)) & 0xFFu) << i;
  }
  return r;
}
#line 1 "float_math.cu"
// Float math Metal lacks, a conversion with a rounding mode, a directed-rounding add and a SIMD video
// intrinsic: each a helper emitted once, only these (src/translate/tables/floatMath.ts).
kernel void fmath(device float* p [[buffer(0)]], device unsigned* u [[buffer(1)]], device int* k [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  int i = threadIdx.x;
  p[i] = cu2m_hypotf(p[i], 1.0f) + cu2m_cbrtf(p[i]) + rint(p[i]) + __fadd_ru(p[i], 1e-8f);
  k[i] = __float2int_rd(p[i]) + (int)cu2m_lroundf(p[i]);
  u[i] = __vmaxs4(u[i], 0u);
}
