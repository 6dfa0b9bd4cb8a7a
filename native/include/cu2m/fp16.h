// cu2metal — exact binary16 (half) and bfloat16 conversions, shared by every CPU emulation:
// Metal's `half`/`bfloat` on msl-cpu (native/cpu/msl/cu2m_half.h), CUDA's __half/__nv_bfloat16 on
// cuda-cpu and in host code (native/include/cuda_fp16.h, cuda_bf16.h). One implementation, so that
// both CPU backends compute the same bits.
//
// Arithmetic is done in float (or double for fma) and rounded once to the 16-bit format. That is
// exact (the correctly rounded 16-bit result) for + - * / and sqrt, because float's 24 bits exceed
// 2p+2 for half (p = 11) and bfloat16 (p = 8). For half fma the double sum a*b+c is exact whenever
// the result is finite, so it is exact too; bfloat16 fma rounds twice when the exponents are more
// than ~37 apart (documented in docs/DESIGN.md).
//
// Plain C++ (no std headers): it compiles as C++17 and as C++ for OpenCL.
#ifndef CU2M_FP16_H
#define CU2M_FP16_H

// 64 bits in C++ (LP64) and in C++ for OpenCL (where long long is 128 bits).
typedef unsigned long cu2m_fp_u64;
static_assert(sizeof(cu2m_fp_u64) == 8, "cu2m/fp16.h needs a 64-bit unsigned long");

// Rounding modes of the conversions: CUDA's _rn, _rz, _rd, _ru.
enum { CU2M_RN = 0, CU2M_RZ = 1, CU2M_RD = 2, CU2M_RU = 3 };

// Rounds sign * M * 2^ex (M < 2^63, need not be normalised) to a binary format with `mant`
// fraction bits, minimum normal exponent emin and maximum exponent emax; returns its bits.
static inline unsigned cu2m_fp_round(unsigned sign, cu2m_fp_u64 M, int ex, int mant, int emin, int emax, int mode) {
  const unsigned expmask = unsigned(emax - emin + 2) << mant; // all-ones exponent: inf/nan
  const unsigned maxfin = expmask - 1u;
  if (M == 0) return sign;
  // e: exponent of the leading bit of M * 2^ex.
  int lead = 63 - __builtin_clzl(M);
  int e = lead + ex;
  const bool toInf = mode == CU2M_RN || (mode == CU2M_RU && !sign) || (mode == CU2M_RD && sign);
  if (e > emax) return sign | (toInf ? expmask : maxfin);
  int eq = (e < emin ? emin : e) - mant; // exponent of one unit in the last place of the result
  int s = eq - ex;                        // bits of M below the result's last place
  cu2m_fp_u64 q, rem = 0, halfway = 0;
  bool sticky = false;
  if (s <= 0) {
    q = M << (-s);
  } else if (s >= 64) {
    q = 0;
    sticky = true; // M != 0 and far below the half point
  } else {
    q = M >> s;
    rem = M & ((cu2m_fp_u64(1) << s) - 1);
    halfway = cu2m_fp_u64(1) << (s - 1);
    sticky = rem != 0;
  }
  bool up = false;
  if (mode == CU2M_RN) up = s > 0 && s < 64 && (rem > halfway || (rem == halfway && (q & 1)));
  else if (mode == CU2M_RU) up = sticky && !sign;
  else if (mode == CU2M_RD) up = sticky && sign;
  q += up;
  // Encode: subnormals are q itself; normals add the biased exponent (the implicit bit carries).
  cu2m_fp_u64 bits = (e < emin) ? q : ((cu2m_fp_u64)(eq + mant - emin) << mant) + q;
  // (a subnormal that rounds up to 2^mant is the smallest normal's encoding)
  if (bits >= expmask) return sign | (toInf ? expmask : maxfin);
  return sign | unsigned(bits);
}

// float → half bits with a rounding mode. NaN → 0x7fff (CUDA's canonical NaN).
static inline unsigned short cu2m_f2h(float f, int mode = CU2M_RN) {
  unsigned u = __builtin_bit_cast(unsigned, f);
  unsigned sign = (u >> 16) & 0x8000u;
  unsigned a = u & 0x7fffffffu;
  if (a > 0x7f800000u) return 0x7fffu;
  if (a == 0x7f800000u) return (unsigned short)(sign | 0x7c00u);
  unsigned ef = a >> 23;
  cu2m_fp_u64 M = ef ? ((a & 0x7fffffu) | 0x800000u) : (a & 0x7fffffu);
  int ex = (ef ? int(ef) : 1) - 127 - 23;
  return (unsigned short)cu2m_fp_round(sign, M, ex, 10, -14, 15, mode);
}

// double → half bits (round to nearest even): used for fma, whose exact sum fits a double.
static inline unsigned short cu2m_d2h(double d) {
  cu2m_fp_u64 u = __builtin_bit_cast(cu2m_fp_u64, d);
  unsigned sign = unsigned(u >> 48) & 0x8000u;
  cu2m_fp_u64 a = u & cu2m_fp_u64(0x7fffffffffffffff);
  if (a > cu2m_fp_u64(0x7ff0000000000000)) return 0x7fffu;
  if (a == cu2m_fp_u64(0x7ff0000000000000)) return (unsigned short)(sign | 0x7c00u);
  unsigned ed = unsigned(a >> 52);
  cu2m_fp_u64 M = ed ? ((a & cu2m_fp_u64(0xfffffffffffff)) | (cu2m_fp_u64(1) << 52)) : (a & cu2m_fp_u64(0xfffffffffffff));
  int ex = (ed ? int(ed) : 1) - 1023 - 52;
  return (unsigned short)cu2m_fp_round(sign, M, ex, 10, -14, 15, CU2M_RN);
}

// half bits → float (exact).
static inline float cu2m_h2f(unsigned short h) {
  unsigned sign = unsigned(h & 0x8000u) << 16;
  unsigned e = (h >> 10) & 0x1fu;
  unsigned m = h & 0x3ffu;
  if (e == 0x1f) return __builtin_bit_cast(float, sign | 0x7f800000u | (m << 13));
  if (e == 0) {
    float v = float(m) * 0x1p-24f;
    return sign ? -v : v;
  }
  return __builtin_bit_cast(float, sign | ((e - 15u + 127u) << 23) | (m << 13));
}

// float → bfloat16 bits with a rounding mode. NaN → 0x7fff (CUDA's canonical NaN).
static inline unsigned short cu2m_f2bf(float f, int mode = CU2M_RN) {
  unsigned u = __builtin_bit_cast(unsigned, f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return 0x7fffu;
  unsigned sign = (u >> 16) & 0x8000u;
  unsigned lo = u & 0xffffu;
  unsigned hi = u >> 16;
  if ((u & 0x7fffffffu) == 0x7f800000u || lo == 0) return (unsigned short)hi;
  bool up = false;
  if (mode == CU2M_RN) up = lo > 0x8000u || (lo == 0x8000u && (hi & 1u));
  else if (mode == CU2M_RU) up = !sign;
  else if (mode == CU2M_RD) up = sign != 0;
  return (unsigned short)(hi + up); // a carry into the exponent is right, up to infinity
}

// double → bfloat16 bits (round to nearest even).
static inline unsigned short cu2m_d2bf(double d) {
  cu2m_fp_u64 u = __builtin_bit_cast(cu2m_fp_u64, d);
  unsigned sign = unsigned(u >> 48) & 0x8000u;
  cu2m_fp_u64 a = u & cu2m_fp_u64(0x7fffffffffffffff);
  if (a > cu2m_fp_u64(0x7ff0000000000000)) return 0x7fffu;
  if (a == cu2m_fp_u64(0x7ff0000000000000)) return (unsigned short)(sign | 0x7f80u);
  unsigned ed = unsigned(a >> 52);
  cu2m_fp_u64 M = ed ? ((a & cu2m_fp_u64(0xfffffffffffff)) | (cu2m_fp_u64(1) << 52)) : (a & cu2m_fp_u64(0xfffffffffffff));
  int ex = (ed ? int(ed) : 1) - 1023 - 52;
  return (unsigned short)cu2m_fp_round(sign, M, ex, 7, -126, 127, CU2M_RN);
}

static inline float cu2m_bf2f(unsigned short b) { return __builtin_bit_cast(float, unsigned(b) << 16); }

// One binary operation or fma, rounded once.
static inline unsigned short cu2m_hfma(unsigned short a, unsigned short b, unsigned short c) {
  return cu2m_d2h(__builtin_fma(double(cu2m_h2f(a)), double(cu2m_h2f(b)), double(cu2m_h2f(c))));
}
static inline unsigned short cu2m_bffma(unsigned short a, unsigned short b, unsigned short c) {
  return cu2m_d2bf(__builtin_fma(double(cu2m_bf2f(a)), double(cu2m_bf2f(b)), double(cu2m_bf2f(c))));
}

#endif // CU2M_FP16_H
