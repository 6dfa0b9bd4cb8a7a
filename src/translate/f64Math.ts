// The math functions of a double under software double (`--double=soft`, the default) beyond the
// exact ones and exp/log of f64Prelude.ts: pow, sin/cos/tan, asin/acos/atan/atan2, sinh/cosh/tanh,
// exp2/exp10/log2/log10, rsqrt, ldexp, fmod, frexp, modf, erf, expm1, log1p, cbrt, hypot, asinh/acosh/atanh, sinpi/cospi. Plain MSL on the soft operations, emitted inside the
// prelude (after exp and log), so Metal and the msl-cpu emulation compute the same bits.
//
// Method: the parts whose rounding errors the result would magnify are computed in double-double
// (an unevaluated sum hi + lo, through the exact two-sum and the exact fma of the prelude):
//   - pow(x, y) = exp(y log|x|) with log|x| in double-double (relative error about 2^-65) and the
//     product y log|x| kept as hi + lo, then exp of hi + lo; every special case of C99 Annex F first.
//   - sin/cos/tan: the argument reduced to r = x - k pi/2, |r| <= pi/4, as a double-double: Cody-Waite
//     with pi/2 in three parts (33 + 33 + 53 bits, exact products) for |x| < 2^20, and an exact
//     multi-word (Payne-Hanek) reduction through 1280 bits of 2/pi for larger |x| up to 1.8e308 and
//     where Cody-Waite leaves |r| < 2^-30 (x close to a multiple of pi/2); Taylor kernels to x^21 / x^20.
//   - atan: t reduced to u = (t - c) / (1 + t c), c = i/8 nearest t, |u| <= 1/16, plus atan(c) from a
//     double-double table; atan2, asin and acos form their ratio (and sqrt(1 - x^2)) in double-double.
//   - sinh/cosh/tanh through exp and expm1 in double-double; Taylor series for |x| < 1 (sinh, cosh).
// The error bounds measured against the host's libm (test/fixtures/double/dmath.cu) are in
// src/translate/tables/double.ts and docs/DESIGN.md.
export const F64_MATH = String.raw`// pow, sin, cos, tan, atan... of a double on the soft operations (double-double where needed)
namespace cu2m_dmath {
#define CU2M_D(b) f64::from_bits(b##ul)
struct dd { f64 hi; f64 lo; }; // hi + lo, |lo| <= ulp(hi) / 2
inline dd dd_of(f64 hi, f64 lo) { dd r; r.hi = hi; r.lo = lo; return r; }
inline dd two_sum(f64 a, f64 b) { f64 s = a + b; f64 bb = s - a; return dd_of(s, (a - (s - bb)) + (b - bb)); }
inline dd fast_two_sum(f64 a, f64 b) { f64 s = a + b; return dd_of(s, b - (s - a)); } // |a| >= |b|
inline dd two_prod(f64 a, f64 b) { f64 p = a * b; return dd_of(p, fma(a, b, -p)); } // the soft fma is exact
inline dd dd_div(dd a, dd b) {
  f64 q = a.hi / b.hi;
  return fast_two_sum(q, (fma(-q, b.hi, a.hi) + a.lo - q * b.lo) / b.hi);
}
inline dd dd_mul(dd a, dd b) { dd p = two_prod(a.hi, b.hi); return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi)); }
inline dd dd_neg(dd a) { return dd_of(-a.hi, -a.lo); }
inline dd dd_pio2() { return dd_of(CU2M_D(0x3FF921FB54442D18), CU2M_D(0x3C91A62633145C07)); }
inline dd dd_pi() { return dd_of(CU2M_D(0x400921FB54442D18), CU2M_D(0x3CA1A62633145C07)); }
inline dd minus_from(dd c, dd a) { dd s = two_sum(c.hi, -a.hi); return fast_two_sum(s.hi, s.lo + (c.lo - a.lo)); } // c - a
// x * 2^n with one rounding (subnormal results), C's ldexp.
inline f64 ldexp_(f64 x, int n) {
  int e = cu2m_f64::exp_of(x.bits);
  ulong sig = cu2m_f64::frac_of(x.bits);
  if (e == 0x7FF || (x.bits << 1) == 0) return x + x;
  n = n > 4000 ? 4000 : (n < -4000 ? -4000 : n);
  if (e != 0 && e + n > 0 && e + n < 0x7FF) return f64::from_bits(x.bits + (ulong(long(n)) << 52));
  if (e == 0) cu2m_f64::normalize(e, sig); else sig |= 0x0010000000000000ul;
  if (e + n >= 0x7FF) return f64::from_bits((x.bits & cu2m_f64::SIGN) | 0x7FF0000000000000ul);
  return f64::from_bits(cu2m_f64::round_pack(x.bits >> 63, e + n - 1, sig << 10));
}
// exp(hi + lo) = 2^k (1 + r + t): |r| <= ln2/2 + |lo|, t the rest of exp(r) - 1 (|hi| <= 746).
struct exp_parts { int k; f64 r; f64 t; };
inline exp_parts exp_reduce(f64 hi, f64 lo) {
  f64 kf = rint(hi * CU2M_D(0x3FF71547652B82FE)); // hi / ln2
  // ln2 in two parts: kf * ln2_hi (32 significant bits) and hi - kf * ln2_hi are exact.
  f64 a = hi - kf * CU2M_D(0x3FE62E42FEE00000);
  dd b = two_prod(kf, CU2M_D(0x3DEA39EF35793C76));
  dd r = two_sum(a, -b.hi);
  f64 rl = (r.lo - b.lo) + lo;
  f64 h = r.hi;
  f64 p = CU2M_D(0x3DA93974A8C07C9D);    // 1/14!
  p = p * h + CU2M_D(0x3DE6124613A86D09); // 1/13!
  p = p * h + CU2M_D(0x3E21EED8EFF8D898); // 1/12!
  p = p * h + CU2M_D(0x3E5AE64567F544E4); // 1/11!
  p = p * h + CU2M_D(0x3E927E4FB7789F5C); // 1/10!
  p = p * h + CU2M_D(0x3EC71DE3A556C734); // 1/9!
  p = p * h + CU2M_D(0x3EFA01A01A01A01A); // 1/8!
  p = p * h + CU2M_D(0x3F2A01A01A01A01A); // 1/7!
  p = p * h + CU2M_D(0x3F56C16C16C16C17); // 1/6!
  p = p * h + CU2M_D(0x3F81111111111111); // 1/5!
  p = p * h + CU2M_D(0x3FA5555555555555); // 1/4!
  p = p * h + CU2M_D(0x3FC5555555555555); // 1/3!
  p = p * h + CU2M_D(0x3FE0000000000000); // 1/2!
  exp_parts e;
  e.k = int(kf);
  e.r = h;
  f64 q = h * h * p; // exp(h) - 1 - h
  e.t = q + (rl + rl * (h + q)); // exp(h + rl) = exp(h) (1 + rl + ...): |rl| may be 2^-44
  return e;
}
inline dd exp_m(exp_parts e) { dd s = two_sum(CU2M_D(0x3FF0000000000000), e.r); return fast_two_sum(s.hi, s.lo + e.t); } // 1 + r + t
inline f64 exp_val(exp_parts e, int extra) { dd m = exp_m(e); return ldexp_(m.hi + m.lo, e.k + extra); }
// exp(x) as a double-double, for normal results (|x| < 708).
inline dd exp_dd(f64 x) {
  exp_parts e = exp_reduce(x, f64::from_bits(0));
  dd m = exp_m(e);
  return dd_of(ldexp_(m.hi, e.k), ldexp_(m.lo, e.k));
}
// exp(x) - 1 as a double-double, for -60 < x < 45.
inline dd expm1_dd(f64 x) {
  exp_parts e = exp_reduce(x, f64::from_bits(0));
  if (e.k == 0) return fast_two_sum(e.r, e.t);
  dd a = two_sum(ldexp_(CU2M_D(0x3FF0000000000000), e.k), CU2M_D(0xBFF0000000000000)); // 2^k - 1 exactly
  dd s = two_sum(a.hi, ldexp_(e.r, e.k));
  return fast_two_sum(s.hi, s.lo + (a.lo + ldexp_(e.t, e.k)));
}
// log(x) as a double-double for a positive finite x (relative error about 2^-65): x = 2^k m,
// m in [sqrt(2)/2, sqrt(2)], log(m) = 2 atanh(s) = 2s + 2s^3/3 + s^5 (2/5 + 2s^2/7 + ...), s = f / (2 + f).
inline dd log_dd(f64 x) {
  int k = 0;
  if (cu2m_f64::exp_of(x.bits) == 0) { x = x * CU2M_D(0x4350000000000000); k = -54; } // subnormal: * 2^54
  k += cu2m_f64::exp_of(x.bits) - 0x3FF;
  f64 m = f64::from_bits((x.bits & cu2m_f64::FRAC) | 0x3FF0000000000000ul);
  if (m > CU2M_D(0x3FF6A09E667F3BCD)) { m = f64::from_bits(m.bits - 0x0010000000000000ul); k++; }
  f64 f = m - CU2M_D(0x3FF0000000000000); // exact
  dd d = fast_two_sum(CU2M_D(0x4000000000000000), f);
  f64 sh = f / d.hi;
  f64 sl = (fma(-sh, d.hi, f) - sh * d.lo) / d.hi;
  dd s2 = two_prod(sh, sh);
  s2.lo = s2.lo + CU2M_D(0x4000000000000000) * sh * sl;
  dd s3 = two_prod(s2.hi, sh);
  s3.lo = s3.lo + (s2.lo * sh + s2.hi * sl);
  dd t3 = two_prod(s3.hi, CU2M_D(0x3FE5555555555555)); // 2/3 in two parts
  t3.lo = t3.lo + (s3.lo * CU2M_D(0x3FE5555555555555) + s3.hi * CU2M_D(0x3C85555555555555));
  f64 z = s2.hi;
  f64 q = CU2M_D(0x3FB2F684BDA12F68);    // 2/27
  q = q * z + CU2M_D(0x3FB3B13B13B13B14); // 2/25
  q = q * z + CU2M_D(0x3FB642C8590B2164); // 2/23
  q = q * z + CU2M_D(0x3FB8618618618618); // 2/21
  q = q * z + CU2M_D(0x3FBAF286BCA1AF28); // 2/19
  q = q * z + CU2M_D(0x3FBE1E1E1E1E1E1E); // 2/17
  q = q * z + CU2M_D(0x3FC1111111111111); // 2/15
  q = q * z + CU2M_D(0x3FC3B13B13B13B14); // 2/13
  q = q * z + CU2M_D(0x3FC745D1745D1746); // 2/11
  q = q * z + CU2M_D(0x3FCC71C71C71C71C); // 2/9
  q = q * z + CU2M_D(0x3FD2492492492492); // 2/7
  q = q * z + CU2M_D(0x3FD999999999999A); // 2/5
  f64 tail = s3.hi * z * q;
  f64 kf = f64(k);
  dd a = two_sum(kf * CU2M_D(0x3FE62E42FEE00000), sh + sh);
  dd b = two_sum(a.hi, t3.hi);
  return fast_two_sum(b.hi, a.lo + b.lo + ((sl + sl) + t3.lo + tail + kf * CU2M_D(0x3DEA39EF35793C76)));
}
// The bits of 2/pi after the binary point (bit i is worth 2^-i), for the exact reduction of huge arguments.
constant ulong TWO_OVER_PI[20] = {
  0xA2F9836E4E441529ul, 0xFC2757D1F534DDC0ul, 0xDB6295993C439041ul, 0xFE5163ABDEBBC561ul, 0xB7246E3A424DD2E0ul,
  0x06492EEA09D1921Cul, 0xFE1DEB1CB129A73Eul, 0xE88235F52EBB4484ul, 0xE99C7026B45F7E41ul, 0x3991D639835339F4ul,
  0x9C845F8BBDF9283Bul, 0x1FF897FFDE05980Ful, 0xEF2F118B5A0A6D1Ful, 0x6D367ECF27CB09B7ul, 0x4F463F669E5FEA2Dul,
  0x7527BAC7EBE5F17Bul, 0x3D0739F78A5292EAul, 0x6BFB5FB11F8D5D08ul, 0x56033046FC7B6BABul, 0xF0CFBC209AF4361Dul};
inline ulong two_over_pi_word(int w) { return w < 0 ? 0 : TWO_OVER_PI[w]; }
// Bits pos+1 .. pos+64 of 2/pi (pos >= -128; the bits at 0 and before are 0).
inline ulong two_over_pi_bits(int pos) {
  int j = pos + 128;
  int w = (j >> 6) - 2, s = j & 63;
  ulong a = two_over_pi_word(w), b = two_over_pi_word(w + 1);
  return s == 0 ? a : (a << s) | (b >> (64 - s));
}
// x = (4n + q) pi/2 + r, |r| <= pi/4, r as a double-double.
struct reduced { int q; dd r; };
// The exact reduction of any finite x >= pi/4: x = M 2^e, x 2/pi mod 4 = M (the 192 bits of 2/pi
// from bit e - 1 on) 2^-190 mod 4 (the bits before give multiples of 4), a 245-bit product.
inline reduced reduce_exact(f64 ax) {
  int e = cu2m_f64::exp_of(ax.bits) - 1075;
  ulong m = cu2m_f64::frac_of(ax.bits) | 0x0010000000000000ul;
  cu2m_f64::u128 a = cu2m_f64::mul64(m, two_over_pi_bits(e + 126));
  cu2m_f64::u128 b = cu2m_f64::mul64(m, two_over_pi_bits(e + 62));
  cu2m_f64::u128 c = cu2m_f64::mul64(m, two_over_pi_bits(e - 2));
  ulong p0 = a.lo;
  ulong p1 = a.hi + b.lo;
  ulong p2 = b.hi + c.lo + ulong(p1 < a.hi);
  reduced o;
  o.q = int(p2 >> 62);
  p2 &= 0x3FFFFFFFFFFFFFFFul; // the fraction: 190 bits
  bool negative = (p2 >> 61) != 0;
  if (negative) { // fraction >= 1/2: r = -(1 - fraction) pi/2 from the next quadrant
    o.q++;
    p0 = ~p0 + 1;
    p1 = ~p1 + ulong(p0 == 0);
    p2 = (~p2 + ulong(p0 == 0 && p1 == 0)) & 0x3FFFFFFFFFFFFFFFul;
  }
  o.q &= 3;
  int n = 0; // normalise: the leading 1 to bit 63 of p2
  if (p2 == 0) { p2 = p1; p1 = p0; p0 = 0; n += 64; }
  if (p2 == 0) { p2 = p1; p1 = 0; n += 64; }
  if (p2 == 0) { o.r = dd_of(f64::from_bits(0), f64::from_bits(0)); return o; }
  int z = cu2m_f64::clz64(p2);
  if (z != 0) { p2 = (p2 << z) | (p1 >> (64 - z)); p1 = (p1 << z) | (p0 >> (64 - z)); }
  n += z;
  // fraction = (p2 p1 ...) 2^(-190 - n + 64): its top 53 bits, and the next 53, exactly.
  f64 hi = ldexp_(f64(p2 >> 11), -51 - n);
  f64 lo = ldexp_(f64(((p2 & 0x7FFul) << 42) | (p1 >> 22)), -104 - n);
  dd pp = two_prod(hi, CU2M_D(0x3FF921FB54442D18));
  o.r = fast_two_sum(pp.hi, pp.lo + (hi * CU2M_D(0x3C91A62633145C07) + lo * CU2M_D(0x3FF921FB54442D18)));
  if (negative) o.r = dd_neg(o.r);
  return o;
}
inline reduced reduce_pio2(f64 ax) {
  reduced o;
  if (ax <= CU2M_D(0x3FE921FB54442D18)) { o.q = 0; o.r = dd_of(ax, f64::from_bits(0)); return o; }
  if (ax < CU2M_D(0x4130000000000000)) { // < 2^20: Cody-Waite, pi/2 = p1 + p2 + p3 (k p1, k p2 exact)
    f64 kf = rint(ax * CU2M_D(0x3FE45F306DC9C883));
    f64 a = ax - kf * CU2M_D(0x3FF921FB54400000);
    dd s = two_sum(a, -(kf * CU2M_D(0x3DD0B4611A600000)));
    dd u = two_prod(kf, CU2M_D(0x3BA3198A2E037073));
    dd v = two_sum(s.hi, -u.hi);
    o.r = fast_two_sum(v.hi, (s.lo - u.lo) + v.lo);
    o.q = int(kf) & 3;
    if (fabs(o.r.hi) > CU2M_D(0x3E10000000000000)) return o; // |r| > 2^-30: pi/2 to 119 bits suffices
  }
  return reduce_exact(ax);
}
// sin(hi + lo) and cos(hi + lo) for |hi| <= pi/4 + a little, as double-doubles (Taylor series).
inline dd sin_k(dd x) {
  f64 h = x.hi, z = h * h;
  f64 p = CU2M_D(0x3BD71B8EF6DCF572);    // 1/21!
  p = p * z - CU2M_D(0x3C62F49B46814157); // 1/19!
  p = p * z + CU2M_D(0x3CE952C77030AD4A); // 1/17!
  p = p * z - CU2M_D(0x3D6AE7F3E733B81F); // 1/15!
  p = p * z + CU2M_D(0x3DE6124613A86D09); // 1/13!
  p = p * z - CU2M_D(0x3E5AE64567F544E4); // 1/11!
  p = p * z + CU2M_D(0x3EC71DE3A556C734); // 1/9!
  p = p * z - CU2M_D(0x3F2A01A01A01A01A); // 1/7!
  p = p * z + CU2M_D(0x3F81111111111111); // 1/5!
  p = p * z - CU2M_D(0x3FC5555555555555); // 1/3!
  return fast_two_sum(h, h * z * p + (x.lo - x.lo * z * CU2M_D(0x3FE0000000000000)));
}
inline dd cos_k(dd x) {
  f64 h = x.hi;
  dd z = two_prod(h, h);
  f64 hz = z.hi * CU2M_D(0x3FE0000000000000);
  dd w = two_sum(CU2M_D(0x3FF0000000000000), -hz); // 1 - h^2/2, exactly
  f64 y = z.hi;
  f64 c = CU2M_D(0x3C1E542BA4020225);    // 1/20!
  c = c * y - CU2M_D(0x3CA6827863B97D97); // 1/18!
  c = c * y + CU2M_D(0x3D2AE7F3E733B81F); // 1/16!
  c = c * y - CU2M_D(0x3DA93974A8C07C9D); // 1/14!
  c = c * y + CU2M_D(0x3E21EED8EFF8D898); // 1/12!
  c = c * y - CU2M_D(0x3E927E4FB7789F5C); // 1/10!
  c = c * y + CU2M_D(0x3EFA01A01A01A01A); // 1/8!
  c = c * y - CU2M_D(0x3F56C16C16C16C17); // 1/6!
  c = c * y + CU2M_D(0x3FA5555555555555); // 1/4!
  return fast_two_sum(w.hi, w.lo - z.lo * CU2M_D(0x3FE0000000000000) + y * y * c - h * x.lo);
}
// atan(c) for c = i/8, i = 0..8, in two parts.
constant ulong ATAN_EIGHTHS_HI[9] = {0, 0x3FBFD5BA9AAC2F6Eul, 0x3FCF5B75F92C80DDul, 0x3FD6F61941E4DEF1ul, 0x3FDDAC670561BB4Ful,
  0x3FE1E00BABDEFEB4ul, 0x3FE4978FA3269EE1ul, 0x3FE700A7C5784634ul, 0x3FE921FB54442D18ul};
constant ulong ATAN_EIGHTHS_LO[9] = {0, 0xBC4CD37686760C17ul, 0x3C68AB6E3CF7AFBDul, 0xBC7C63AAE6F6E918ul, 0x3C7A2B7F222F65E2ul,
  0xBC5928DF287A668Ful, 0x3C72419A87F2A458ul, 0xBC78C34D25AADEF6ul, 0x3C81A62633145C07ul};
// atan(t) for a double-double 0 <= t <= 1: atan(c) + atan((t - c) / (1 + t c)), c = i/8 nearest t.
inline dd atan_k(dd t) {
  int i = int(rint(t.hi * CU2M_D(0x4020000000000000)));
  dd u = t;
  if (i != 0) {
    f64 c = f64(i) * CU2M_D(0x3FC0000000000000);
    dd num = two_sum(t.hi - c, t.lo); // t.hi - c is exact
    dd p = two_prod(t.hi, c);
    dd den = two_sum(CU2M_D(0x3FF0000000000000), p.hi);
    den.lo = den.lo + p.lo + t.lo * c;
    u = dd_div(num, fast_two_sum(den.hi, den.lo));
  }
  f64 h = u.hi, z = h * h;
  f64 a = CU2M_D(0x3FAE1E1E1E1E1E1E);    // 1/17
  a = a * z - CU2M_D(0x3FB1111111111111); // 1/15
  a = a * z + CU2M_D(0x3FB3B13B13B13B14); // 1/13
  a = a * z - CU2M_D(0x3FB745D1745D1746); // 1/11
  a = a * z + CU2M_D(0x3FBC71C71C71C71C); // 1/9
  a = a * z - CU2M_D(0x3FC2492492492492); // 1/7
  a = a * z + CU2M_D(0x3FC999999999999A); // 1/5
  a = a * z - CU2M_D(0x3FD5555555555555); // 1/3
  dd s = two_sum(f64::from_bits(ATAN_EIGHTHS_HI[i]), h);
  return fast_two_sum(s.hi, s.lo + (f64::from_bits(ATAN_EIGHTHS_LO[i]) + (u.lo - u.lo * z + h * z * a)));
}
// atan(y / x) in [0, pi/2] for positive finite double-doubles.
inline dd atan_ratio(dd y, dd x) {
  if (y.hi <= x.hi) return atan_k(dd_div(y, x));
  return minus_from(dd_pio2(), atan_k(dd_div(x, y)));
}
// sqrt(1 - x^2) as a double-double, 0 <= x <= 1.
inline dd sqrt_one_minus_sq(f64 x) {
  dd p = two_prod(x, x);
  dd d = two_sum(CU2M_D(0x3FF0000000000000), -p.hi);
  d = fast_two_sum(d.hi, d.lo - p.lo);
  f64 c = sqrt(d.hi);
  if ((c.bits << 1) == 0) return dd_of(c, c);
  return fast_two_sum(c, (fma(-c, c, d.hi) + d.lo) / (c + c));
}
inline bool is_integer(f64 y) { return cu2m_f64::exp_of(y.bits) != 0x7FF && (y.bits & cu2m_f64::frac_mask(y.bits)) == 0; }
inline bool is_odd_integer(f64 y) {
  int e = cu2m_f64::exp_of(y.bits);
  if (e < 0x3FF || e > 0x433 || !is_integer(y)) return false;
  return (((y.bits & cu2m_f64::FRAC) | 0x0010000000000000ul) >> (0x433 - e) & 1) != 0;
}
inline f64 signed_as(f64 v, bool negative) { if (negative) return -v; return v; }
inline f64 dd_value(dd a) { return a.hi + a.lo; }
} // namespace cu2m_dmath

inline f64 ldexp(f64 x, int n) { return cu2m_dmath::ldexp_(x, n); }
// pow with every special case of C99 Annex F (F.9.4.4); otherwise exp(y log|x|), the sign from an odd y.
inline f64 pow(f64 x, f64 y) {
  using namespace cu2m_dmath;
  ulong ax = x.bits & ~cu2m_f64::SIGN, ay = y.bits & ~cu2m_f64::SIGN;
  if (ay == 0 || x.bits == 0x3FF0000000000000ul) return CU2M_D(0x3FF0000000000000); // pow(x, ±0), pow(1, y)
  if (cu2m_f64::is_nan(x.bits) || cu2m_f64::is_nan(y.bits)) return x + y;
  bool ypos = (y.bits >> 63) == 0;
  bool negative = (x.bits >> 63) != 0 && is_odd_integer(y);
  const f64 inf = CU2M_D(0x7FF0000000000000), zero = f64::from_bits(0);
  if (ay == 0x7FF0000000000000ul) { // y = ±inf
    if (ax == 0x3FF0000000000000ul) return CU2M_D(0x3FF0000000000000); // pow(-1, ±inf)
    return (ax < 0x3FF0000000000000ul) == ypos ? zero : inf;
  }
  if (ax == 0) return signed_as(ypos ? zero : inf, negative);
  if (ax == 0x7FF0000000000000ul) return signed_as(ypos ? inf : zero, negative);
  if ((x.bits >> 63) != 0 && !is_integer(y)) return f64::from_bits(cu2m_f64::QNAN);
  dd l = log_dd(f64::from_bits(ax));
  f64 zh = y * l.hi;
  f64 r;
  if (zh > CU2M_D(0x40862E6666666666)) r = inf;        // > 709.8: overflows
  else if (zh < CU2M_D(0xC08749999999999A)) r = zero; // < -745.2: below half the least subnormal
  else r = exp_val(exp_reduce(zh, fma(y, l.hi, -zh) + y * l.lo), 0);
  return signed_as(r, negative);
}
// Mixed arguments convert to double, as in C (and keep Metal's float pow out of the choice).
template <typename T> inline f64 pow(f64 x, T y) { return pow(x, f64(y)); }
template <typename T> inline f64 pow(T x, f64 y) { return pow(f64(x), y); }
inline f64 sin(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x)) return x - x; // NaN
  if (ax < CU2M_D(0x3E50000000000000)) return x; // |x| < 2^-26: sin x rounds to x
  reduced o = reduce_pio2(ax);
  f64 v = dd_value((o.q & 1) != 0 ? cos_k(o.r) : sin_k(o.r));
  return signed_as(v, ((o.q & 2) != 0) != ((x.bits >> 63) != 0));
}
inline f64 cos(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x)) return x - x;
  if (ax < CU2M_D(0x3E40000000000000)) return CU2M_D(0x3FF0000000000000); // |x| < 2^-27
  reduced o = reduce_pio2(ax);
  f64 v = dd_value((o.q & 1) != 0 ? sin_k(o.r) : cos_k(o.r));
  return signed_as(v, o.q == 1 || o.q == 2);
}
inline f64 tan(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x)) return x - x;
  if (ax < CU2M_D(0x3E40000000000000)) return x;
  reduced o = reduce_pio2(ax);
  dd s = sin_k(o.r), c = cos_k(o.r);
  f64 v = (o.q & 1) != 0 ? -dd_value(dd_div(c, s)) : dd_value(dd_div(s, c));
  return signed_as(v, (x.bits >> 63) != 0);
}
inline f64 atan(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (isnan(x)) return x + x;
  if (ax < CU2M_D(0x3E40000000000000)) return x;
  dd a;
  if (ax <= CU2M_D(0x3FF0000000000000)) a = atan_k(dd_of(ax, f64::from_bits(0)));
  else if (isinf(ax)) a = dd_pio2();
  else { f64 y = CU2M_D(0x3FF0000000000000) / ax; a = minus_from(dd_pio2(), atan_k(dd_of(y, fma(-y, ax, CU2M_D(0x3FF0000000000000)) / ax))); }
  return signed_as(dd_value(a), (x.bits >> 63) != 0);
}
// atan2 with the special cases of C99 Annex F (F.9.1.4).
inline f64 atan2(f64 y, f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x) || isnan(y)) return x + y;
  bool xneg = (x.bits >> 63) != 0;
  f64 ax = fabs(x), ay = fabs(y);
  dd a;
  if ((ay.bits) == 0) a = xneg ? dd_pi() : dd_of(ay, ay);
  else if ((ax.bits) == 0) a = dd_pio2();
  else if (isinf(ay)) a = !isinf(ax) ? dd_pio2() : xneg ? dd_of(CU2M_D(0x4002D97C7F3321D2), CU2M_D(0x3C9A79394C9E8A0A)) : dd_of(CU2M_D(0x3FE921FB54442D18), CU2M_D(0x3C81A62633145C07));
  else if (isinf(ax)) a = xneg ? dd_pi() : dd_of(f64::from_bits(0), f64::from_bits(0));
  else {
    a = atan_ratio(dd_of(ay, f64::from_bits(0)), dd_of(ax, f64::from_bits(0)));
    if (xneg) a = minus_from(dd_pi(), a);
  }
  return signed_as(dd_value(a), (y.bits >> 63) != 0);
}
template <typename T> inline f64 atan2(f64 y, T x) { return atan2(y, f64(x)); }
template <typename T> inline f64 atan2(T y, f64 x) { return atan2(f64(y), x); }
inline f64 asin(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (isnan(x)) return x + x;
  if (ax > CU2M_D(0x3FF0000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  if (ax < CU2M_D(0x3E50000000000000)) return x;
  dd c = sqrt_one_minus_sq(ax);
  dd a = (c.hi.bits << 1) == 0 ? dd_pio2() : atan_ratio(dd_of(ax, f64::from_bits(0)), c);
  return signed_as(dd_value(a), (x.bits >> 63) != 0);
}
inline f64 acos(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (isnan(x)) return x + x;
  if (ax > CU2M_D(0x3FF0000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  dd c = sqrt_one_minus_sq(ax);
  dd a = (ax.bits == 0) ? dd_pio2() : (c.hi.bits << 1) == 0 ? dd_of(c.hi, c.hi) : atan_ratio(c, dd_of(ax, f64::from_bits(0)));
  if ((x.bits >> 63) != 0) a = minus_from(dd_pi(), a);
  return dd_value(a);
}
inline f64 sinh(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x), v;
  if (!isfinite(x)) return x + x;
  if (ax < CU2M_D(0x3E50000000000000)) return x;
  if (ax < CU2M_D(0x3FF0000000000000)) { // x + x^3/3! + ... + x^21/21!
    f64 z = ax * ax;
    f64 p = CU2M_D(0x3BD71B8EF6DCF572);    // 1/21!
    p = p * z + CU2M_D(0x3C62F49B46814157); // 1/19!
    p = p * z + CU2M_D(0x3CE952C77030AD4A); // 1/17!
    p = p * z + CU2M_D(0x3D6AE7F3E733B81F); // 1/15!
    p = p * z + CU2M_D(0x3DE6124613A86D09); // 1/13!
    p = p * z + CU2M_D(0x3E5AE64567F544E4); // 1/11!
    p = p * z + CU2M_D(0x3EC71DE3A556C734); // 1/9!
    p = p * z + CU2M_D(0x3F2A01A01A01A01A); // 1/7!
    p = p * z + CU2M_D(0x3F81111111111111); // 1/5!
    p = p * z + CU2M_D(0x3FC5555555555555); // 1/3!
    v = ax + ax * z * p;
  } else if (ax < CU2M_D(0x4036000000000000)) { // < 22: (e^x - e^-x) / 2
    dd e = exp_dd(ax);
    f64 ih = CU2M_D(0x3FF0000000000000) / e.hi;
    f64 il = (fma(-ih, e.hi, CU2M_D(0x3FF0000000000000)) - ih * e.lo) / e.hi;
    dd s = two_sum(e.hi, -ih);
    v = (s.hi + (s.lo + (e.lo - il))) * CU2M_D(0x3FE0000000000000);
  } else {
    v = ax < CU2M_D(0x4086380000000000) ? exp_val(exp_reduce(ax, f64::from_bits(0)), -1) : CU2M_D(0x7FF0000000000000);
  }
  return signed_as(v, (x.bits >> 63) != 0);
}
inline f64 cosh(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x)) return ax + ax;
  if (ax < CU2M_D(0x3E50000000000000)) return CU2M_D(0x3FF0000000000000);
  if (ax < CU2M_D(0x3FF0000000000000)) { // 1 + x^2/2 + x^4/4! + ... + x^20/20!
    dd z = two_prod(ax, ax);
    f64 y = z.hi;
    f64 c = CU2M_D(0x3C1E542BA4020225);    // 1/20!
    c = c * y + CU2M_D(0x3CA6827863B97D97); // 1/18!
    c = c * y + CU2M_D(0x3D2AE7F3E733B81F); // 1/16!
    c = c * y + CU2M_D(0x3DA93974A8C07C9D); // 1/14!
    c = c * y + CU2M_D(0x3E21EED8EFF8D898); // 1/12!
    c = c * y + CU2M_D(0x3E927E4FB7789F5C); // 1/10!
    c = c * y + CU2M_D(0x3EFA01A01A01A01A); // 1/8!
    c = c * y + CU2M_D(0x3F56C16C16C16C17); // 1/6!
    c = c * y + CU2M_D(0x3FA5555555555555); // 1/4!
    dd s = two_sum(CU2M_D(0x3FF0000000000000), y * CU2M_D(0x3FE0000000000000));
    return s.hi + (s.lo + (z.lo * CU2M_D(0x3FE0000000000000) + y * y * c));
  }
  if (ax < CU2M_D(0x4036000000000000)) { // < 22: (e^x + e^-x) / 2
    dd e = exp_dd(ax);
    f64 ih = CU2M_D(0x3FF0000000000000) / e.hi;
    f64 il = (fma(-ih, e.hi, CU2M_D(0x3FF0000000000000)) - ih * e.lo) / e.hi;
    dd s = two_sum(e.hi, ih);
    return (s.hi + (s.lo + (e.lo + il))) * CU2M_D(0x3FE0000000000000);
  }
  return ax < CU2M_D(0x4086380000000000) ? exp_val(exp_reduce(ax, f64::from_bits(0)), -1) : CU2M_D(0x7FF0000000000000);
}
inline f64 tanh(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (isnan(x)) return x + x;
  if (ax < CU2M_D(0x3E40000000000000)) return x;
  if (ax >= CU2M_D(0x4036000000000000)) return signed_as(CU2M_D(0x3FF0000000000000), (x.bits >> 63) != 0);
  dd t = expm1_dd(ax + ax); // tanh |x| = t / (t + 2)
  dd d = two_sum(t.hi, CU2M_D(0x4000000000000000));
  return signed_as(dd_value(dd_div(t, fast_two_sum(d.hi, d.lo + t.lo))), (x.bits >> 63) != 0);
}
inline f64 exp2(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  if (x >= CU2M_D(0x4090000000000000)) return CU2M_D(0x7FF0000000000000); // >= 1024
  if (x < CU2M_D(0xC090E00000000000)) return f64::from_bits(0);           // < -1080
  dd z = two_prod(x, CU2M_D(0x3FE62E42FEFA39EF)); // x ln2
  return exp_val(exp_reduce(z.hi, z.lo + x * CU2M_D(0x3C7ABC9E3B39803F)), 0);
}
inline f64 exp10(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  if (x > CU2M_D(0x40734428F5C28F5C)) return CU2M_D(0x7FF0000000000000); // > 308.26
  if (x < CU2M_D(0xC074400000000000)) return f64::from_bits(0);           // < -324
  dd z = two_prod(x, CU2M_D(0x40026BB1BBB55516)); // x ln10
  return exp_val(exp_reduce(z.hi, z.lo + x * CU2M_D(0xBCAF48AD494EA3E9)), 0);
}
inline f64 log2(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x) || x == f64::from_bits(0) || x < f64::from_bits(0) || isinf(x)) return log(x);
  return dd_value(dd_mul(log_dd(x), dd_of(CU2M_D(0x3FF71547652B82FE), CU2M_D(0x3C7777D0FFDA0D24)))); // * 1/ln2
}
inline f64 log10(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x) || x == f64::from_bits(0) || x < f64::from_bits(0) || isinf(x)) return log(x);
  return dd_value(dd_mul(log_dd(x), dd_of(CU2M_D(0x3FDBCB7B1526E50E), CU2M_D(0x3C695355BAAAFAD3)))); // * 1/ln10
}
// 1/sqrt(x): the quotient refined by one Newton step in double-double.
inline f64 rsqrt(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  if ((x.bits << 1) == 0) return signed_as(CU2M_D(0x7FF0000000000000), (x.bits >> 63) != 0);
  if ((x.bits >> 63) != 0) return f64::from_bits(cu2m_f64::QNAN);
  if (isinf(x)) return f64::from_bits(0);
  int s = 0; // scale by an even power of 2 so that y * y stays normal
  if (x < CU2M_D(0x07B0000000000000)) { x = x * CU2M_D(0x7E70000000000000); s = 500; }        // < 2^-900: * 2^1000
  else if (x > CU2M_D(0x7830000000000000)) { x = x * CU2M_D(0x0170000000000000); s = -500; } // > 2^900: * 2^-1000
  f64 y = CU2M_D(0x3FF0000000000000) / sqrt(x);
  dd y2 = two_prod(y, y);
  f64 t = fma(-x, y2.hi, CU2M_D(0x3FF0000000000000)) - x * y2.lo;
  return ldexp_(y + y * t * CU2M_D(0x3FE0000000000000), s);
}
// fmod(x, y): exact (x - n y with n = trunc(x / y)), through integer remainders of the significands.
inline f64 fmod(f64 x, f64 y) {
  using namespace cu2m_dmath;
  ulong ax = x.bits & ~cu2m_f64::SIGN, ay = y.bits & ~cu2m_f64::SIGN;
  if (cu2m_f64::is_nan(x.bits) || cu2m_f64::is_nan(y.bits)) return x + y;
  if (ax == 0x7FF0000000000000ul || ay == 0) return f64::from_bits(cu2m_f64::QNAN);
  if (ax < ay) return x; // also ±0 and y = inf
  int ex = cu2m_f64::exp_of(ax), ey = cu2m_f64::exp_of(ay);
  ulong mx = cu2m_f64::frac_of(ax), my = cu2m_f64::frac_of(ay);
  if (ex == 0) cu2m_f64::normalize(ex, mx); else mx |= 0x0010000000000000ul;
  if (ey == 0) cu2m_f64::normalize(ey, my); else my |= 0x0010000000000000ul;
  ulong r = mx % my;
  for (int d = ex - ey; d > 0;) { // r 2^d mod my, 11 bits at a time (r < 2^53)
    int s = d < 11 ? d : 11;
    r = (r << s) % my;
    d -= s;
  }
  return signed_as(ldexp_(f64(r), ey - 1075), (x.bits >> 63) != 0);
}
template <typename T> inline f64 fmod(f64 x, T y) { return fmod(x, f64(y)); }
template <typename T> inline f64 fmod(T x, f64 y) { return fmod(f64(x), y); }
inline f64 expm1(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  if (x > CU2M_D(0x4046800000000000)) return x < CU2M_D(0x40862E6666666666) ? exp_val(exp_reduce(x, f64::from_bits(0)), 0) - CU2M_D(0x3FF0000000000000) : CU2M_D(0x7FF0000000000000); // > 45
  if (x < CU2M_D(0xC044000000000000)) return CU2M_D(0xBFF0000000000000); // < -40: -1 + e^x rounds to -1
  if (fabs(x) < CU2M_D(0x3C90000000000000)) return x;                      // |x| < 2^-54
  return dd_value(expm1_dd(x));
}
// log of a positive double-double: log(hi) + lo / hi.
namespace cu2m_dmath {
inline dd log_of_dd(dd w) { dd l = log_dd(w.hi); return fast_two_sum(l.hi, l.lo + w.lo / w.hi); }
inline dd sqrt_dd(dd d) { f64 c = sqrt(d.hi); return fast_two_sum(c, (fma(-c, c, d.hi) + d.lo) / (c + c)); } // d > 0
inline dd ln2_dd() { return dd_of(CU2M_D(0x3FE62E42FEFA39EF), CU2M_D(0x3C7ABC9E3B39803F)); }
}
inline f64 log1p(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  if (x < CU2M_D(0xBFF0000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  if (x == CU2M_D(0xBFF0000000000000)) return CU2M_D(0xFFF0000000000000);
  if (isinf(x) || fabs(x) < CU2M_D(0x3C90000000000000)) return x;
  dd u = two_sum(CU2M_D(0x3FF0000000000000), x); // 1 + x exactly
  return dd_value(log_of_dd(u));
}
// cbrt: exp(log|x| / 3) in double-double, then one Newton step on y^3 - |x| in double-double.
inline f64 cbrt(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x) || (x.bits << 1) == 0) return x + x;
  dd l = log_dd(ax);
  f64 zh = l.hi / CU2M_D(0x4008000000000000);
  f64 y = exp_val(exp_reduce(zh, (fma(-zh, CU2M_D(0x4008000000000000), l.hi) + l.lo) / CU2M_D(0x4008000000000000)), 0);
  if (ax > CU2M_D(0x07B0000000000000) && ax < CU2M_D(0x7E70000000000000)) { // 2^-900 < |x| < 2^1000: y^3 stays normal
    dd y2 = two_prod(y, y);
    dd y3 = two_prod(y2.hi, y);
    f64 d = (y3.hi - ax) + (y3.lo + y2.lo * y);
    y = y - d / (CU2M_D(0x4008000000000000) * y2.hi);
  }
  return signed_as(y, (x.bits >> 63) != 0);
}
// hypot: both scaled by the same power of 2, the sum of squares and its root in double-double.
inline f64 hypot(f64 x, f64 y) {
  using namespace cu2m_dmath;
  f64 a = fabs(x), b = fabs(y);
  if (isinf(a) || isinf(b)) return CU2M_D(0x7FF0000000000000);
  if (isnan(a) || isnan(b)) return x + y;
  if (a < b) { f64 t = a; a = b; b = t; }
  if ((b.bits << 1) == 0 || ldexp_(b, 60) < a) return a + b; // b^2 vanishes next to a^2
  int e = cu2m_f64::exp_of(a.bits) - 0x3FF;
  if (cu2m_f64::exp_of(a.bits) == 0) e = -1022;
  a = ldexp_(a, -e);
  b = ldexp_(b, -e);
  dd p = two_prod(a, a), q = two_prod(b, b);
  dd s = two_sum(p.hi, q.hi);
  return ldexp_(dd_value(sqrt_dd(fast_two_sum(s.hi, s.lo + p.lo + q.lo))), e);
}
template <typename T> inline f64 hypot(f64 x, T y) { return hypot(x, f64(y)); }
template <typename T> inline f64 hypot(T x, f64 y) { return hypot(f64(x), y); }
// asinh |x| = log(|x| + sqrt(x^2 + 1)), acosh x = log(x + sqrt(x^2 - 1)), the sums in double-double.
inline f64 asinh(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x)) return x + x;
  if (ax < CU2M_D(0x3E40000000000000)) return x; // also ±0
  dd r;
  if (ax > CU2M_D(0x41B0000000000000)) { // > 2^28: log 2|x|
    dd l = log_dd(ax), c = ln2_dd();
    dd s = two_sum(l.hi, c.hi);
    r = fast_two_sum(s.hi, s.lo + l.lo + c.lo);
  } else {
    dd t = two_prod(ax, ax);
    dd d = two_sum(CU2M_D(0x3FF0000000000000), t.hi);
    dd c = sqrt_dd(fast_two_sum(d.hi, d.lo + t.lo));
    dd w = two_sum(ax, c.hi);
    r = log_of_dd(fast_two_sum(w.hi, w.lo + c.lo));
  }
  return signed_as(dd_value(r), (x.bits >> 63) != 0);
}
inline f64 acosh(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  if (x < CU2M_D(0x3FF0000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  if (isinf(x)) return x;
  if (x > CU2M_D(0x41B0000000000000)) { dd l = log_dd(x), c = ln2_dd(); dd s = two_sum(l.hi, c.hi); return s.hi + (s.lo + l.lo + c.lo); }
  dd t = two_prod(x, x);
  dd d = two_sum(t.hi, CU2M_D(0xBFF0000000000000));
  d = fast_two_sum(d.hi, d.lo + t.lo);
  if ((d.hi.bits << 1) == 0) return f64::from_bits(0); // acosh(1)
  dd c = sqrt_dd(d);
  dd w = two_sum(x, c.hi);
  return dd_value(log_of_dd(fast_two_sum(w.hi, w.lo + c.lo)));
}
// atanh |x| = log((1 + |x|) / (1 - |x|)) / 2, the quotient in double-double.
inline f64 atanh(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (isnan(x)) return x + x;
  if (ax > CU2M_D(0x3FF0000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  if (ax == CU2M_D(0x3FF0000000000000)) return signed_as(CU2M_D(0x7FF0000000000000), (x.bits >> 63) != 0);
  if (ax < CU2M_D(0x3E40000000000000)) return x;
  dd q = dd_div(two_sum(CU2M_D(0x3FF0000000000000), ax), two_sum(CU2M_D(0x3FF0000000000000), -ax));
  return signed_as(dd_value(log_of_dd(q)) * CU2M_D(0x3FE0000000000000), (x.bits >> 63) != 0);
}
// sinpi/cospi: x = n/2 + f exactly (|f| <= 1/4), then the kernels at f pi in double-double.
namespace cu2m_dmath {
inline reduced reduce_halves(f64 ax) { // ax < 2^52
  f64 n = rint(ax + ax);
  f64 f = ax - n * CU2M_D(0x3FE0000000000000);
  dd r = two_prod(f, CU2M_D(0x400921FB54442D18));
  reduced o;
  o.q = int(ulong(n) & 3);
  o.r = fast_two_sum(r.hi, r.lo + f * CU2M_D(0x3CA1A62633145C07));
  return o;
}
}
inline f64 sinpi(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x)) return x - x;
  bool neg = (x.bits >> 63) != 0;
  if (ax >= CU2M_D(0x4330000000000000)) return signed_as(f64::from_bits(0), neg); // an integer: ±0
  reduced o = reduce_halves(ax);
  if ((o.r.hi.bits << 1) == 0) return (o.q & 1) != 0 ? signed_as(CU2M_D(0x3FF0000000000000), neg != (o.q == 3)) : signed_as(f64::from_bits(0), neg);
  f64 v = dd_value((o.q & 1) != 0 ? cos_k(o.r) : sin_k(o.r));
  return signed_as(v, ((o.q & 2) != 0) != neg);
}
inline f64 cospi(f64 x) {
  using namespace cu2m_dmath;
  f64 ax = fabs(x);
  if (!isfinite(x)) return x - x;
  if (ax >= CU2M_D(0x4340000000000000)) return CU2M_D(0x3FF0000000000000); // an even integer
  if (ax >= CU2M_D(0x4330000000000000)) return (ax.bits & 1) != 0 ? CU2M_D(0xBFF0000000000000) : CU2M_D(0x3FF0000000000000);
  reduced o = reduce_halves(ax);
  if ((o.r.hi.bits << 1) == 0 && (o.q & 1) != 0) return f64::from_bits(0); // cospi(n + 1/2) = +0
  f64 v = dd_value((o.q & 1) != 0 ? sin_k(o.r) : cos_k(o.r));
  return signed_as(v, o.q == 1 || o.q == 2);
}
// ilogb: the unbiased exponent (subnormals by their leading bit); 0 and NaN give INT_MIN, inf INT_MAX.
inline int ilogb(f64 x) {
  int e = cu2m_f64::exp_of(x.bits);
  if (cu2m_f64::is_nan(x.bits) || (x.bits << 1) == 0) return -2147483647 - 1;
  if (e == 0x7FF) return 2147483647;
  if (e == 0) return -1011 - cu2m_f64::clz64(x.bits & cu2m_f64::FRAC);
  return e - 0x3FF;
}
// nextafter (the translator calls the float one cu2m_nextafter): the neighbour of x toward y.
inline f64 cu2m_nextafter(f64 x, f64 y) {
  if (isnan(x) || isnan(y)) return x + y;
  if (x == y) return y;
  if ((x.bits << 1) == 0) return f64::from_bits((y.bits & cu2m_f64::SIGN) | 1);
  return f64::from_bits((x < y) == ((x.bits >> 63) == 0) ? x.bits + 1 : x.bits - 1);
}
template <typename T> inline f64 cu2m_nextafter(f64 x, T y) { return cu2m_nextafter(x, f64(y)); }
template <typename T> inline f64 cu2m_nextafter(T x, f64 y) { return cu2m_nextafter(f64(x), y); }
// erf (odd): |x| >= 6 rounds to +-1; |x| < 2^-28 is x + x (2/sqrt(pi) - 1) (x scaled up by 2^64
// first where x (2/sqrt(pi) - 1) would lose bits to underflow); otherwise erf_dd: the series
// (2/sqrt(pi)) x e^(-x^2) sum_n (2x^2)^n / (1 3 5 ... (2n+1)), whose terms are all positive (no
// cancellation), summed and multiplied in double-double (erfc below 1/2 uses it too: f64Special.ts).
namespace cu2m_dmath {
// erf(x) for 0 <= x < 6 as a double-double.
inline dd erf_dd(f64 ax) {
  dd x2 = two_prod(ax, ax);
  dd twice = dd_of(x2.hi + x2.hi, x2.lo + x2.lo);
  dd t = dd_of(ax, f64::from_bits(0));
  dd s = t;
  for (int n = 0; n < 400; n++) {
    t = dd_div(dd_mul(t, twice), dd_of(f64(2 * n + 3), f64::from_bits(0)));
    dd u = two_sum(s.hi, t.hi);
    s = fast_two_sum(u.hi, u.lo + (s.lo + t.lo));
    if (t.hi < ldexp_(s.hi, -110)) break;
  }
  dd e = dd_mul(exp_dd(-x2.hi), dd_of(CU2M_D(0x3FF0000000000000), -x2.lo)); // e^-(hi + lo) = e^-hi (1 - lo), lo^2 < 2^-96
  return dd_mul(dd_mul(e, s), dd_of(CU2M_D(0x3FF20DD750429B6D), CU2M_D(0x3C71AE3A914FED80))); // 2/sqrt(pi)
}
}
inline f64 erf(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  f64 ax = fabs(x);
  if (ax >= CU2M_D(0x4018000000000000)) return copysign(CU2M_D(0x3FF0000000000000), x);
  if (ax < CU2M_D(0x3E30000000000000)) {
    if (ax < CU2M_D(0x0080000000000000)) { f64 y = ldexp_(x, 64); return ldexp_(y + y * CU2M_D(0x3FC06EBA8214DB69), -64); }
    return x + x * CU2M_D(0x3FC06EBA8214DB69);
  }
  dd r = erf_dd(ax);
  return copysign(r.hi + r.lo, x);
}
// frexp (the translator calls the float one cu2m_frexp; e in any address space): x = m 2^e with
// 0.5 <= |m| < 1, exact; 0, inf and NaN come back as they are (a NaN quieted) with e = 0.
template <typename P> inline f64 cu2m_frexp(f64 x, P e) {
  int ex = cu2m_f64::exp_of(x.bits);
  if (ex == 0x7FF || (x.bits << 1) == 0) { *e = 0; return x + x; }
  int shift = 0;
  if (ex == 0) { // subnormal: its leading bit moved to the implicit bit's place
    shift = cu2m_f64::clz64(x.bits & cu2m_f64::FRAC) - 11;
    x = f64::from_bits((x.bits & cu2m_f64::SIGN) | ((x.bits & cu2m_f64::FRAC) << shift));
    ex = 1;
  }
  *e = ex - 0x3FE - shift;
  return f64::from_bits((x.bits & (cu2m_f64::SIGN | cu2m_f64::FRAC)) | 0x3FE0000000000000ul);
}
// modf (cu2m_modf; i in any address space): the fraction and the integral part, both with x's
// sign, exact; modf(inf) = +-0 with *i = inf, modf(NaN) = NaN.
template <typename P> inline f64 cu2m_modf(f64 x, P i) {
  f64 t = trunc(x);
  *i = t;
  if (isinf(x)) return copysign(f64::from_bits(0), x);
  return copysign(x - t, x);
}
// sincos and sincospi of a double (the translator calls the float ones cu2m_sincos/cu2m_sincospi; s and c
// in any address space): the f64 sin/cos/sinpi/cospi, not the float polyfill.
template <typename P, typename Q> inline void cu2m_sincos(f64 x, P s, Q c) { *s = sin(x); *c = cos(x); }
template <typename P, typename Q> inline void cu2m_sincospi(f64 x, P s, Q c) { *s = sinpi(x); *c = cospi(x); }
#undef CU2M_D
// ---- end of the math functions of a double
`;
