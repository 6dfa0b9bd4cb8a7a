// double_names.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// ---- double in software (IEEE binary64 through integer operations; emitted because this program uses double)
// (226 functions of the library this program does not call are left out)
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
// exp and log on the soft operations: not correctly rounded, within 2 ulp of the exact result
// (measured against the host's libm by test/fixtures/double/transcendental.cu), as CUDA's are.
#define CU2M_F64(bits) f64::from_bits(bits##ul)
#undef CU2M_F64
// pow, sin, cos, tan, atan... of a double on the soft operations (double-double where needed)
namespace cu2m_dmath {
#define CU2M_D(b) f64::from_bits(b##ul)
struct dd { f64 hi; f64 lo; }; // hi + lo, |lo| <= ulp(hi) / 2
// exp(hi + lo) = 2^k (1 + r + t): |r| <= ln2/2 + |lo|, t the rest of exp(r) - 1 (|hi| <= 746).
struct exp_parts { int k; f64 r; f64 t; };
// The bits of 2/pi after the binary point (bit i is worth 2^-i), for the exact reduction of huge arguments.
constant ulong TWO_OVER_PI[20] = {
  0xA2F9836E4E441529ul, 0xFC2757D1F534DDC0ul, 0xDB6295993C439041ul, 0xFE5163ABDEBBC561ul, 0xB7246E3A424DD2E0ul,
  0x06492EEA09D1921Cul, 0xFE1DEB1CB129A73Eul, 0xE88235F52EBB4484ul, 0xE99C7026B45F7E41ul, 0x3991D639835339F4ul,
  0x9C845F8BBDF9283Bul, 0x1FF897FFDE05980Ful, 0xEF2F118B5A0A6D1Ful, 0x6D367ECF27CB09B7ul, 0x4F463F669E5FEA2Dul,
  0x7527BAC7EBE5F17Bul, 0x3D0739F78A5292EAul, 0x6BFB5FB11F8D5D08ul, 0x56033046FC7B6BABul, 0xF0CFBC209AF4361Dul};
// x = (4n + q) pi/2 + r, |r| <= pi/4, r as a double-double.
struct reduced { int q; dd r; };
// atan(c) for c = i/8, i = 0..8, in two parts.
constant ulong ATAN_EIGHTHS_HI[9] = {0, 0x3FBFD5BA9AAC2F6Eul, 0x3FCF5B75F92C80DDul, 0x3FD6F61941E4DEF1ul, 0x3FDDAC670561BB4Ful,
  0x3FE1E00BABDEFEB4ul, 0x3FE4978FA3269EE1ul, 0x3FE700A7C5784634ul, 0x3FE921FB54442D18ul};
constant ulong ATAN_EIGHTHS_LO[9] = {0, 0xBC4CD37686760C17ul, 0x3C68AB6E3CF7AFBDul, 0xBC7C63AAE6F6E918ul, 0x3C7A2B7F222F65E2ul,
  0xBC5928DF287A668Ful, 0x3C72419A87F2A458ul, 0xBC78C34D25AADEF6ul, 0x3C81A62633145C07ul};
} // namespace cu2m_dmath
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
// double1 as CUDA lays it out (8 bytes, align 8): 1 software doubles
struct cu2m_double1 { f64 x; };
inline cu2m_double1 make_double1(f64 x) { cu2m_double1 v; v.x = x; return v; }
// double4_16a as CUDA lays it out (32 bytes, align 16): 4 software doubles
struct alignas(16) cu2m_double4_16a { f64 x, y, z, w; };
inline cu2m_double4_16a make_double4_16a(f64 x, f64 y, f64 z, f64 w) { cu2m_double4_16a v; v.x = x; v.y = y; v.z = z; v.w = w; return v; }
// double4_32a as CUDA lays it out (32 bytes, align 32): 4 software doubles
struct alignas(32) cu2m_double4_32a { f64 x, y, z, w; };
inline cu2m_double4_32a make_double4_32a(f64 x, f64 y, f64 z, f64 w) { cu2m_double4_32a v; v.x = x; v.y = y; v.z = z; v.w = w; return v; }
#line 1 "double_names.cu"
// double1 and CUDA 13's double4_16a / double4_32a: structs of software doubles with CUDA's layouts.
struct Particle {
  cu2m_double1 mass;
  cu2m_double4_32a state;
};

kernel void advance(device Particle* p [[buffer(0)]], device const cu2m_double4_16a* force [[buffer(1)]], constant f64& dt [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  int i = threadIdx.x;
  cu2m_double4_16a f = force[i];
  cu2m_double1 m = p[i].mass;
  p[i].state = make_double4_32a(p[i].state.x + dt * f.x / m.x, p[i].state.y + dt * f.y / m.x, p[i].state.z, p[i].state.w + dt);
  p[i].mass = make_double1(m.x * f64::from_bits(0x3FE0000000000000ul) /* 0.5 */);
}
