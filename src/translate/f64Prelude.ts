// The MSL prelude that gives device code IEEE binary64 `double` in software (`--double=soft`, the
// default): a `struct f64 { ulong bits; }` with C's operators and conversions, every operation
// computed with 32/64-bit integer arithmetic and rounded to nearest, ties to even, with subnormals,
// infinities, NaN and signed zeros. It is plain MSL (C++14), so Metal and the msl-cpu emulation run
// the same code and compute the same bits; they equal the host CPU's native double for + - * / sqrt
// fma, conversions, comparisons and the exact functions (test/msl/f64.test.ts checks this bit for
// bit). Emitted only into programs that use double (see double.ts).
//
// NaN results: which NaN (payload, sign) an operation returns is not specified by C; here a NaN
// operand is returned quieted (the first one), and an invalid operation (inf - inf, 0 * inf, 0 / 0,
// sqrt(-1)) gives 0xFFF8000000000000 (printed -nan), as an H100 does (and x86, the cuda-cpu host);
// the GPU passes a NaN through negation and fabs unchanged, where these flip or clear its sign as
// IEEE 754 and the host do (test/fixtures/gpu/doubleprobe.cu). Conversions of out-of-range values and NaN to integers
// (undefined in C) saturate as CUDA's __double2int_rz does; NaN gives what an H100 gives
// (test/fixtures/fmath/fmath.cu checks it): INT_MIN for int, 2^31 for unsigned, INT64_MIN for long
// long, 2^63 for unsigned long long (0 for the narrower types, which no recording covers).

import { F64_MATH } from './f64Math';
import { F64_BESSEL } from './f64Bessel';
import { F64_INVERSE } from './f64Inverse';
import { F64_NORMS } from './f64Norms';
import { F64_ROUNDING } from './f64Rounding';
import { F64_SPECIAL } from './f64Special';

export const F64_PRELUDE = String.raw`// ---- double in software (IEEE binary64 through integer operations; emitted because this program uses double)
namespace cu2m_f64 {
constant ulong SIGN = 0x8000000000000000ul;
constant ulong FRAC = 0x000FFFFFFFFFFFFFul;
constant ulong QNAN = 0xFFF8000000000000ul; // the NaN an invalid operation gives (an H100's, x86's)
struct raw_bits {};
inline int exp_of(ulong a) { return int((a >> 52) & 0x7FF); }
inline ulong frac_of(ulong a) { return a & FRAC; }
inline bool is_nan(ulong a) { return (a & ~SIGN) > 0x7FF0000000000000ul; }
// sign, exponent and significand added (not or-ed): a carry out of the significand bumps the exponent.
inline ulong pack(ulong sign, int e, ulong sig) { return (sign << 63) + (ulong(e) << 52) + sig; }
inline ulong nan2(ulong a, ulong b) { return (is_nan(a) ? a : b) | 0x0008000000000000ul; }
inline int clz64(ulong a) {
  int n = 0;
  if (a == 0) return 64;
  if ((a >> 32) == 0) { n += 32; a <<= 32; }
  if ((a >> 48) == 0) { n += 16; a <<= 16; }
  if ((a >> 56) == 0) { n += 8; a <<= 8; }
  if ((a >> 60) == 0) { n += 4; a <<= 4; }
  if ((a >> 62) == 0) { n += 2; a <<= 2; }
  if ((a >> 63) == 0) { n += 1; }
  return n;
}
// a >> d, with every bit shifted out or-ed into bit 0 (the "sticky" bit rounding needs).
inline ulong shr_jam(ulong a, int d) {
  if (d == 0) return a;
  if (d < 64) return (a >> d) | ulong((a << (64 - d)) != 0);
  return ulong(a != 0);
}
// 128-bit unsigned arithmetic for products and fma.
struct u128 { ulong hi; ulong lo; };
inline u128 mul64(ulong a, ulong b) {
  ulong a0 = a & 0xFFFFFFFFul, a1 = a >> 32, b0 = b & 0xFFFFFFFFul, b1 = b >> 32;
  ulong p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  ulong mid = (p00 >> 32) + (p01 & 0xFFFFFFFFul) + (p10 & 0xFFFFFFFFul);
  u128 r;
  r.lo = (mid << 32) | (p00 & 0xFFFFFFFFul);
  r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return r;
}
inline u128 u128_shl(u128 a, int d) {
  u128 r;
  if (d == 0) return a;
  if (d >= 64) { r.hi = a.lo << (d - 64); r.lo = 0; return r; }
  r.hi = (a.hi << d) | (a.lo >> (64 - d));
  r.lo = a.lo << d;
  return r;
}
inline u128 u128_shr_jam(u128 a, int d) {
  u128 r;
  if (d == 0) return a;
  if (d < 64) {
    r.hi = a.hi >> d;
    r.lo = (a.hi << (64 - d)) | (a.lo >> d) | ulong((a.lo << (64 - d)) != 0);
  } else if (d < 128) {
    r.hi = 0;
    r.lo = shr_jam(a.hi, d - 64) | ulong(a.lo != 0);
  } else {
    r.hi = 0;
    r.lo = ulong((a.hi | a.lo) != 0);
  }
  return r;
}
inline bool u128_lt(u128 a, u128 b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }
inline u128 u128_add(u128 a, u128 b) { u128 r; r.lo = a.lo + b.lo; r.hi = a.hi + b.hi + ulong(r.lo < a.lo); return r; }
inline u128 u128_sub(u128 a, u128 b) { u128 r; r.lo = a.lo - b.lo; r.hi = a.hi - b.hi - ulong(a.lo < b.lo); return r; }

// Rounding directions (rm): C's to nearest even, and CUDA's _rz/_rd/_ru intrinsics (f64Rounding.ts).
enum rounding { RN = 0, RZ = 1, RD = 2, RU = 3 };
// Rounds sig (leading 1 at bit 62, 10 bits below the result's last bit) to nearest even (or in the
// direction rm) and packs it; the result's biased exponent is e + 1. Handles overflow to infinity
// (the largest finite value where rm rounds toward zero) and underflow to subnormals.
inline ulong round_pack(ulong sign, int e, ulong sig, int rm = RN) {
  ulong inc = rm == RN ? 0x200 : (rm == RZ || (rm == RU) == (sign != 0)) ? 0 : 0x3FF; // added below the cut
  ulong round_bits = sig & 0x3FF;
  if (e < 0) {
    sig = shr_jam(sig, -e);
    e = 0;
    round_bits = sig & 0x3FF;
  } else if (e > 0x7FD || (e == 0x7FD && sig + inc >= 0x8000000000000000ul)) {
    return inc == 0 ? pack(sign, 0x7FE, FRAC) : pack(sign, 0x7FF, 0);
  }
  sig = (sig + inc) >> 10;
  if (rm == RN && round_bits == 0x200) sig &= ~ulong(1); // a tie: to even
  if (sig == 0) e = 0;
  return pack(sign, e, sig);
}
inline ulong norm_round_pack(ulong sign, int e, ulong sig, int rm = RN) {
  int d = clz64(sig) - 1;
  e -= d;
  if (d >= 10 && e >= 0 && e < 0x7FD) return pack(sign, sig != 0 ? e : 0, sig << (d - 10));
  return round_pack(sign, e, sig << d, rm);
}
inline ulong add_mags(ulong a, ulong b, ulong sign, int rm = RN) {
  int ea = exp_of(a), eb = exp_of(b);
  ulong sa = frac_of(a), sb = frac_of(b);
  int diff = ea - eb;
  int ez;
  ulong sz;
  if (diff == 0) {
    if (ea == 0) return a + sb; // both subnormal (or zero): exact
    if (ea == 0x7FF) return (sa | sb) != 0 ? nan2(a, b) : a;
    ez = ea;
    sz = (0x0020000000000000ul + sa + sb) << 9;
  } else {
    sa <<= 9;
    sb <<= 9;
    if (diff < 0) {
      if (eb == 0x7FF) return sb != 0 ? nan2(a, b) : pack(sign, 0x7FF, 0);
      ez = eb;
      sa = ea != 0 ? sa + 0x2000000000000000ul : sa << 1;
      sa = shr_jam(sa, -diff);
    } else {
      if (ea == 0x7FF) return sa != 0 ? nan2(a, b) : a;
      ez = ea;
      sb = eb != 0 ? sb + 0x2000000000000000ul : sb << 1;
      sb = shr_jam(sb, diff);
    }
    sz = 0x2000000000000000ul + sa + sb;
    if (sz < 0x4000000000000000ul) { ez--; sz <<= 1; }
  }
  return round_pack(sign, ez, sz, rm);
}
inline ulong sub_mags(ulong a, ulong b, ulong sign, int rm = RN) {
  int ea = exp_of(a), eb = exp_of(b);
  ulong sa = frac_of(a), sb = frac_of(b);
  int diff = ea - eb;
  if (diff == 0) {
    if (ea == 0x7FF) return (sa | sb) != 0 ? nan2(a, b) : QNAN; // inf - inf
    if (sa == sb) return rm == RD ? SIGN : 0; // exact cancellation: +0, -0 when rounding down
    if (ea != 0) ea--;
    ulong d;
    if (sa < sb) { sign ^= 1; d = sb - sa; } else { d = sa - sb; }
    int shift = clz64(d) - 11;
    int ez = ea - shift;
    if (ez < 0) { shift = ea; ez = 0; }
    return pack(sign, ez, d << shift);
  }
  sa <<= 10;
  sb <<= 10;
  int ez;
  ulong sz;
  if (diff < 0) {
    sign ^= 1;
    if (eb == 0x7FF) return sb != 0 ? nan2(a, b) : pack(sign, 0x7FF, 0);
    sa += ea != 0 ? 0x4000000000000000ul : sa;
    sa = shr_jam(sa, -diff);
    sb |= 0x4000000000000000ul;
    ez = eb;
    sz = sb - sa;
  } else {
    if (ea == 0x7FF) return sa != 0 ? nan2(a, b) : a;
    sb += eb != 0 ? 0x4000000000000000ul : sb;
    sb = shr_jam(sb, diff);
    sa |= 0x4000000000000000ul;
    ez = ea;
    sz = sa - sb;
  }
  return norm_round_pack(sign, ez - 1, sz, rm);
}
inline ulong add(ulong a, ulong b, int rm = RN) { return (a >> 63) == (b >> 63) ? add_mags(a, b, a >> 63, rm) : sub_mags(a, b, a >> 63, rm); }
inline ulong sub(ulong a, ulong b, int rm = RN) { return add(a, b ^ SIGN, rm); }
// A subnormal's significand shifted up to a normal one's (leading 1 at bit 52); its exponent goes below 1.
inline void normalize(thread int& e, thread ulong& sig) {
  int d = clz64(sig) - 11;
  e = 1 - d;
  sig <<= d;
}
inline ulong mul(ulong a, ulong b, int rm = RN) {
  int ea = exp_of(a), eb = exp_of(b);
  ulong sa = frac_of(a), sb = frac_of(b);
  ulong sign = (a ^ b) >> 63;
  if (ea == 0x7FF) {
    if (sa != 0 || (eb == 0x7FF && sb != 0)) return nan2(a, b);
    return (eb | int(sb != 0)) == 0 ? QNAN : pack(sign, 0x7FF, 0);
  }
  if (eb == 0x7FF) {
    if (sb != 0) return nan2(a, b);
    return (ea | int(sa != 0)) == 0 ? QNAN : pack(sign, 0x7FF, 0);
  }
  if (ea == 0) { if (sa == 0) return pack(sign, 0, 0); normalize(ea, sa); }
  if (eb == 0) { if (sb == 0) return pack(sign, 0, 0); normalize(eb, sb); }
  int ez = ea + eb - 0x3FF;
  u128 p = mul64((sa | 0x0010000000000000ul) << 10, (sb | 0x0010000000000000ul) << 11);
  ulong sz = p.hi | ulong(p.lo != 0);
  if (sz < 0x4000000000000000ul) { ez--; sz <<= 1; }
  return round_pack(sign, ez, sz, rm);
}
inline ulong div(ulong a, ulong b, int rm = RN) {
  int ea = exp_of(a), eb = exp_of(b);
  ulong sa = frac_of(a), sb = frac_of(b);
  ulong sign = (a ^ b) >> 63;
  if (ea == 0x7FF) {
    if (sa != 0) return nan2(a, b);
    if (eb == 0x7FF) return sb != 0 ? nan2(a, b) : QNAN;
    return pack(sign, 0x7FF, 0);
  }
  if (eb == 0x7FF) return sb != 0 ? nan2(a, b) : pack(sign, 0, 0);
  if (eb == 0) {
    if (sb == 0) return (ea | int(sa != 0)) == 0 ? QNAN : pack(sign, 0x7FF, 0);
    normalize(eb, sb);
  }
  if (ea == 0) { if (sa == 0) return pack(sign, 0, 0); normalize(ea, sa); }
  int ez = ea - eb + 0x3FE;
  sa |= 0x0010000000000000ul;
  sb |= 0x0010000000000000ul;
  if (sa < sb) { ez--; sa <<= 1; }
  // Long division: 63 quotient bits (leading 1 at bit 62), the remainder's presence as sticky bit.
  ulong q = 0;
  for (int i = 0; i < 63; i++) {
    q <<= 1;
    if (sa >= sb) { sa -= sb; q |= 1; }
    sa <<= 1;
  }
  return round_pack(sign, ez, q | ulong(sa != 0), rm);
}
inline ulong sqrt(ulong a, int rm = RN) {
  int ea = exp_of(a);
  ulong sa = frac_of(a);
  if (is_nan(a)) return a | 0x0008000000000000ul;
  if ((a & ~SIGN) == 0) return a; // ±0
  if ((a >> 63) != 0) return QNAN;
  if (ea == 0x7FF) return a;
  if (ea == 0) normalize(ea, sa);
  sa |= 0x0010000000000000ul;
  int e = ea - 0x3FF;
  int s = (e & 1) != 0 ? 55 : 54; // radicand sig << s, in [2^106, 2^108): a 54-bit root
  int ez = ((e - (e & 1)) / 2) + 0x3FE;
  // Digit-by-digit square root, two radicand bits per step; the remainder fits in 64 bits.
  ulong rem = 0, root = 0;
  for (int i = 0; i < 54; i++) {
    int p = 106 - 2 * i - s;
    ulong two = p >= 0 ? (sa >> p) & 3 : (p == -1 ? (sa << 1) & 3 : 0);
    rem = (rem << 2) | two;
    ulong trial = (root << 2) | 1;
    root <<= 1;
    if (rem >= trial) { rem -= trial; root |= 1; }
  }
  return round_pack(0, ez, (root << 9) | ulong(rem != 0), rm);
}
// a * b + c with one rounding.
inline ulong fma(ulong a, ulong b, ulong c, int rm = RN) {
  int ea = exp_of(a), eb = exp_of(b), ec = exp_of(c);
  ulong sa = frac_of(a), sb = frac_of(b), sc = frac_of(c);
  ulong sp = (a ^ b) >> 63;
  if (is_nan(a) || is_nan(b)) return nan2(a, b);
  if (ea == 0x7FF || eb == 0x7FF) {
    bool zero_other = ea == 0x7FF ? (b & ~SIGN) == 0 : (a & ~SIGN) == 0;
    if (zero_other) return QNAN;
    if (is_nan(c)) return nan2(c, c);
    if (ec == 0x7FF && (c >> 63) != sp) return QNAN;
    return pack(sp, 0x7FF, 0);
  }
  if (is_nan(c) || ec == 0x7FF) return c | (is_nan(c) ? 0x0008000000000000ul : 0);
  if ((a & ~SIGN) == 0 || (b & ~SIGN) == 0) return add(pack(sp, 0, 0), c, rm);
  if ((c & ~SIGN) == 0) return mul(a, b, rm);
  if (ea == 0) normalize(ea, sa);
  if (eb == 0) normalize(eb, sb);
  if (ec == 0) normalize(ec, sc);
  sa |= 0x0010000000000000ul;
  sb |= 0x0010000000000000ul;
  sc |= 0x0010000000000000ul;
  // Both terms as 128-bit integers times 2^scale: the product's leading 1 at bit 124 or 125, c's at 125.
  u128 p = u128_shl(mul64(sa, sb), 20);
  int ep = ea + eb - 2 * 1075 - 20;
  u128 q; q.hi = sc << 9; q.lo = 0;
  int eq = ec - 1075 - 73;
  int e;
  if (ep >= eq) { q = u128_shr_jam(q, ep - eq); e = ep; } else { p = u128_shr_jam(p, eq - ep); e = eq; }
  ulong sign = sp;
  u128 s;
  if (sp == (c >> 63)) {
    s = u128_add(p, q);
  } else if (u128_lt(p, q)) {
    s = u128_sub(q, p);
    sign = c >> 63;
  } else {
    s = u128_sub(p, q);
  }
  if (s.hi == 0 && s.lo == 0) return rm == RD ? SIGN : 0; // exact cancellation: +0 (-0 rounding down)
  int lead = s.hi != 0 ? 127 - clz64(s.hi) : 63 - clz64(s.lo);
  s = lead > 126 ? u128_shr_jam(s, lead - 126) : u128_shl(s, 126 - lead);
  return round_pack(sign, lead + e + 1022, s.hi | ulong(s.lo != 0), rm);
}
inline ulong from_i64(long a, int rm = RN) {
  ulong sign = a < 0 ? 1 : 0;
  ulong m = sign != 0 ? ulong(0) - ulong(a) : ulong(a);
  if (m == 0) return 0;
  if ((m >> 63) != 0) return round_pack(sign, 0x43D, (m >> 1) | (m & 1), rm);
  return norm_round_pack(sign, 0x43C, m, rm);
}
inline ulong from_u64(ulong m, int rm = RN) {
  if (m == 0) return 0;
  if ((m >> 63) != 0) return round_pack(0, 0x43D, (m >> 1) | (m & 1), rm);
  return norm_round_pack(0, 0x43C, m, rm);
}
inline ulong from_f32(uint f) {
  ulong sign = f >> 31;
  int e = int((f >> 23) & 0xFF);
  ulong m = f & 0x7FFFFF;
  if (e == 0xFF) return m != 0 ? pack(sign, 0x7FF, (m << 29) | 0x0008000000000000ul) : pack(sign, 0x7FF, 0);
  if (e == 0) {
    if (m == 0) return sign << 63;
    int d = clz64(m) - 40; // leading 1 to bit 23
    m = (m << d) & 0x7FFFFF;
    e = 1 - d;
  }
  return pack(sign, e - 127 + 1023, m << 29);
}
inline uint to_f32(ulong a, int rm = RN) {
  uint sign = uint(a >> 63);
  int e = exp_of(a);
  ulong m = frac_of(a);
  if (e == 0x7FF) return m != 0 ? (sign << 31) | 0x7FC00000u | uint(m >> 29) : (sign << 31) | 0x7F800000u;
  uint s = uint(shr_jam(m, 22)); // 30 bits
  if (e == 0 && s == 0) return sign << 31;
  s |= 0x40000000u;
  e -= 0x381;
  uint inc = rm == RN ? 0x40u : (rm == RZ || (rm == RU) == (sign != 0)) ? 0u : 0x7Fu; // as round_pack
  uint round_bits = s & 0x7F;
  if (e < 0) {
    int d = -e;
    s = d < 32 ? (s >> d) | uint((s << (32 - d)) != 0) : uint(s != 0);
    e = 0;
    round_bits = s & 0x7F;
  } else if (e > 0xFD || (e == 0xFD && s + inc >= 0x80000000u)) {
    return (sign << 31) | (inc == 0 ? 0x7F7FFFFFu : 0x7F800000u);
  }
  s = (s + inc) >> 7;
  if (rm == RN && round_bits == 0x40) s &= ~1u;
  if (s == 0) e = 0;
  return (sign << 31) + (uint(e) << 23) + s;
}
// Truncation toward zero; out of range saturates and NaN gives if_nan (C leaves both undefined).
inline long to_i64(ulong a, long lo, long hi, long if_nan) {
  int e = exp_of(a);
  if (is_nan(a)) return if_nan;
  if (e < 0x3FF) return 0;
  ulong m = frac_of(a) | 0x0010000000000000ul;
  bool neg = (a >> 63) != 0;
  if (e >= 0x43E) return neg ? lo : hi;
  ulong mag = e >= 0x433 ? m << (e - 0x433) : m >> (0x433 - e);
  if (neg) return mag > ulong(0) - ulong(lo) ? lo : long(ulong(0) - mag);
  return mag > ulong(hi) ? hi : long(mag);
}
inline ulong to_u64(ulong a, ulong hi, ulong if_nan) {
  int e = exp_of(a);
  if (is_nan(a)) return if_nan;
  if ((a >> 63) != 0 || e < 0x3FF) return 0;
  if (e >= 0x43F) return hi;
  ulong m = frac_of(a) | 0x0010000000000000ul;
  ulong mag = e >= 0x433 ? m << (e - 0x433) : m >> (0x433 - e);
  return mag > hi ? hi : mag;
}
inline bool eq(ulong a, ulong b) { return !is_nan(a) && !is_nan(b) && (a == b || ((a | b) << 1) == 0); }
inline bool lt(ulong a, ulong b) {
  if (is_nan(a) || is_nan(b)) return false;
  ulong sa = a >> 63, sb = b >> 63;
  if (sa != sb) return sa != 0 && ((a | b) << 1) != 0;
  return a != b && ((sa != 0) != (a < b));
}
inline bool le(ulong a, ulong b) { return lt(a, b) || eq(a, b); }
// The bits below the units place of |a| (0 when a is an integer, inf or NaN; all of them when |a| < 1).
inline ulong frac_mask(ulong a) {
  int e = exp_of(a);
  if (e >= 0x433) return 0;
  if (e < 0x3FF) return ~SIGN;
  return (ulong(1) << (0x433 - e)) - 1;
}
inline ulong trunc(ulong a) {
  if (exp_of(a) < 0x3FF) return a & SIGN;
  return a & ~frac_mask(a);
}
inline ulong floor(ulong a) {
  if ((a & frac_mask(a)) == 0 || is_nan(a)) return a;
  if (exp_of(a) < 0x3FF) return (a >> 63) != 0 ? 0xBFF0000000000000ul : 0;
  ulong t = trunc(a);
  return (a >> 63) != 0 ? sub(t, 0x3FF0000000000000ul) : t;
}
inline ulong ceil(ulong a) {
  if ((a & frac_mask(a)) == 0 || is_nan(a)) return a;
  if (exp_of(a) < 0x3FF) return (a >> 63) != 0 ? SIGN : 0x3FF0000000000000ul;
  ulong t = trunc(a);
  return (a >> 63) != 0 ? t : add(t, 0x3FF0000000000000ul);
}
// Half-way cases away from zero (C's round).
inline ulong round(ulong a) {
  int e = exp_of(a);
  if (e >= 0x433) return a;
  if (e < 0x3FF) return e == 0x3FE ? (a & SIGN) | 0x3FF0000000000000ul : a & SIGN;
  ulong mask = frac_mask(a);
  return (a + ((mask + 1) >> 1)) & ~mask;
}
// Half-way cases to even (rint, nearbyint).
inline ulong rint(ulong a) {
  int e = exp_of(a);
  if (e >= 0x433) return a;
  if (e < 0x3FE) return a & SIGN;
  if (e == 0x3FE) return frac_of(a) == 0 ? a & SIGN : (a & SIGN) | 0x3FF0000000000000ul;
  ulong mask = frac_mask(a);
  ulong halfway = (mask + 1) >> 1;
  ulong rest = a & mask;
  ulong t = a & ~mask;
  if (rest > halfway || (rest == halfway && (t & (mask + 1)) != 0)) t += mask + 1;
  return t;
}
inline ulong fmin(ulong a, ulong b) {
  if (is_nan(a)) return is_nan(b) ? a | 0x0008000000000000ul : b;
  if (is_nan(b)) return a;
  if (((a | b) << 1) == 0) return a | b; // fmin(-0, +0) = -0
  return lt(b, a) ? b : a;
}
inline ulong fmax(ulong a, ulong b) {
  if (is_nan(a)) return is_nan(b) ? a | 0x0008000000000000ul : b;
  if (is_nan(b)) return a;
  if (((a | b) << 1) == 0) return a & b; // fmax(-0, +0) = +0
  return lt(a, b) ? b : a;
}
} // namespace cu2m_f64

// CUDA's double: 8 bytes, aligned to 8, the IEEE bits in memory as on the host.
struct f64 {
  ulong bits;
#if defined(__CU2M_METAL)
  f64() = default; // the CPU emulation: one generic address space for 'this'
#else
  // Metal constructs objects in an address space: one default constructor per space.
  f64() thread = default;
  f64() threadgroup = default;
  f64() device = default;
  f64() constant = default;
#endif
  f64(float x) : bits(cu2m_f64::from_f32(as_type<uint>(x))) {}
  f64(bool x) : bits(x ? 0x3FF0000000000000ul : 0) {}
  f64(char x) : bits(cu2m_f64::from_i64(long(x))) {}
  f64(uchar x) : bits(cu2m_f64::from_i64(long(x))) {}
  f64(short x) : bits(cu2m_f64::from_i64(long(x))) {}
  f64(ushort x) : bits(cu2m_f64::from_i64(long(x))) {}
  f64(int x) : bits(cu2m_f64::from_i64(long(x))) {}
  f64(uint x) : bits(cu2m_f64::from_i64(long(x))) {}
  f64(long x) : bits(cu2m_f64::from_i64(x)) {}
  f64(ulong x) : bits(cu2m_f64::from_u64(x)) {}
  constexpr f64(cu2m_f64::raw_bits, ulong b) : bits(b) {}
  static constexpr f64 from_bits(ulong b) { return f64(cu2m_f64::raw_bits(), b); }
  // Conversions out, truncating toward zero as C does; one set per address space the value may live in.
#define CU2M_F64_CONVERSIONS(SPACE) \
  operator float() const SPACE { return as_type<float>(cu2m_f64::to_f32(bits)); } \
  operator bool() const SPACE { return (bits << 1) != 0; } \
  operator char() const SPACE { return char(cu2m_f64::to_i64(bits, -128, 127, 0)); } \
  operator uchar() const SPACE { return uchar(cu2m_f64::to_u64(bits, 255, 0)); } \
  operator short() const SPACE { return short(cu2m_f64::to_i64(bits, -32768, 32767, 0)); } \
  operator ushort() const SPACE { return ushort(cu2m_f64::to_u64(bits, 65535, 0)); } \
  operator int() const SPACE { return int(cu2m_f64::to_i64(bits, -2147483647 - 1, 2147483647, -2147483647 - 1)); } \
  operator uint() const SPACE { return uint(cu2m_f64::to_u64(bits, 0xFFFFFFFFul, 0x80000000ul)); } \
  operator long() const SPACE { return cu2m_f64::to_i64(bits, long(0x8000000000000000ul), 0x7FFFFFFFFFFFFFFFl, long(0x8000000000000000ul)); } \
  operator ulong() const SPACE { return cu2m_f64::to_u64(bits, 0xFFFFFFFFFFFFFFFFul, 0x8000000000000000ul); }
#if defined(__CU2M_METAL)
  CU2M_F64_CONVERSIONS() // the CPU emulation: one generic address space for 'this'
#else
  CU2M_F64_CONVERSIONS(thread) CU2M_F64_CONVERSIONS(device) CU2M_F64_CONVERSIONS(threadgroup) CU2M_F64_CONVERSIONS(constant)
#endif
#undef CU2M_F64_CONVERSIONS
};

inline f64 operator+(f64 a, f64 b) { return f64::from_bits(cu2m_f64::add(a.bits, b.bits)); }
inline f64 operator-(f64 a, f64 b) { return f64::from_bits(cu2m_f64::sub(a.bits, b.bits)); }
inline f64 operator*(f64 a, f64 b) { return f64::from_bits(cu2m_f64::mul(a.bits, b.bits)); }
inline f64 operator/(f64 a, f64 b) { return f64::from_bits(cu2m_f64::div(a.bits, b.bits)); }
inline f64 operator-(f64 a) { return f64::from_bits(a.bits ^ cu2m_f64::SIGN); }
inline f64 operator+(f64 a) { return a; }
inline bool operator==(f64 a, f64 b) { return cu2m_f64::eq(a.bits, b.bits); }
inline bool operator!=(f64 a, f64 b) { return !cu2m_f64::eq(a.bits, b.bits); }
inline bool operator<(f64 a, f64 b) { return cu2m_f64::lt(a.bits, b.bits); }
inline bool operator>(f64 a, f64 b) { return cu2m_f64::lt(b.bits, a.bits); }
inline bool operator<=(f64 a, f64 b) { return cu2m_f64::le(a.bits, b.bits); }
inline bool operator>=(f64 a, f64 b) { return cu2m_f64::le(b.bits, a.bits); }
// double op T and T op double for every arithmetic T: the operand converts to double first (C's rule),
// and an exact match keeps Metal's built-in float/int operators out of the choice.
#define CU2M_F64_MIXED(T) \
  inline f64 operator+(f64 a, T b) { return a + f64(b); } inline f64 operator+(T a, f64 b) { return f64(a) + b; } \
  inline f64 operator-(f64 a, T b) { return a - f64(b); } inline f64 operator-(T a, f64 b) { return f64(a) - b; } \
  inline f64 operator*(f64 a, T b) { return a * f64(b); } inline f64 operator*(T a, f64 b) { return f64(a) * b; } \
  inline f64 operator/(f64 a, T b) { return a / f64(b); } inline f64 operator/(T a, f64 b) { return f64(a) / b; } \
  inline bool operator==(f64 a, T b) { return a == f64(b); } inline bool operator==(T a, f64 b) { return f64(a) == b; } \
  inline bool operator!=(f64 a, T b) { return a != f64(b); } inline bool operator!=(T a, f64 b) { return f64(a) != b; } \
  inline bool operator<(f64 a, T b) { return a < f64(b); } inline bool operator<(T a, f64 b) { return f64(a) < b; } \
  inline bool operator>(f64 a, T b) { return a > f64(b); } inline bool operator>(T a, f64 b) { return f64(a) > b; } \
  inline bool operator<=(f64 a, T b) { return a <= f64(b); } inline bool operator<=(T a, f64 b) { return f64(a) <= b; } \
  inline bool operator>=(f64 a, T b) { return a >= f64(b); } inline bool operator>=(T a, f64 b) { return f64(a) >= b; }
CU2M_F64_MIXED(float) CU2M_F64_MIXED(bool) CU2M_F64_MIXED(char) CU2M_F64_MIXED(uchar) CU2M_F64_MIXED(short)
CU2M_F64_MIXED(ushort) CU2M_F64_MIXED(int) CU2M_F64_MIXED(uint) CU2M_F64_MIXED(long) CU2M_F64_MIXED(ulong)
#undef CU2M_F64_MIXED
// Compound assignment and ++/-- on a double in any address space.
#define CU2M_F64_ASSIGN(SPACE) \
  template <typename T> inline SPACE f64& operator+=(SPACE f64& a, T b) { a = f64(a) + b; return a; } \
  template <typename T> inline SPACE f64& operator-=(SPACE f64& a, T b) { a = f64(a) - b; return a; } \
  template <typename T> inline SPACE f64& operator*=(SPACE f64& a, T b) { a = f64(a) * b; return a; } \
  template <typename T> inline SPACE f64& operator/=(SPACE f64& a, T b) { a = f64(a) / b; return a; } \
  inline SPACE f64& operator++(SPACE f64& a) { a = f64(a) + 1; return a; } \
  inline SPACE f64& operator--(SPACE f64& a) { a = f64(a) - 1; return a; } \
  inline f64 operator++(SPACE f64& a, int) { f64 r = a; a = r + 1; return r; } \
  inline f64 operator--(SPACE f64& a, int) { f64 r = a; a = r - 1; return r; }
CU2M_F64_ASSIGN(thread) CU2M_F64_ASSIGN(device) CU2M_F64_ASSIGN(threadgroup)
#undef CU2M_F64_ASSIGN
// x op= d with x of another arithmetic type: computed in double, converted back (C's rule).
#define CU2M_F64_ASSIGN_TO(SPACE, T) \
  inline SPACE T& operator+=(SPACE T& a, f64 b) { a = T(f64(a) + b); return a; } \
  inline SPACE T& operator-=(SPACE T& a, f64 b) { a = T(f64(a) - b); return a; } \
  inline SPACE T& operator*=(SPACE T& a, f64 b) { a = T(f64(a) * b); return a; } \
  inline SPACE T& operator/=(SPACE T& a, f64 b) { a = T(f64(a) / b); return a; }
#define CU2M_F64_ASSIGN_TO_ALL(T) CU2M_F64_ASSIGN_TO(thread, T) CU2M_F64_ASSIGN_TO(device, T) CU2M_F64_ASSIGN_TO(threadgroup, T)
CU2M_F64_ASSIGN_TO_ALL(float) CU2M_F64_ASSIGN_TO_ALL(char) CU2M_F64_ASSIGN_TO_ALL(uchar) CU2M_F64_ASSIGN_TO_ALL(short)
CU2M_F64_ASSIGN_TO_ALL(ushort) CU2M_F64_ASSIGN_TO_ALL(int) CU2M_F64_ASSIGN_TO_ALL(uint) CU2M_F64_ASSIGN_TO_ALL(long) CU2M_F64_ASSIGN_TO_ALL(ulong)
#undef CU2M_F64_ASSIGN_TO_ALL
#undef CU2M_F64_ASSIGN_TO

// The double overloads of the math functions (exact ones; the others are refused by the translator).
inline f64 sqrt(f64 a) { return f64::from_bits(cu2m_f64::sqrt(a.bits)); }
inline f64 fma(f64 a, f64 b, f64 c) { return f64::from_bits(cu2m_f64::fma(a.bits, b.bits, c.bits)); }
inline f64 fabs(f64 a) { return f64::from_bits(a.bits & ~cu2m_f64::SIGN); }
inline f64 abs(f64 a) { return fabs(a); }
inline f64 copysign(f64 a, f64 b) { return f64::from_bits((a.bits & ~cu2m_f64::SIGN) | (b.bits & cu2m_f64::SIGN)); }
inline f64 floor(f64 a) { return f64::from_bits(cu2m_f64::floor(a.bits)); }
inline f64 ceil(f64 a) { return f64::from_bits(cu2m_f64::ceil(a.bits)); }
inline f64 trunc(f64 a) { return f64::from_bits(cu2m_f64::trunc(a.bits)); }
inline f64 round(f64 a) { return f64::from_bits(cu2m_f64::round(a.bits)); }
inline f64 rint(f64 a) { return f64::from_bits(cu2m_f64::rint(a.bits)); }
inline f64 fmin(f64 a, f64 b) { return f64::from_bits(cu2m_f64::fmin(a.bits, b.bits)); }
inline f64 fmax(f64 a, f64 b) { return f64::from_bits(cu2m_f64::fmax(a.bits, b.bits)); }
inline f64 min(f64 a, f64 b) { return fmin(a, b); }
inline f64 max(f64 a, f64 b) { return fmax(a, b); }
inline f64 fdim(f64 a, f64 b) { return a > b ? a - b : (cu2m_f64::is_nan(a.bits) || cu2m_f64::is_nan(b.bits) ? a + b : f64::from_bits(0)); }
inline bool isnan(f64 a) { return cu2m_f64::is_nan(a.bits); }
inline bool isinf(f64 a) { return (a.bits & ~cu2m_f64::SIGN) == 0x7FF0000000000000ul; }
inline bool isfinite(f64 a) { return cu2m_f64::exp_of(a.bits) != 0x7FF; }
inline bool signbit(f64 a) { return (a.bits >> 63) != 0; }
// exp and log on the soft operations: not correctly rounded, within 2 ulp of the exact result
// (measured against the host's libm by test/fixtures/double/transcendental.cu), as CUDA's are.
#define CU2M_F64(bits) f64::from_bits(bits##ul)
// exp(x) = 2^k * exp(r), x = k ln2 + r with |r| <= ln2/2; exp(r) by its Taylor series to r^13.
inline f64 exp(f64 x) {
  if (isnan(x)) return x + x;
  if (x > CU2M_F64(0x40862E42FEFA39EF)) return f64::from_bits(0x7FF0000000000000ul); // overflow
  if (x < CU2M_F64(0xC0874910D52D3052)) return f64::from_bits(0);                    // underflow
  f64 kf = rint(x * CU2M_F64(0x3FF71547652B82FE)); // x / ln2
  int k = int(kf);
  // ln2 in two parts; the high one has trailing zeros, so kf * ln2_hi is exact.
  f64 r = (x - kf * CU2M_F64(0x3FE62E42FEE00000)) - kf * CU2M_F64(0x3DEA39EF35793C76);
  f64 p = CU2M_F64(0x3DE6124613A86D09);  // 1/13!
  p = p * r + CU2M_F64(0x3E21EED8EFF8D898); // 1/12!
  p = p * r + CU2M_F64(0x3E5AE64567F544E4); // 1/11!
  p = p * r + CU2M_F64(0x3E927E4FB7789F5C); // 1/10!
  p = p * r + CU2M_F64(0x3EC71DE3A556C734); // 1/9!
  p = p * r + CU2M_F64(0x3EFA01A01A01A01A); // 1/8!
  p = p * r + CU2M_F64(0x3F2A01A01A01A01A); // 1/7!
  p = p * r + CU2M_F64(0x3F56C16C16C16C17); // 1/6!
  p = p * r + CU2M_F64(0x3F81111111111111); // 1/5!
  p = p * r + CU2M_F64(0x3FA5555555555555); // 1/4!
  p = p * r + CU2M_F64(0x3FC5555555555555); // 1/3!
  p = p * r + CU2M_F64(0x3FE0000000000000); // 1/2!
  f64 e = f64(1) + (r + r * r * p);         // in [0.7, 1.5]
  // Scale by 2^k through the exponent field; a subnormal result in two steps.
  if (k >= -1021) return f64::from_bits(e.bits + (ulong(long(k)) << 52));
  return f64::from_bits(e.bits + (ulong(long(k + 1000)) << 52)) * CU2M_F64(0x0170000000000000); // * 2^-1000
}
// log(x) = k ln2 + log(1 + f), 1 + f in [sqrt(2)/2, sqrt(2)]; log(1 + f) = f - s (f - R) with
// s = f / (2 + f) and R = 2 s^2 / 3 + 2 s^4 / 5 + ... (the series of 2 atanh(s) - 2s, over s).
inline f64 log(f64 x) {
  if (isnan(x)) return x + x;
  if ((x.bits & ~cu2m_f64::SIGN) == 0) return f64::from_bits(0xFFF0000000000000ul); // -inf
  if ((x.bits >> 63) != 0) return f64::from_bits(cu2m_f64::QNAN);
  if (isinf(x)) return x;
  int k = 0;
  if (cu2m_f64::exp_of(x.bits) == 0) { x = x * CU2M_F64(0x4350000000000000); k = -54; } // subnormal: * 2^54
  k += cu2m_f64::exp_of(x.bits) - 0x3FF;
  f64 m = f64::from_bits((x.bits & cu2m_f64::FRAC) | 0x3FF0000000000000ul); // [1, 2)
  if (m > CU2M_F64(0x3FF6A09E667F3BCD)) { m = f64::from_bits(m.bits - 0x0010000000000000ul); k++; } // / 2
  f64 f = m - f64(1); // exact
  f64 s = f / (f64(2) + f);
  f64 z = s * s;
  f64 q = CU2M_F64(0x3FB642C8590B2164);  // 2/23
  q = q * z + CU2M_F64(0x3FB8618618618618); // 2/21
  q = q * z + CU2M_F64(0x3FBAF286BCA1AF28); // 2/19
  q = q * z + CU2M_F64(0x3FBE1E1E1E1E1E1E); // 2/17
  q = q * z + CU2M_F64(0x3FC1111111111111); // 2/15
  q = q * z + CU2M_F64(0x3FC3B13B13B13B14); // 2/13
  q = q * z + CU2M_F64(0x3FC745D1745D1746); // 2/11
  q = q * z + CU2M_F64(0x3FCC71C71C71C71C); // 2/9
  q = q * z + CU2M_F64(0x3FD2492492492492); // 2/7
  q = q * z + CU2M_F64(0x3FD999999999999A); // 2/5
  q = q * z + CU2M_F64(0x3FE5555555555555); // 2/3
  f64 R = z * q;
  f64 kf = f64(k);
  return kf * CU2M_F64(0x3FE62E42FEE00000) + (f - (s * (f - R) - kf * CU2M_F64(0x3DEA39EF35793C76)));
}
#undef CU2M_F64
${F64_MATH}${F64_SPECIAL}${F64_NORMS}${F64_INVERSE}${F64_BESSEL}// CUDA's double intrinsics (src/translate/tables/double.ts lists them).
inline long __double_as_longlong(f64 x) { return long(x.bits); }
inline f64 __longlong_as_double(long x) { return f64::from_bits(ulong(x)); }
inline int __double2hiint(f64 x) { return int(uint(x.bits >> 32)); }
inline int __double2loint(f64 x) { return int(uint(x.bits)); }
inline f64 __hiloint2double(int hi, int lo) { return f64::from_bits((ulong(uint(hi)) << 32) | ulong(uint(lo))); }
inline float __double2float_rn(f64 x) { return float(x); }
inline int __double2int_rz(f64 x) { return int(x); }
inline int __double2int_rn(f64 x) { return int(rint(x)); }
inline long __double2ll_rn(f64 x) { return long(rint(x)); }
inline uint __double2uint_rz(f64 x) { return uint(x); }
inline long __double2ll_rz(f64 x) { return long(x); }
inline ulong __double2ull_rz(f64 x) { return ulong(x); }
inline f64 __int2double_rn(int x) { return f64(x); }
inline f64 __uint2double_rn(uint x) { return f64(x); }
inline f64 __ll2double_rn(long x) { return f64(x); }
inline f64 __ull2double_rn(ulong x) { return f64(x); }
inline f64 __dadd_rn(f64 a, f64 b) { return a + b; }
inline f64 __dsub_rn(f64 a, f64 b) { return a - b; }
inline f64 __dmul_rn(f64 a, f64 b) { return a * b; }
inline f64 __ddiv_rn(f64 a, f64 b) { return a / b; }
inline f64 __dsqrt_rn(f64 a) { return sqrt(a); }
inline f64 __drcp_rn(f64 a) { return f64(1) / a; }
inline f64 __fma_rn(f64 a, f64 b, f64 c) { return fma(a, b, c); }
${F64_ROUNDING}// Warp shuffles of a double (__shfl*_sync, cooperative-groups tiles): its two 32-bit halves.
inline f64 simd_shuffle(f64 v, ushort lane) { return f64::from_bits(as_type<ulong>(simd_shuffle(as_type<uint2>(v.bits), lane))); }
inline f64 simd_shuffle_up(f64 v, ushort d) { return f64::from_bits(as_type<ulong>(simd_shuffle_up(as_type<uint2>(v.bits), d))); }
inline f64 simd_shuffle_down(f64 v, ushort d) { return f64::from_bits(as_type<ulong>(simd_shuffle_down(as_type<uint2>(v.bits), d))); }
inline f64 simd_shuffle_xor(f64 v, ushort mask) { return f64::from_bits(as_type<ulong>(simd_shuffle_xor(as_type<uint2>(v.bits), mask))); }
// A math argument whose type the translator cannot see (a struct field): a double stays one, others become float.
inline f64 cu2m_math_arg(f64 a) { return a; }
template <typename T> inline float cu2m_math_arg(T a) { return float(a); }
// The same for the functions software double does not compute (exp, log, pow, sin...): a double field
// is an error here (this function is deleted for f64: use --double=float), other types become float.
inline float cu2m_float_math_arg(f64 a) = delete;
template <typename T> inline float cu2m_float_math_arg(T a) { return float(a); }
// ---- end of double in software
`;
