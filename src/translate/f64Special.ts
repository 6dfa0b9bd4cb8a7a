// More math functions of a double under software double (`--double=soft`, the default), emitted in
// the prelude after f64Math.ts (they use its double-double helpers): erfc, lgamma, tgamma, remainder,
// remquo. Plain MSL on the soft operations, so Metal and the msl-cpu emulation compute the same bits.
//
// Method (the error bounds measured against the host's long double functions are in
// src/translate/tables/double.ts and docs/DESIGN.md; test/fixtures/double/special.cu measures them):
//   - erfc: |x| < 1/2: 1 - erf(x), erf as the double-double series of positive terms (erf_dd, f64Math.ts); x >= 1/2:
//     e^(-x^2)/sqrt(pi) times Laplace's continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
//     evaluated backward in double-double (about 330/x^2 + 30 terms); x <= -1/2: 2 - erfc(-x).
//   - lgamma of x > 0 as a double-double: below 2^-60 -log x - gamma x; in [1.5, 2.5) the Taylor
//     series of lgamma(2 + z), |z| <= 1/2, (1 - gamma) z + sum (-1)^k (zeta(k) - 1) z^k / k to k = 33
//     (the first two terms in double-double); below 1.5 through lgamma(x) = lgamma(x + 1) - log x
//     (and - log(1 + x) below 1/2), so that the zeros at 1 and 2 keep their relative accuracy; up to 20
//     down to [1.5, 2.5) with the product (x-1)(x-2)... in double-double; above, Stirling's series
//     x (log x - 1) - log(x)/2 + log(2 pi)/2 + sum B_2k / (2k (2k-1) x^(2k-1)) to k = 8.
//     x < 0: log pi - log|x sin(pi x)| - lgamma(|x|) (sin(pi x) from the exact reduction of sinpi).
//   - tgamma: exp of that double-double lgamma, the sign of sin(pi x) for x < 0.
//   - remainder, remquo: exact (x - n y with n = x / y rounded to nearest even), through integer
//     remainders of the significands as fmod; remquo gives n's low 3 bits (0 .. 7), with the sign of
//     x / y, as an H100 does (glibc gives trunc(x/y) mod 8 plus 1 where n rounds up: 8 where the GPU gives 0).
export const F64_SPECIAL = String.raw`// erfc, lgamma, tgamma, remainder, remquo, scalbn, logb, lrint, lround of a double (src/translate/f64Special.ts)
#define CU2M_D(b) f64::from_bits(b##ul)
namespace cu2m_dmath {
inline dd dd_add(dd a, dd b) { dd s = two_sum(a.hi, b.hi); return fast_two_sum(s.hi, s.lo + (a.lo + b.lo)); }
inline dd dd_abs(dd a) { if ((a.hi.bits >> 63) != 0) return dd_neg(a); return a; }
// erfc(x) = m 2^k for x = hi + lo >= 1/2 (x2 = x^2 as a double-double, k from e^(-x^2) = em 2^k):
// e^(-x^2)/sqrt(pi) times the continued fraction, evaluated backward in double-double.
struct erfc_scaled { dd m; dd em; int k; };
inline erfc_scaled erfc_parts(dd x, dd x2) {
  int n = int(CU2M_D(0x4074A00000000000) / x2.hi) + 30; // 330 / x^2 + 30 terms
  dd t = x;
  for (; n > 0; n--) { // t = x + (n/2) / t, backward
    dd q = dd_div(dd_of(f64(n) * CU2M_D(0x3FE0000000000000), f64::from_bits(0)), t);
    dd s = two_sum(x.hi, q.hi);
    t = fast_two_sum(s.hi, s.lo + (q.lo + x.lo));
  }
  dd f = dd_div(dd_of(CU2M_D(0x3FE20DD750429B6D), CU2M_D(0x3C61AE3A914FED80)), t); // (1/sqrt(pi)) / t
  exp_parts e = exp_reduce(-x2.hi, -x2.lo);
  erfc_scaled r;
  r.em = exp_m(e);
  r.m = dd_mul(r.em, f);
  r.k = e.k;
  return r;
}
// erfc(x) for 1/2 <= x < 27.3, one rounding at the end.
inline f64 erfc_big(f64 x) {
  erfc_scaled p = erfc_parts(dd_of(x, f64::from_bits(0)), two_prod(x, x));
  return ldexp_(p.m.hi + p.m.lo, p.k);
}
}
inline f64 erfc(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  f64 ax = fabs(x);
  bool neg = (x.bits >> 63) != 0;
  if (ax < CU2M_D(0x3C70000000000000)) return CU2M_D(0x3FF0000000000000); // |x| < 2^-56: 1 - 1.13 x rounds to 1
  if (ax < CU2M_D(0x3FE0000000000000)) { // |x| < 1/2: 1 -+ erf(|x|)
    dd e = ax < CU2M_D(0x3E30000000000000) ? two_prod(ax, CU2M_D(0x3FF20DD750429B6D)) : erf_dd(ax);
    if (!neg) e = dd_neg(e);
    dd s = two_sum(CU2M_D(0x3FF0000000000000), e.hi);
    return s.hi + (s.lo + e.lo);
  }
  if (neg) {
    if (ax >= CU2M_D(0x4018000000000000)) return CU2M_D(0x4000000000000000); // erfc(-6) = 2 - 2e-17 rounds to 2
    f64 v = erfc_big(ax);
    dd s = two_sum(CU2M_D(0x4000000000000000), -v);
    return s.hi + s.lo;
  }
  if (ax >= CU2M_D(0x403B4CCCCCCCCCCD)) return f64::from_bits(0); // >= 27.3: below half the least subnormal
  return erfc_big(ax);
}
namespace cu2m_dmath {
// lgamma(2 + z) for |z| <= 1/2 as a double-double (its Taylor series).
inline dd lgamma2_series(f64 z) {
  f64 p = CU2M_D(0xBD8F07C514FC9F0A);    // k = 33
  p = p * z + CU2M_D(0x3DA000026E3F644F); // 32
  p = p * z + CU2M_D(0xBDB08424CBC543D8); // 31
  p = p * z + CU2M_D(0x3DC11116E693ED98); // 30
  p = p * z + CU2M_D(0xBDD1A7C26EC2523C); // 29
  p = p * z + CU2M_D(0x3DE24932A337434C); // 28
  p = p * z + CU2M_D(0xBDF2F69A9FABE3E0); // 27
  p = p * z + CU2M_D(0x3E03B15D2B2FC10C); // 26
  p = p * z + CU2M_D(0xBE147B1679258D0E); // 25
  p = p * z + CU2M_D(0x3E2555A877FFD2C3); // 24
  p = p * z + CU2M_D(0xBE36434A8447AEAD); // 23
  p = p * z + CU2M_D(0x3E47469DACCFADCD); // 22
  p = p * z + CU2M_D(0xBE5862C734DF3EAC); // 21
  p = p * z + CU2M_D(0x3E699B93C2070B0F); // 20
  p = p * z + CU2M_D(0xBE7AF5A6CBBF8A97); // 19
  p = p * z + CU2M_D(0x3E8C76BBB3F07A4D); // 18
  p = p * z + CU2M_D(0xBE9E2600D93CFD2F); // 17
  p = p * z + CU2M_D(0x3EB0064CDEB22F0F); // 16
  p = p * z + CU2M_D(0xBEC11B2EB7679541); // 15
  p = p * z + CU2M_D(0x3ED2597A39F34AAC); // 14
  p = p * z + CU2M_D(0xBEE3CBC963CE2243); // 13
  p = p * z + CU2M_D(0x3EF580DCEE66EB02); // 12
  p = p * z + CU2M_D(0xBF078DE5BD7C81EF); // 11
  p = p * z + CU2M_D(0x3F1A127B0F17D65A); // 10
  p = p * z + CU2M_D(0xBF2D3FD4C76D2FC8); // 9
  p = p * z + CU2M_D(0x3F40B36AF86396E9); // 8
  p = p * z + CU2M_D(0xBF538AC5C2BF8E08); // 7
  p = p * z + CU2M_D(0x3F67ADD6EADB6C30); // 6
  p = p * z + CU2M_D(0xBF7E404FC218F5F2); // 5
  p = p * z + CU2M_D(0x3F951322AC7D8483); // 4
  p = p * z + CU2M_D(0xBFB13E001A557607); // 3: (-1)^k (zeta(k) - 1) / k
  dd z2 = two_prod(z, z);
  dd a = dd_mul(dd_of(CU2M_D(0x3FDB0EE6072093CE), CU2M_D(0x3C56CB90701FBFAB)), dd_of(z, f64::from_bits(0))); // (1 - gamma) z
  dd b = dd_mul(dd_of(CU2M_D(0x3FD4A34CC4A60FA6), CU2M_D(0x3C71873D8912200C)), z2);                          // (zeta(2) - 1)/2 z^2
  return dd_add(a, dd_add(b, dd_of(z2.hi * z * p, f64::from_bits(0))));
}
// lgamma(x) for a finite x > 0 as a double-double (hi may be inf above 2.5e305).
inline dd lgamma_pos_dd(f64 x) {
  if (x < CU2M_D(0x3C30000000000000)) { dd l = log_dd(x); return fast_two_sum(-l.hi, -l.lo - x * CU2M_D(0x3FE2788CFC6FB619)); } // < 2^-60
  if (x < CU2M_D(0x3FE0000000000000)) { // lgamma(2 + x) - log x - log(1 + x)
    dd l = dd_add(log_dd(x), log_of_dd(two_sum(CU2M_D(0x3FF0000000000000), x)));
    return dd_add(lgamma2_series(x), dd_neg(l));
  }
  if (x < CU2M_D(0x3FF8000000000000)) return dd_add(lgamma2_series(x - CU2M_D(0x3FF0000000000000)), dd_neg(log_dd(x))); // lgamma(x + 1) - log x
  if (x < CU2M_D(0x4004000000000000)) return lgamma2_series(x - CU2M_D(0x4000000000000000));
  if (x < CU2M_D(0x4034000000000000)) { // < 20: lgamma(y) + log((x-1)(x-2)...y), y in [1.5, 2.5)
    f64 y = x;
    dd p = dd_of(CU2M_D(0x3FF0000000000000), f64::from_bits(0));
    while (y >= CU2M_D(0x4004000000000000)) { y = y - CU2M_D(0x3FF0000000000000); p = dd_mul(p, dd_of(y, f64::from_bits(0))); }
    return dd_add(lgamma2_series(y - CU2M_D(0x4000000000000000)), log_of_dd(p));
  }
  dd l = log_dd(x);
  dd t = two_sum(l.hi, CU2M_D(0xBFF0000000000000));
  t = fast_two_sum(t.hi, t.lo + l.lo); // log x - 1
  dd p = two_prod(x, t.hi);
  if (isinf(p.hi)) return dd_of(p.hi, f64::from_bits(0));
  p = fast_two_sum(p.hi, p.lo + x * t.lo);
  f64 r = CU2M_D(0x3FF0000000000000) / x, r2 = r * r;
  f64 b = CU2M_D(0xBF9E4286CB0F5398);     // B16 / (16 15)
  b = b * r2 + CU2M_D(0x3F7A41A41A41A41A); // B14 / (14 13)
  b = b * r2 + CU2M_D(0xBF5F6AB0D9993C7D); // B12 / (12 11)
  b = b * r2 + CU2M_D(0x3F4B951E2B18FF23); // B10 / (10 9)
  b = b * r2 + CU2M_D(0xBF43813813813814); // B8 / (8 7)
  b = b * r2 + CU2M_D(0x3F4A01A01A01A01A); // B6 / (6 5)
  b = b * r2 + CU2M_D(0xBF66C16C16C16C17); // B4 / (4 3)
  b = b * r2 + CU2M_D(0x3FB5555555555555); // B2 / (2 1)
  dd h = dd_add(dd_of(l.hi * CU2M_D(0xBFE0000000000000), l.lo * CU2M_D(0xBFE0000000000000)), dd_of(CU2M_D(0x3FED67F1C864BEB5), CU2M_D(0xBC865B5A1B7FF5DF))); // -log(x)/2 + log(2 pi)/2
  return dd_add(p, dd_add(h, dd_of(b * r, f64::from_bits(0))));
}
// log|gamma(x)| for x = -ax < 0, not an integer, as a double-double; negative: gamma(x) < 0.
inline dd lgamma_neg_dd(f64 ax, thread bool& negative) {
  if (ax < CU2M_D(0x3C30000000000000)) { // < 2^-60: -log|x| + gamma |x|
    negative = true;
    dd l = log_dd(ax);
    return fast_two_sum(-l.hi, -l.lo + ax * CU2M_D(0x3FE2788CFC6FB619));
  }
  reduced o = reduce_halves(ax); // sin(pi ax)
  dd s = (o.q & 1) != 0 ? cos_k(o.r) : sin_k(o.r);
  if ((o.q & 2) != 0) s = dd_neg(s);
  negative = s.hi > f64::from_bits(0); // gamma(x) = -pi / (x sin(pi x) gamma(-x)) = -pi / (ax sin(pi ax) gamma(ax))
  dd xs = log_of_dd(dd_mul(dd_of(ax, f64::from_bits(0)), dd_abs(s)));
  return dd_add(dd_of(CU2M_D(0x3FF250D048E7A1BD), CU2M_D(0x3C67ABF2AD8D5088)), dd_neg(dd_add(xs, lgamma_pos_dd(ax)))); // log pi - ...
}
// Is ax (>= 0, finite) an integer, for the poles of lgamma and tgamma?
inline bool is_whole(f64 ax) { return ax >= CU2M_D(0x4330000000000000) || (trunc(ax) == ax); }
}
inline f64 lgamma(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  f64 ax = fabs(x);
  if (isinf(x) || (x.bits << 1) == 0) return CU2M_D(0x7FF0000000000000);
  if ((x.bits >> 63) == 0) return dd_value(lgamma_pos_dd(x));
  if (is_whole(ax)) return CU2M_D(0x7FF0000000000000); // a pole
  bool negative;
  return dd_value(lgamma_neg_dd(ax, negative));
}
inline f64 tgamma(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  f64 ax = fabs(x);
  bool neg = (x.bits >> 63) != 0;
  if ((x.bits << 1) == 0) return signed_as(CU2M_D(0x7FF0000000000000), neg); // 1 / x
  if (isinf(x)) { if (neg) return f64::from_bits(cu2m_f64::QNAN); return x; }
  if (!neg && x > CU2M_D(0x406573FAE561F648)) return CU2M_D(0x7FF0000000000000); // > 171.6243769563027
  dd l;
  bool negative = false;
  if (!neg) l = lgamma_pos_dd(x);
  else if (is_whole(ax)) return f64::from_bits(cu2m_f64::QNAN);
  else if (ax > CU2M_D(0x4067400000000000)) return signed_as(f64::from_bits(0), (ulong(trunc(ax)) & 1) == 0); // < -186: below half the least subnormal
  else l = lgamma_neg_dd(ax, negative);
  if (l.hi > CU2M_D(0x40862E6666666666)) return signed_as(CU2M_D(0x7FF0000000000000), negative); // > 709.8
  if (l.hi < CU2M_D(0xC08749999999999A)) return signed_as(f64::from_bits(0), negative);          // < -745.2
  return signed_as(exp_val(exp_reduce(l.hi, l.lo), 0), negative);
}
namespace cu2m_dmath {
// x - n y, n = x / y rounded to nearest even, exact; quo gets n mod 8.
inline f64 remainder_(f64 x, f64 y, thread uint& quo) {
  ulong ax = x.bits & ~cu2m_f64::SIGN, ay = y.bits & ~cu2m_f64::SIGN;
  f64 fy = f64::from_bits(ay), r = f64::from_bits(ax);
  uint q = 0;
  if (ax >= ay) { // |x| = q |y| + r, 0 <= r < |y| (as fmod)
    int ex = cu2m_f64::exp_of(ax), ey = cu2m_f64::exp_of(ay);
    ulong mx = cu2m_f64::frac_of(ax), my = cu2m_f64::frac_of(ay);
    if (ex == 0) cu2m_f64::normalize(ex, mx); else mx |= 0x0010000000000000ul;
    if (ey == 0) cu2m_f64::normalize(ey, my); else my |= 0x0010000000000000ul;
    ulong rr = mx % my;
    q = uint(mx / my);
    for (int d = ex - ey; d > 0;) { // rr < 2^53: 11 bits at a time
      int s = d < 11 ? d : 11;
      ulong t = rr << s;
      q = (q << s) + uint(t / my);
      rr = t % my;
      d -= s;
    }
    r = ldexp_(f64(rr), ey - 1075);
  }
  f64 r2 = r + r; // exact (or inf, above |y| anyway)
  quo = q & 7u; // the quotient's low 3 bits, as an H100 gives them (glibc: 0 .. 8, its truncated quotient's plus 1)
  if (r2 > fy || (r2 == fy && (q & 1u) != 0)) { r = r - fy; quo = (quo + 1u) & 7u; } // exact: |y|/2 <= r <= |y|
  return signed_as(r, (x.bits >> 63) != 0);
}
}
inline f64 remainder(f64 x, f64 y) {
  if (isnan(x) || isnan(y)) return x + y;
  if (isinf(x) || (y.bits << 1) == 0) return f64::from_bits(cu2m_f64::QNAN);
  if (isinf(y)) return x;
  uint q;
  return cu2m_dmath::remainder_(x, y, q);
}
template <typename T> inline f64 remainder(f64 x, T y) { return remainder(x, f64(y)); }
template <typename T> inline f64 remainder(T x, f64 y) { return remainder(f64(x), y); }
// remquo (quo in any address space): the remainder, and n's low 3 bits (0 .. 7, as an H100) with x / y's sign in *quo.
template <typename P> inline f64 remquo(f64 x, f64 y, P quo) {
  *quo = 0;
  if (isnan(x) || isnan(y)) return x + y;
  if (isinf(x) || (y.bits << 1) == 0) return f64::from_bits(cu2m_f64::QNAN);
  if (isinf(y)) return x;
  uint q;
  f64 r = cu2m_dmath::remainder_(x, y, q);
  int n = int(q);
  *quo = ((x.bits ^ y.bits) >> 63) != 0 ? -n : n;
  return r;
}
// scalbn (ldexp), logb (ilogb as a double; -inf at 0), lrint/llrint, lround/llround: exact (out of
// range, where C leaves the result unspecified, the conversion saturates).
inline f64 scalbn(f64 x, int n) { return cu2m_dmath::ldexp_(x, n); }
inline f64 logb(f64 x) {
  if (isnan(x)) return x + x;
  if (isinf(x)) return fabs(x);
  if ((x.bits << 1) == 0) return CU2M_D(0xFFF0000000000000);
  return f64(ilogb(x));
}
inline long lrint(f64 x) { return long(rint(x)); }
inline long llrint(f64 x) { return long(rint(x)); }
inline long lround(f64 x) { return long(round(x)); }
inline long llround(f64 x) { return long(round(x)); }
#undef CU2M_D
// ---- end of erfc, lgamma, tgamma, remainder, remquo, scalbn, logb, lrint, lround
`;
