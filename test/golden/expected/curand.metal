// curand.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// ---- double in software (IEEE binary64 through integer operations; emitted because this program uses double)
// (193 functions of the library this program does not call are left out)
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
inline f64 rint(f64 a) { return f64::from_bits(cu2m_f64::rint(a.bits)); }
inline bool isnan(f64 a) { return cu2m_f64::is_nan(a.bits); }
inline bool isinf(f64 a) { return (a.bits & ~cu2m_f64::SIGN) == 0x7FF0000000000000ul; }
inline bool isfinite(f64 a) { return cu2m_f64::exp_of(a.bits) != 0x7FF; }
// exp and log on the soft operations: not correctly rounded, within 2 ulp of the exact result
// (measured against the host's libm by test/fixtures/double/transcendental.cu), as CUDA's are.
#define CU2M_F64(bits) f64::from_bits(bits##ul)
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
// pow, sin, cos, tan, atan... of a double on the soft operations (double-double where needed)
namespace cu2m_dmath {
#define CU2M_D(b) f64::from_bits(b##ul)
struct dd { f64 hi; f64 lo; }; // hi + lo, |lo| <= ulp(hi) / 2
inline dd dd_of(f64 hi, f64 lo) { dd r; r.hi = hi; r.lo = lo; return r; }
inline dd two_sum(f64 a, f64 b) { f64 s = a + b; f64 bb = s - a; return dd_of(s, (a - (s - bb)) + (b - bb)); }
inline dd fast_two_sum(f64 a, f64 b) { f64 s = a + b; return dd_of(s, b - (s - a)); } // |a| >= |b|
inline dd two_prod(f64 a, f64 b) { f64 p = a * b; return dd_of(p, fma(a, b, -p)); } // the soft fma is exact
inline dd dd_neg(dd a) { return dd_of(-a.hi, -a.lo); }
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
inline f64 signed_as(f64 v, bool negative) { if (negative) return -v; return v; }
inline f64 dd_value(dd a) { return a.hi + a.lo; }
} // namespace cu2m_dmath
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
// log of a positive double-double: log(hi) + lo / hi.
namespace cu2m_dmath {
}
// sinpi/cospi: x = n/2 + f exactly (|f| <= 1/4), then the kernels at f pi in double-double.
namespace cu2m_dmath {
}
// erf (odd): |x| >= 6 rounds to +-1; |x| < 2^-28 is x + x (2/sqrt(pi) - 1) (x scaled up by 2^64
// first where x (2/sqrt(pi) - 1) would lose bits to underflow); otherwise erf_dd: the series
// (2/sqrt(pi)) x e^(-x^2) sum_n (2x^2)^n / (1 3 5 ... (2n+1)), whose terms are all positive (no
// cancellation), summed and multiplied in double-double (erfc below 1/2 uses it too: f64Special.ts).
namespace cu2m_dmath {
}
#undef CU2M_D
// ---- end of the math functions of a double
// erfc, lgamma, tgamma, remainder, remquo, scalbn, logb, lrint, lround of a double (src/translate/f64Special.ts)
#define CU2M_D(b) f64::from_bits(b##ul)
namespace cu2m_dmath {
// erfc(x) = m 2^k for x = hi + lo >= 1/2 (x2 = x^2 as a double-double, k from e^(-x^2) = em 2^k):
// e^(-x^2)/sqrt(pi) times the continued fraction, evaluated backward in double-double.
struct erfc_scaled { dd m; dd em; int k; };
}
namespace cu2m_dmath {
}
namespace cu2m_dmath {
}
#undef CU2M_D
// ---- end of erfc, lgamma, tgamma, remainder, remquo, scalbn, logb, lrint, lround
// rhypot, norm3d, norm4d, rnorm3d, rnorm4d, norm, rnorm of doubles (src/translate/f64Norms.ts)
#define CU2M_D(b) f64::from_bits(b##ul)
namespace cu2m_dmath {
// The sum of the squares of v[0 .. n) times 2^(-2e) in double-double, e the largest |v|'s exponent;
// kind 0: finite and not all zero, 1: all zero, 2: an infinity, 3: a NaN (no infinity).
struct squares { dd s; int e; int kind; };
}
#undef CU2M_D
// ---- end of the norms
// normcdf, erfinv, erfcinv, normcdfinv of a double (src/translate/f64Inverse.ts)
#define CU2M_D(b) f64::from_bits(b##ul)
namespace cu2m_dmath {
}
#undef CU2M_D
// ---- end of normcdf, erfinv, erfcinv, normcdfinv
// j0, j1, y0, y1, jn, yn, cyl_bessel_i0, cyl_bessel_i1 of a double (src/translate/f64Bessel.ts)
#define CU2M_D(b) f64::from_bits(b##ul)
namespace cu2m_dmath {
// Taylor coefficients at the zeros below 8: zero (hi, lo), then c1 ... c14 (the bits of each double).
constant ulong bessel_zeros_d[9][16] = {
  {0x40033D152E971B40, 0xBCA0F539D7DA258E, 0xBFE09CDB36551280, 0x3FBBA1DEEA029494, 0x3FACFAE864368D70, 0xBF81BB1CBE1A4071, 0xBF61F992590D12BD, 0x3F315382BA06CC47, 0x3F06ED3B9F07EB28, 0xBED232C77D228AB6, 0xBEA1CCE302821846, 0x3E67FF99166C20B8, 0x3E32951BD4726A93, 0xBDF5C2C38B2A278C, 0xBDBBDC468C1A817A, 0x3D7CD41CF248A22E}, // J0 at 2.4048256
  {0x4016148F5B2C2E45, 0x3C975054CD60A517, 0x3FD5C6E60A097823, 0xBF9F8F72E7A848E0, 0xBFAB2150CB41E8C1, 0x3F72F7FFE90256BB, 0x3F627E31FE9A9779, 0xBF26F641F41956F7, 0xBF0863F481A43036, 0x3ECAD77D748A06DB, 0x3EA32E6D99C6AF7D, 0xBE62DA37E38435B9, 0xBE341D72D9392E0E, 0x3DF1D0433D9A0E49, 0x3DBE2F3389AA5F69, 0xBD78498FFDEBDD63}, // J0 at 5.5200781
  {0x400EA75575AF6F09, 0xBCA60155A9D1B256, 0xBFD9C6CF582CBF7F, 0x3FAAE8A39F51AD04, 0x3FAB589D1DA13905, 0xBF7537544C331DA7, 0xBF624B3409959064, 0x3F26E4C2D5354224, 0x3F083A06E30C4109, 0xBEC9799D4C9F2549, 0xBEA33825CD2E2C16, 0x3E617069233E916C, 0x3E34569B22AFC3C8, 0xBDF03B9E9651056A, 0xBDBEC62310AF5F52, 0x3D75EC84E47B6F4F}, // J1 at 3.831706
  {0x401C0FF5F3B47250, 0xBC9B226D9D243827, 0x3FD33518B3874E8A, 0xBF95E70DC60362BF, 0xBFA80C83BDEEE5B0, 0x3F69A4B292E3DE42, 0x3F613FBC7D698217, 0xBF207358BBDBFF91, 0xBF0796A751F89051, 0x3EC4255B015ADED4, 0x3EA3026E0CE97AB9, 0xBE5D48DCDAE92F2C, 0xBE344639D7EEB0A6, 0x3DEC62CCB4A32EB5, 0x3DBECAE92E854457, 0xBD73BB6898D73CD2}, // J1 at 7.0155867
  {0x3FEC982EB8D417EA, 0x3C7EA9D270347F83, 0x3FEC24371844B88A, 0xBFDF7E38A46D7102, 0x3FCC3B1338AF3E97, 0xBFCCF18E6A4B3881, 0x3FCC068086C296EC, 0xBFCA396A8059FCBA, 0x3FC9424B930D263D, 0xBFC8D35B48108266, 0x3FC8C08D04B60AFB, 0xBFC8F7E336C4FE98, 0x3FC96DE9BBC5AD8B, 0xBFCA1B6CBCB336A3, 0x3FCAFC30B0D981F4, 0xBFCC0E0973535920}, // Y0 at 0.89357697
  {0x400FA9534D98569C, 0xBC9F06AE7804384E, 0xBFD9C34256A12A0C, 0x3FAA09C9290367EF, 0x3FADF6D59BF50EBD, 0xBF7C116FDC598096, 0xBF61E32BC4EF8A41, 0x3F29982765166254, 0x3F0AB2C1FECDCFC4, 0xBED486371E6A663E, 0xBE93B21684089B4C, 0xBE5777058741BF97, 0x3E5452EA00945A70, 0xBE2F6938829664F1, 0x3E0A5A1F3A2A293E, 0xBDE994E736DE8EF8}, // Y0 at 3.9576784
  {0x401C581DC4E72103, 0xBC99774A495F56CF, 0x3FD334CCA0697A5B, 0xBF95AEF611FC4D57, 0xBFA8969C64CBF452, 0x3F6B2F14A95527CB, 0x3F61D35E85FDE2A3, 0xBF226DD71E391C8B, 0xBF08177E4FE52324, 0x3EC6A9227352F96A, 0x3EA34AA7573EF14E, 0xBE60A2814D7AC448, 0xBE3442A3D3359AD9, 0x3DEFA6C509566C72, 0x3DBF14E5584823DB, 0xBD7714C292BE3936}, // Y0 at 7.0860511
  {0x400193BED4DFF243, 0xBC8BD1E50D219BFD, 0x3FE0AA48442F014B, 0xBFBE56F82217B8F1, 0xBFA0D2AF4E932386, 0xBF73A6DEC37290AA, 0x3F7E671C7D1196FD, 0xBF65429DC5A45612, 0x3F517AB4AFAC0735, 0xBF40B2D877D5A29C, 0x3F2EEA7BBB907646, 0xBF1C3FAE3B0AD706, 0x3F09D174C9CCECD9, 0xBEF7956AD3FE9783, 0x3EE5865D11EBB14D, 0xBED3A27F1FD4AC6E}, // Y1 at 2.1971413
  {0x4015B7FE4E87B02E, 0x3CBDFE7BAC228E8C, 0xBFD5C7C556F0C19A, 0x3FA00B9F8571CA1F, 0x3FAA15D92DFE3E27, 0xBF710A329E2C23FA, 0xBF61BE6DB9923ACF, 0x3F2337C7E138F484, 0x3F085B940EB607F9, 0xBEC80619147B78F2, 0xBEA255E6CF70CF33, 0x3E5B62CD02014989, 0x3E380B1AAC007D1D, 0xBDFA7EE05A568FE6, 0x3D84065CA5F23BB5, 0xBD93847684C7DA93}, // Y1 at 5.429681
};
}
#undef CU2M_D
// ---- end of double in software
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
template <typename T1, typename T2>
struct cu2m_pair {
  T1 first;
  T2 second;
  cu2m_pair() = default;
  cu2m_pair(T1 a, T2 b) : first(a), second(b) {}
};
#line 5 "native/include/cu2m/curand_tables.h"
// XORWOW: x^(2^k) modulo the minimal polynomial of the xorshift state (5 words, low word first);
// rows 0..63 jump 2^k steps (skipahead), rows 64..127 jump 2^(67+k) steps (one subsequence = 2^67).
/* __constant__ cu2m_xorwow_jump: buffer parameter of the kernels that use it */
#line 138 "native/include/cu2m/curand_tables.h"
// MRG32k3a: the recurrence matrices to the power 2^k, modulo m1 (first 9) and m2 (last 9), row-major;
// rows 0..63 jump 2^k steps (skipahead), rows 64..127 2^(76+k) (one subsequence = 2^76), rows 128..191
// 2^(127+k) (one sequence = 2^127, skipahead_sequence).
/* __constant__ cu2m_mrg32k3a_jump: buffer parameter of the kernels that use it */
#line 15 "native/include/curand_kernel.h"
#define CURAND_2POW32_INV (2.3283064e-10f)


#define CURAND_2POW32_INV_2PI (2.3283064e-10f * 6.2831855f)

#define CURAND_2PI (6.2831855f)

#define CU2M_MRG32K3A_M1 4294967087ULL
#define CU2M_MRG32K3A_M2 4294944443ULL
// 1/m1: an H100's MRG32k3a doubles are the raw value over m1 exactly (curandprobe).
#define CU2M_MRG32K3A_NORM (f64::from_bits(0x3DF000000D10000Bul) /* 2.3283065498378288e-10 */)
#define CU2M_MRG32K3A_BITS_NORM (f64::from_bits(0x3FF000000D1006F5ul) /* 1.000000048662 */)

/** XORWOW (the default generator, curandState). */
struct curandStateXORWOW {
  unsigned int d;
  unsigned int v[5];
  int boxmuller_flag;
  int boxmuller_flag_double;
  float boxmuller_extra;
  f64 boxmuller_extra_double;
};
typedef struct curandStateXORWOW curandStateXORWOW_t;
typedef struct curandStateXORWOW curandState_t;
typedef struct curandStateXORWOW curandState;

/** Philox4x32-10: a 128-bit counter, a 64-bit key, the 4 outputs of the current counter. */
struct curandStatePhilox4_32_10 {
  uint4 ctr;
  uint4 output;
  uint2 key;
  unsigned int STATE;
  int boxmuller_flag;
  int boxmuller_flag_double;
  float boxmuller_extra;
  f64 boxmuller_extra_double;
};
typedef struct curandStatePhilox4_32_10 curandStatePhilox4_32_10_t;

/** MRG32k3a: the two components' last three values. */
struct curandStateMRG32k3a {
  unsigned int s1[3];
  unsigned int s2[3];
  int boxmuller_flag;
  int boxmuller_flag_double;
  float boxmuller_extra;
  f64 boxmuller_extra_double;
};
typedef struct curandStateMRG32k3a curandStateMRG32k3a_t;
#line 68 "native/include/curand_kernel.h"
inline float cu2m_curand_uniform_bits(unsigned int x)
{
  return x * CURAND_2POW32_INV + (CURAND_2POW32_INV / 2.0f);
}
#line 79 "native/include/curand_kernel.h"
inline float2 cu2m_curand_box_muller(unsigned int x, unsigned int y)
{
  float u = x * CURAND_2POW32_INV + (CURAND_2POW32_INV / 2.0f);
  float v = y * CURAND_2POW32_INV_2PI + (CURAND_2POW32_INV_2PI / 2.0f);
  float s = sqrt(-2.0f * log(u));
  return float2(sin(v) * s, cos(v) * s);
}
#line 100 "native/include/curand_kernel.h"
/** The xorshift part after p(A) where p = row `row` of cu2m_xorwow_jump: A^(2^k) by Horner's rule. */
inline void cu2m_xorwow_jump_row(constant unsigned int (*cu2m_xorwow_jump)[5], device curandStateXORWOW_t *state, int row)
{
  unsigned int r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0;
  for (int i = 159; i >= 0; --i) {
    unsigned int t = r0 ^ (r0 >> 2);
    unsigned int n = (r4 ^ (r4 << 4)) ^ (t ^ (t << 1));
    r0 = r1; r1 = r2; r2 = r3; r3 = r4; r4 = n;
    if ((cu2m_xorwow_jump[row][i >> 5] >> (i & 31)) & 1u) {
      r0 ^= state->v[0]; r1 ^= state->v[1]; r2 ^= state->v[2]; r3 ^= state->v[3]; r4 ^= state->v[4];
    }
  }
  state->v[0] = r0; state->v[1] = r1; state->v[2] = r2; state->v[3] = r3; state->v[4] = r4;
}
#line 101 "native/include/curand_kernel.h"
inline void cu2m_xorwow_jump_row(constant unsigned int (*cu2m_xorwow_jump)[5], thread curandStateXORWOW_t *state, int row)
{
  unsigned int r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0;
  for (int i = 159; i >= 0; --i) {
    unsigned int t = r0 ^ (r0 >> 2);
    unsigned int n = (r4 ^ (r4 << 4)) ^ (t ^ (t << 1));
    r0 = r1; r1 = r2; r2 = r3; r3 = r4; r4 = n;
    if ((cu2m_xorwow_jump[row][i >> 5] >> (i & 31)) & 1u) {
      r0 ^= state->v[0]; r1 ^= state->v[1]; r2 ^= state->v[2]; r3 ^= state->v[3]; r4 ^= state->v[4];
    }
  }
  state->v[0] = r0; state->v[1] = r1; state->v[2] = r2; state->v[3] = r3; state->v[4] = r4;
}

inline void skipahead(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, device curandStateXORWOW_t *state)
{
  state->d += 362437u * (unsigned int)n;
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_xorwow_jump_row(cu2m_xorwow_jump, state, k);
}
#line 115 "native/include/curand_kernel.h"
inline void skipahead(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, thread curandStateXORWOW_t *state)
{
  state->d += 362437u * (unsigned int)n;
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_xorwow_jump_row(cu2m_xorwow_jump, state, k);
}

/** n subsequences of 2^67 values (the counter d moves by a multiple of 2^32: not at all). */
inline void skipahead_sequence(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, device curandStateXORWOW_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_xorwow_jump_row(cu2m_xorwow_jump, state, 64 + k);
}
#line 123 "native/include/curand_kernel.h"
inline void skipahead_sequence(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, thread curandStateXORWOW_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_xorwow_jump_row(cu2m_xorwow_jump, state, 64 + k);
}

inline void curand_init(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong seed, ulong subsequence, ulong offset, device curandStateXORWOW_t *state)
{
  unsigned int s0 = ((unsigned int)seed) ^ 0xaad26b49u;
  unsigned int s1 = ((unsigned int)(seed >> 32)) ^ 0xf7dcefddu;
  unsigned int t0 = 1099087573u * s0;
  unsigned int t1 = 2591861531u * s1;
  state->d = 6615241u + t1 + t0;
  state->v[0] = 123456789u + t0;
  state->v[1] = 362436069u ^ t0;
  state->v[2] = 521288629u + t1;
  state->v[3] = 88675123u ^ t1;
  state->v[4] = 5783321u + t0;
  skipahead_sequence(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, subsequence, state);
  skipahead(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, offset, state);
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = f64::from_bits(0x0000000000000000ul) /* 0.0 */;
}
#line 129 "native/include/curand_kernel.h"
inline void curand_init(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong seed, ulong subsequence, ulong offset, thread curandStateXORWOW_t *state)
{
  unsigned int s0 = ((unsigned int)seed) ^ 0xaad26b49u;
  unsigned int s1 = ((unsigned int)(seed >> 32)) ^ 0xf7dcefddu;
  unsigned int t0 = 1099087573u * s0;
  unsigned int t1 = 2591861531u * s1;
  state->d = 6615241u + t1 + t0;
  state->v[0] = 123456789u + t0;
  state->v[1] = 362436069u ^ t0;
  state->v[2] = 521288629u + t1;
  state->v[3] = 88675123u ^ t1;
  state->v[4] = 5783321u + t0;
  skipahead_sequence(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, subsequence, state);
  skipahead(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, offset, state);
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = f64::from_bits(0x0000000000000000ul) /* 0.0 */;
}

inline unsigned int curand(thread curandStateXORWOW_t *state)
{
  unsigned int t = state->v[0] ^ (state->v[0] >> 2);
  state->v[0] = state->v[1];
  state->v[1] = state->v[2];
  state->v[2] = state->v[3];
  state->v[3] = state->v[4];
  state->v[4] = (state->v[4] ^ (state->v[4] << 4)) ^ (t ^ (t << 1));
  state->d += 362437u;
  return state->v[4] + state->d;
}
#line 164 "native/include/curand_kernel.h"
inline uint4 cu2m_philox4x32_10(uint4 c, uint2 k)
{
  for (int i = 0; i < 10; ++i) {
    ulong p0 = (ulong)0xD2511F53u * c.x;
    ulong p1 = (ulong)0xCD9E8D57u * c.z;
    uint4 r;
    r.x = (unsigned int)(p1 >> 32) ^ c.y ^ k.x;
    r.y = (unsigned int)p1;
    r.z = (unsigned int)(p0 >> 32) ^ c.w ^ k.y;
    r.w = (unsigned int)p0;
    c = r;
    k.x += 0x9E3779B9u;
    k.y += 0xBB67AE85u;
  }
  return c;
}

/** The counter plus n (128-bit). */
inline void cu2m_philox_add(device curandStatePhilox4_32_10_t *state, ulong n)
{
  unsigned int lo = (unsigned int)n, hi = (unsigned int)(n >> 32);
  unsigned int x = state->ctr.x + lo;
  unsigned int carry = x < lo ? 1u : 0u;
  state->ctr.x = x;
  unsigned int y = state->ctr.y + hi;
  unsigned int carry2 = y < hi ? 1u : 0u;
  unsigned int y2 = y + carry;
  if (y2 < carry) carry2 = 1u;
  state->ctr.y = y2;
  if (carry2) {
    ++state->ctr.z;
    if (state->ctr.z == 0u) ++state->ctr.w;
  }
}
#line 182 "native/include/curand_kernel.h"
inline void cu2m_philox_add(thread curandStatePhilox4_32_10_t *state, ulong n)
{
  unsigned int lo = (unsigned int)n, hi = (unsigned int)(n >> 32);
  unsigned int x = state->ctr.x + lo;
  unsigned int carry = x < lo ? 1u : 0u;
  state->ctr.x = x;
  unsigned int y = state->ctr.y + hi;
  unsigned int carry2 = y < hi ? 1u : 0u;
  unsigned int y2 = y + carry;
  if (y2 < carry) carry2 = 1u;
  state->ctr.y = y2;
  if (carry2) {
    ++state->ctr.z;
    if (state->ctr.z == 0u) ++state->ctr.w;
  }
}

/** The counter's upper 64 bits plus n (one subsequence = 2^64 counters). */
inline void cu2m_philox_add_hi(device curandStatePhilox4_32_10_t *state, ulong n)
{
  unsigned int lo = (unsigned int)n, hi = (unsigned int)(n >> 32);
  unsigned int z = state->ctr.z + lo;
  unsigned int carry = z < lo ? 1u : 0u;
  state->ctr.z = z;
  state->ctr.w += hi + carry;
}
#line 200 "native/include/curand_kernel.h"
inline void cu2m_philox_add_hi(thread curandStatePhilox4_32_10_t *state, ulong n)
{
  unsigned int lo = (unsigned int)n, hi = (unsigned int)(n >> 32);
  unsigned int z = state->ctr.z + lo;
  unsigned int carry = z < lo ? 1u : 0u;
  state->ctr.z = z;
  state->ctr.w += hi + carry;
}

inline void skipahead(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, device curandStatePhilox4_32_10_t *state)
{
  state->STATE += (unsigned int)(n & 3ULL);
  n /= 4;
  if (state->STATE > 3u) {
    n += 1;
    state->STATE -= 4u;
  }
  cu2m_philox_add(state, n);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
}
#line 209 "native/include/curand_kernel.h"
inline void skipahead(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, thread curandStatePhilox4_32_10_t *state)
{
  state->STATE += (unsigned int)(n & 3ULL);
  n /= 4;
  if (state->STATE > 3u) {
    n += 1;
    state->STATE -= 4u;
  }
  cu2m_philox_add(state, n);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
}

inline void skipahead_sequence(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, device curandStatePhilox4_32_10_t *state)
{
  cu2m_philox_add_hi(state, n);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
}
#line 221 "native/include/curand_kernel.h"
inline void skipahead_sequence(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, thread curandStatePhilox4_32_10_t *state)
{
  cu2m_philox_add_hi(state, n);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
}

inline void curand_init(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong seed, ulong subsequence, ulong offset, device curandStatePhilox4_32_10_t *state)
{
  state->ctr = uint4(0u, 0u, 0u, 0u);
  state->key = uint2((unsigned int)seed, (unsigned int)(seed >> 32));
  state->STATE = 0u;
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = f64::from_bits(0x0000000000000000ul) /* 0.0 */;
  cu2m_philox_add_hi(state, subsequence);
  skipahead(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, offset, state);
}
#line 227 "native/include/curand_kernel.h"
inline void curand_init(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong seed, ulong subsequence, ulong offset, thread curandStatePhilox4_32_10_t *state)
{
  state->ctr = uint4(0u, 0u, 0u, 0u);
  state->key = uint2((unsigned int)seed, (unsigned int)(seed >> 32));
  state->STATE = 0u;
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = f64::from_bits(0x0000000000000000ul) /* 0.0 */;
  cu2m_philox_add_hi(state, subsequence);
  skipahead(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, offset, state);
}

inline unsigned int curand(thread curandStatePhilox4_32_10_t *state)
{
  unsigned int r = state->STATE == 0u ? state->output.x : state->STATE == 1u ? state->output.y : state->STATE == 2u ? state->output.z : state->output.w;
  state->STATE += 1u;
  if (state->STATE == 4u) {
    cu2m_philox_add(state, 1ULL);
    state->output = cu2m_philox4x32_10(state->ctr, state->key);
    state->STATE = 0u;
  }
  return r;
}

/** The next four values (from the current position, across counters). */
inline uint4 curand4(thread curandStatePhilox4_32_10_t *state)
{
  uint4 t = state->output;
  cu2m_philox_add(state, 1ULL);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
  uint4 o = state->output;
  if (state->STATE == 1u) return uint4(t.y, t.z, t.w, o.x);
  if (state->STATE == 2u) return uint4(t.z, t.w, o.x, o.y);
  if (state->STATE == 3u) return uint4(t.w, o.x, o.y, o.z);
  return t;
}
#line 268 "native/include/curand_kernel.h"
/** The next value of the combined generator, in [1, m1]. */
inline unsigned int cu2m_mrg32k3a_next(thread curandStateMRG32k3a_t *state)
{
  long p1 = 1403580LL * state->s1[1] - 810728LL * state->s1[0];
  p1 %= (long)CU2M_MRG32K3A_M1;
  if (p1 < 0) p1 += (long)CU2M_MRG32K3A_M1;
  state->s1[0] = state->s1[1];
  state->s1[1] = state->s1[2];
  state->s1[2] = (unsigned int)p1;
  long p2 = 527612LL * state->s2[2] - 1370589LL * state->s2[0];
  p2 %= (long)CU2M_MRG32K3A_M2;
  if (p2 < 0) p2 += (long)CU2M_MRG32K3A_M2;
  state->s2[0] = state->s2[1];
  state->s2[1] = state->s2[2];
  state->s2[2] = (unsigned int)p2;
  return p1 > p2 ? (unsigned int)(p1 - p2) : (unsigned int)(p1 - p2 + (long)CU2M_MRG32K3A_M1);
}

/** Both components times row `row` of cu2m_mrg32k3a_jump (their matrices to a power of 2). */
inline void cu2m_mrg32k3a_jump_row(constant unsigned int (*cu2m_mrg32k3a_jump)[18], device curandStateMRG32k3a_t *state, int row)
{
  unsigned int a[3], b[3];
  for (int i = 0; i < 3; ++i) {
    ulong x = 0, y = 0;
    for (int j = 0; j < 3; ++j) {
      x = (x + (ulong)cu2m_mrg32k3a_jump[row][3 * i + j] * state->s1[j] % CU2M_MRG32K3A_M1) % CU2M_MRG32K3A_M1;
      y = (y + (ulong)cu2m_mrg32k3a_jump[row][9 + 3 * i + j] * state->s2[j] % CU2M_MRG32K3A_M2) % CU2M_MRG32K3A_M2;
    }
    a[i] = (unsigned int)x;
    b[i] = (unsigned int)y;
  }
  for (int i = 0; i < 3; ++i) {
    state->s1[i] = a[i];
    state->s2[i] = b[i];
  }
}
#line 287 "native/include/curand_kernel.h"
inline void cu2m_mrg32k3a_jump_row(constant unsigned int (*cu2m_mrg32k3a_jump)[18], thread curandStateMRG32k3a_t *state, int row)
{
  unsigned int a[3], b[3];
  for (int i = 0; i < 3; ++i) {
    ulong x = 0, y = 0;
    for (int j = 0; j < 3; ++j) {
      x = (x + (ulong)cu2m_mrg32k3a_jump[row][3 * i + j] * state->s1[j] % CU2M_MRG32K3A_M1) % CU2M_MRG32K3A_M1;
      y = (y + (ulong)cu2m_mrg32k3a_jump[row][9 + 3 * i + j] * state->s2[j] % CU2M_MRG32K3A_M2) % CU2M_MRG32K3A_M2;
    }
    a[i] = (unsigned int)x;
    b[i] = (unsigned int)y;
  }
  for (int i = 0; i < 3; ++i) {
    state->s1[i] = a[i];
    state->s2[i] = b[i];
  }
}

inline void skipahead(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, device curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(cu2m_mrg32k3a_jump, state, k);
}
#line 305 "native/include/curand_kernel.h"
inline void skipahead(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, thread curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(cu2m_mrg32k3a_jump, state, k);
}

/** n subsequences of 2^76 values. */
inline void skipahead_subsequence(constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, device curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(cu2m_mrg32k3a_jump, state, 64 + k);
}
#line 312 "native/include/curand_kernel.h"
inline void skipahead_subsequence(constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, thread curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(cu2m_mrg32k3a_jump, state, 64 + k);
}

/** n sequences of 2^127 values. */
inline void skipahead_sequence(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, device curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(cu2m_mrg32k3a_jump, state, 128 + k);
}
#line 319 "native/include/curand_kernel.h"
inline void skipahead_sequence(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong n, thread curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(cu2m_mrg32k3a_jump, state, 128 + k);
}

inline void curand_init(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong seed, ulong subsequence, ulong offset, device curandStateMRG32k3a_t *state)
{
  for (int i = 0; i < 3; ++i) {
    state->s1[i] = 12345u;
    state->s2[i] = 12345u;
  }
  if (seed != 0ULL) {
    ulong x1 = ((unsigned int)seed) ^ 0x55555555u;
    ulong x2 = ((unsigned int)(seed >> 32)) ^ 0xAAAAAAAAu;
    state->s1[0] = (unsigned int)(x1 * state->s1[0] % CU2M_MRG32K3A_M1);
    state->s1[1] = (unsigned int)(x2 * state->s1[1] % CU2M_MRG32K3A_M1);
    state->s1[2] = (unsigned int)(x1 * state->s1[2] % CU2M_MRG32K3A_M1);
    state->s2[0] = (unsigned int)(x2 * state->s2[0] % CU2M_MRG32K3A_M2);
    state->s2[1] = (unsigned int)(x1 * state->s2[1] % CU2M_MRG32K3A_M2);
    state->s2[2] = (unsigned int)(x2 * state->s2[2] % CU2M_MRG32K3A_M2);
  }
  skipahead_subsequence(cu2m_mrg32k3a_jump, subsequence, state);
  skipahead(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, offset, state);
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = f64::from_bits(0x0000000000000000ul) /* 0.0 */;
}
#line 325 "native/include/curand_kernel.h"
inline void curand_init(constant unsigned int (*cu2m_xorwow_jump)[5], constant unsigned int (*cu2m_mrg32k3a_jump)[18], ulong seed, ulong subsequence, ulong offset, thread curandStateMRG32k3a_t *state)
{
  for (int i = 0; i < 3; ++i) {
    state->s1[i] = 12345u;
    state->s2[i] = 12345u;
  }
  if (seed != 0ULL) {
    ulong x1 = ((unsigned int)seed) ^ 0x55555555u;
    ulong x2 = ((unsigned int)(seed >> 32)) ^ 0xAAAAAAAAu;
    state->s1[0] = (unsigned int)(x1 * state->s1[0] % CU2M_MRG32K3A_M1);
    state->s1[1] = (unsigned int)(x2 * state->s1[1] % CU2M_MRG32K3A_M1);
    state->s1[2] = (unsigned int)(x1 * state->s1[2] % CU2M_MRG32K3A_M1);
    state->s2[0] = (unsigned int)(x2 * state->s2[0] % CU2M_MRG32K3A_M2);
    state->s2[1] = (unsigned int)(x1 * state->s2[1] % CU2M_MRG32K3A_M2);
    state->s2[2] = (unsigned int)(x2 * state->s2[2] % CU2M_MRG32K3A_M2);
  }
  skipahead_subsequence(cu2m_mrg32k3a_jump, subsequence, state);
  skipahead(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, offset, state);
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = f64::from_bits(0x0000000000000000ul) /* 0.0 */;
}

inline unsigned int curand(thread curandStateMRG32k3a_t *state)
{
  return (unsigned int)((f64)cu2m_mrg32k3a_next(state) * CU2M_MRG32K3A_BITS_NORM);
}
#line 357 "native/include/curand_kernel.h"
inline float curand_uniform(thread curandStateXORWOW_t *state) { return cu2m_curand_uniform_bits(curand(state)); }
inline float curand_uniform(thread curandStatePhilox4_32_10_t *state) { return cu2m_curand_uniform_bits(curand(state)); }
inline float curand_uniform(thread curandStateMRG32k3a_t *state) { return (float)(cu2m_mrg32k3a_next(state) * CU2M_MRG32K3A_NORM); }
#line 376 "native/include/curand_kernel.h"
inline float4 curand_uniform4(thread curandStatePhilox4_32_10_t *state)
{
  uint4 x = curand4(state);
  return float4(cu2m_curand_uniform_bits(x.x), cu2m_curand_uniform_bits(x.y), cu2m_curand_uniform_bits(x.z), cu2m_curand_uniform_bits(x.w));
}
#line 388 "native/include/curand_kernel.h"
/** Two normals from the generator's next values. */
inline float2 curand_normal2(thread curandStateXORWOW_t *state)
{
  unsigned int x = curand(state);
  unsigned int y = curand(state);
  return cu2m_curand_box_muller(x, y);
}
inline float2 curand_normal2(thread curandStatePhilox4_32_10_t *state)
{
  unsigned int x = curand(state);
  unsigned int y = curand(state);
  return cu2m_curand_box_muller(x, y);
}
inline float2 curand_normal2(thread curandStateMRG32k3a_t *state)
{
  float x = curand_uniform(state);
  float y = curand_uniform(state) * CURAND_2PI;
  float s = sqrt(-2.0f * log(x));
  return float2(sin(y) * s, cos(y) * s);
}
#line 430 "native/include/curand_kernel.h"
/** One normal; every other call returns the second value of the pair computed before. */
inline float curand_normal(thread curandStateXORWOW_t *state)
{
  if (state->boxmuller_flag != 1) {
    float2 v = curand_normal2(state);
    state->boxmuller_extra = v.y;
    state->boxmuller_flag = 1;
    return v.x;
  }
  state->boxmuller_flag = 0;
  return state->boxmuller_extra;
}
inline float curand_normal(thread curandStatePhilox4_32_10_t *state)
{
  if (state->boxmuller_flag != 1) {
    float2 v = curand_normal2(state);
    state->boxmuller_extra = v.y;
    state->boxmuller_flag = 1;
    return v.x;
  }
  state->boxmuller_flag = 0;
  return state->boxmuller_extra;
}
inline float curand_normal(thread curandStateMRG32k3a_t *state)
{
  if (state->boxmuller_flag != 1) {
    float2 v = curand_normal2(state);
    state->boxmuller_extra = v.y;
    state->boxmuller_flag = 1;
    return v.x;
  }
  state->boxmuller_flag = 0;
  return state->boxmuller_extra;
}
#line 7 "curand.cu"
kernel void setup(device curandState* states [[buffer(0)]], constant ulong& seed [[buffer(1)]], constant unsigned int (*cu2m_xorwow_jump)[5] [[buffer(2)]], constant unsigned int (*cu2m_mrg32k3a_jump)[18] [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
  int id = blockIdx.x * blockDim.x + threadIdx.x;
  curand_init(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, seed, id, 0, &states[id]);
}

kernel void noise(device curandState* states [[buffer(0)]], device float* x [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]])
{
  int id = blockIdx.x * blockDim.x + threadIdx.x;
  curandState local = states[id];
  for (int i = id; i < n; i += blockDim.x * gridDim.x) x[i] += 0.1f * curand_normal(&local);
  states[id] = local;
}

kernel void dropout(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], device unsigned char* mask [[buffer(2)]], constant int& n [[buffer(3)]], constant float& p [[buffer(4)]], constant cu2m_pair<uint64_t, uint64_t>& seeds [[buffer(5)]], constant unsigned int (*cu2m_xorwow_jump)[5] [[buffer(6)]], constant unsigned int (*cu2m_mrg32k3a_jump)[18] [[buffer(7)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]])
{
  int id = blockIdx.x * blockDim.x + threadIdx.x;
  curandStatePhilox4_32_10_t state;
  curand_init(cu2m_xorwow_jump, cu2m_mrg32k3a_jump, seeds.first, id, seeds.second, &state);
  for (int i = 4 * id; i < n; i += 4 * blockDim.x * gridDim.x) {
    float4 r = curand_uniform4(&state);
    float keep[4] = {r.x, r.y, r.z, r.w};
    for (int j = 0; j < 4 && i + j < n; j++) {
      mask[i + j] = keep[j] < p;
      out[i + j] = mask[i + j] ? in[i + j] / p : 0.0f;
    }
  }
}
