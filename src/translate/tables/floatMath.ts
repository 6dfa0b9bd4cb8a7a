// Float math functions Metal lacks, CUDA's conversions with a rounding mode, its directed-rounding
// float arithmetic and its SIMD video intrinsics: helpers added to the MSL (once, only when used).
// Data only; tables/functions.ts puts these rows in place of the rows that refused the names, and
// docs/support-matrix.md is generated from them.
//
// How each is exact (or how close), and why:
//   * float → integer (__float2int_rd, lrintf, lroundf...): rounded in float (exact), then converted
//     as PTX's cvt does: NaN → 0, out of range → the nearest end of the range (MSL and C leave both
//     undefined, so the helper says it).
//   * integer → float and every directed-rounding float operation (__int2float_rd, __fadd_ru,
//     __fmul_rz, __fdiv_rd, __fsqrt_ru, __frcp_rz, __fmaf_rd...): the exact result is formed in
//     integer arithmetic (a 64-bit significand, its exponent and a sticky bit) and rounded once in
//     the requested direction by cu2m_round_float. Metal has no double and no rounding modes, so
//     "compute in double and round" is done with integers; + and - use the exact error of the
//     float sum (two-sum) instead. The cuda-cpu reference computes the same on the host with the
//     FPU's rounding mode (native/cpu/cuda/cu2m_cuda_device.h), an independent check.
//   * hypotf, cbrtf, expm1f...: algorithms in float arithmetic that is correctly rounded on every
//     Metal GPU (+ - * / fma, ldexp, ilogb), with CUDA's ulp bound as the target; the bounds
//     measured on 1M+ arguments are in the notes (test/fixtures/fmath/fmath.cu).
//   * SIMD video intrinsics (__vadd4, __vmaxs2, __vcmpgtu4, __vsads2...): a loop over the 8- or
//     16-bit lanes of the word, each lane computed in int.
import type { FunctionCategory, FunctionMapping } from './functions';
import { SOFT_DOUBLE_ONLY } from './double';

interface Row {
  readonly cuda: string;
  readonly category: FunctionCategory;
  readonly map: FunctionMapping;
}

/** A block of helpers that several polyfills call: emitted once, before the first that needs it. */
interface Shared {
  readonly key: string;
  readonly text: string;
  readonly requires?: readonly Shared[];
}
const shared = (key: string, text: string, requires?: readonly Shared[]): Shared => ({ key, text, requires });
const flatten = (s: readonly Shared[]): (readonly [string, string])[] => s.flatMap((x) => [...flatten(x.requires ?? []), [x.key, x.text] as const]);
/** A helper (`definition`) after the shared blocks it calls. */
const poly = (msl: string, definition: string, note: string, requires: readonly Shared[] = []): FunctionMapping => ({ kind: 'polyfill', msl, definition, note, requires: flatten(requires) });

// ---- float → integer, as PTX's cvt ------------------------------------------------------------

const TO_INT = shared('cu2m_float_to_int', [
  '// float (already an integer value, or NaN, or out of range) to an integer type as CUDA converts:',
  '// NaN gives 0, a value beyond the range gives the nearest end of the range.',
  'inline int cu2m_to_int(float x) { return x != x ? 0 : x >= 2147483648.0f ? 2147483647 : x < -2147483648.0f ? int(0x80000000u) : int(x); }',
  'inline uint cu2m_to_uint(float x) { return x != x || x <= 0.0f ? 0u : x >= 4294967296.0f ? 0xFFFFFFFFu : uint(x); }',
  'inline long cu2m_to_long(float x) { return x != x ? 0l : x >= 9223372036854775808.0f ? long(0x7FFFFFFFFFFFFFFFul) : x < -9223372036854775808.0f ? long(0x8000000000000000ul) : long(x); }',
  'inline ulong cu2m_to_ulong(float x) { return x != x || x <= 0.0f ? 0ul : x >= 18446744073709551616.0f ? 0xFFFFFFFFFFFFFFFFul : ulong(x); }',
  '// A double (software f64) converts with the same rules already.',
  'template <typename D> inline int cu2m_to_int(D x) { return int(x); }',
  'template <typename D> inline uint cu2m_to_uint(D x) { return uint(x); }',
  'template <typename D> inline long cu2m_to_long(D x) { return long(x); }',
  'template <typename D> inline ulong cu2m_to_ulong(D x) { return ulong(x); }',
].join('\n'));

const ROUND_FN = { rn: 'rint', rz: 'trunc', rd: 'floor', ru: 'ceil' } as const;
const ROUND_WORDS = { rn: 'to nearest even', rz: 'toward zero', rd: 'down', ru: 'up' } as const;
type Mode = keyof typeof ROUND_FN;
const MODES: readonly Mode[] = ['rn', 'rz', 'rd', 'ru'];
const INT_TYPES = { int: 'int', uint: 'uint', ll: 'long', ull: 'ulong' } as const;
const CUDA_INT = { int: 'int', uint: 'unsigned int', ll: 'long long', ull: 'unsigned long long' } as const;

/** __float2int_rd(x) → `inline int __float2int_rd(float x) { return cu2m_to_int(floor(x)); }`. */
function floatToInt(from: 'float' | 'double', to: keyof typeof INT_TYPES, mode: Mode): Row {
  const name = `__${from}2${to}_${mode}`;
  const t = INT_TYPES[to];
  const param = from === 'float' ? 'float x' : 'D x';
  const tmpl = from === 'float' ? '' : 'template <typename D> ';
  const def = `// ${name}: to ${CUDA_INT[to]}, rounded ${ROUND_WORDS[mode]}; NaN → 0, out of range saturates (PTX cvt)\n${tmpl}inline ${t} ${name}(${param}) { return cu2m_to_${t}(${ROUND_FN[mode]}(x)); }`;
  const what = from === 'double' ? ' (of software double, exact; of float under --double=float)' : '';
  return { cuda: name, category: 'other', map: poly(name, def, `exact: rounded ${ROUND_WORDS[mode]}, NaN → 0, out of range saturates as PTX's cvt${what}`, [TO_INT]) };
}

// ---- one rounding in a chosen direction ------------------------------------------------------

const ROUND_CORE = shared('cu2m_round_float', [
  '// Rounding modes of the helpers below: 0 to nearest even, 1 toward zero, 2 down, 3 up.',
  'inline int cu2m_clz64(ulong m) { uint hi = uint(m >> 32); return hi != 0 ? int(clz(hi)) : 32 + int(clz(uint(m))); }',
  '// The float nearest to (-1)^neg × (m + s) × 2^e in the direction of mode, where m > 0 and s, when',
  '// sticky, is some value strictly between 0 and 1 (the bits lost below m). Exact: no float operation.',
  'inline float cu2m_round_float(bool neg, ulong m, int e, bool sticky, int mode) {',
  '  int lz = cu2m_clz64(m);',
  '  m <<= lz;',
  '  e -= lz;                                 // leading 1 at bit 63: the value is m × 2^e',
  '  int E = e + 63;                          // its binary exponent',
  '  int shift = E < -126 ? 40 + (-126 - E) : 40; // bits below the last kept one (more for subnormals)',
  '  ulong kept = 0;',
  '  bool above = false, tie = false;         // what was dropped: above half a unit, or exactly half',
  '  if (shift < 64) {',
  '    kept = m >> shift;',
  '    ulong rest = m & ((1ul << shift) - 1), half = 1ul << (shift - 1);',
  '    above = rest > half || (rest == half && sticky);',
  '    tie = rest == half && !sticky;',
  '    sticky = sticky || rest != 0;',
  '  } else {',
  '    above = shift == 64 && (m > 0x8000000000000000ul || sticky);',
  '    tie = shift == 64 && m == 0x8000000000000000ul && !sticky;',
  '    sticky = true;',
  '  }',
  '  bool up = mode == 0 ? above || (tie && (kept & 1) != 0) : mode == 2 ? neg && sticky : mode == 3 ? !neg && sticky : false;',
  '  kept += up ? 1 : 0;                      // may carry into the next binade: still right below',
  '  uint sign = neg ? 0x80000000u : 0u;',
  '  if (E < -126) return as_type<float>(sign | uint(kept)); // subnormal (2^23 is the smallest normal)',
  '  if (E <= 127) {',
  '    uint bits = (uint(E + 126) << 23) + uint(kept);',
  '    if (bits < 0x7F800000u) return as_type<float>(sign | bits);',
  '  }',
  '  bool inf = mode == 0 || (mode == 2 && neg) || (mode == 3 && !neg); // overflow: infinity or the largest float',
  '  return as_type<float>(sign | (inf ? 0x7F800000u : 0x7F7FFFFFu));',
  '}',
  '// |x| of a finite non-zero float as m × 2^e with an integer m (subnormals too).',
  'inline ulong cu2m_sig(float x, thread int& e) {',
  '  uint b = as_type<uint>(x) & 0x7FFFFFFFu;',
  '  uint be = b >> 23;',
  '  e = (be == 0 ? 1 : int(be)) - 150;',
  '  return ulong(be == 0 ? b : (b & 0x7FFFFFu) | 0x800000u);',
  '}',
  '// An integer of magnitude m (sign neg) to float, rounded by mode.',
  'inline float cu2m_int_to_float(bool neg, ulong m, int mode) { return m == 0 ? 0.0f : cu2m_round_float(neg, m, 0, false, mode); }',
].join('\n'));

const INT_TO_FLOAT_PARAM = { int: 'int x', uint: 'uint x', ll: 'long x', ull: 'ulong x' } as const;
const INT_MAGNITUDE = {
  int: 'x < 0, x < 0 ? ulong(-long(x)) : ulong(x)',
  uint: 'false, ulong(x)',
  ll: 'x < 0, x < 0 ? 0ul - ulong(x) : ulong(x)',
  ull: 'false, x',
} as const;

function intToFloat(from: keyof typeof INT_TYPES, mode: Mode): Row {
  const name = `__${from}2float_${mode}`;
  const m = MODES.indexOf(mode);
  const def = `// ${name}: ${CUDA_INT[from]} to float, rounded ${ROUND_WORDS[mode]}\ninline float ${name}(${INT_TO_FLOAT_PARAM[from]}) { return cu2m_int_to_float(${INT_MAGNITUDE[from]}, ${m}); }`;
  return { cuda: name, category: 'other', map: poly(name, def, `exact, rounded ${ROUND_WORDS[mode]} (in integer arithmetic)`, [ROUND_CORE]) };
}

/** __ll2double_rd & co.: the software double built from its bits, the 64-bit integer rounded to 53 bits. */
const TO_F64_CORE = shared('cu2m_round_f64', [
  '// The bits of the double nearest to (-1)^neg × m (m < 2^64) in the direction of mode (0 nearest even,',
  '// 1 toward zero, 2 down, 3 up): the significand rounded to 53 bits in integer arithmetic.',
  'inline ulong cu2m_int_to_f64_bits(bool neg, ulong m, int mode) {',
  '  ulong sign = neg ? 0x8000000000000000ul : 0ul;',
  '  if (m == 0) return 0ul;',
  '  uint hi = uint(m >> 32);',
  '  int lz = hi != 0 ? int(clz(hi)) : 32 + int(clz(uint(m)));',
  '  m <<= lz;                                 // leading 1 at bit 63',
  '  ulong kept = m >> 11, rest = m & 0x7FFul; // 53 bits kept',
  '  bool up = mode == 0 ? rest > 0x400ul || (rest == 0x400ul && (kept & 1) != 0) : mode == 2 ? neg && rest != 0 : mode == 3 ? !neg && rest != 0 : false;',
  '  kept += up ? 1 : 0;',
  '  return sign | ((ulong(63 - lz + 1022) << 52) + kept); // a carry to 2^53 moves into the exponent',
  '}',
].join('\n'));

function intToDouble(from: 'll' | 'ull', mode: Exclude<Mode, 'rn'>): Row {
  const name = `__${from}2double_${mode}`;
  const m = MODES.indexOf(mode);
  const def = `// ${name}: ${CUDA_INT[from]} to double, rounded ${ROUND_WORDS[mode]} (software double)\ninline f64 ${name}(${INT_TO_FLOAT_PARAM[from]}) { return f64::from_bits(cu2m_int_to_f64_bits(${INT_MAGNITUDE[from]}, ${m})); }`;
  return { cuda: name, category: 'other', map: poly(name, def, `exact, rounded ${ROUND_WORDS[mode]}, under software double (the default; --double=float has no double to return)`, [TO_F64_CORE]) };
}

/** __double2float_rd & co.: the nearest float, moved one step where it lies on the wrong side. */
const STEP = shared('cu2m_float_step', [
  '// The next float up (toward +infinity) and down, by the bits (MSL has nextafter only from 3.1).',
  'inline float cu2m_next_up(float f) {',
  '  if (f != f || f == INFINITY) return f;',
  '  if (f == 0.0f) return as_type<float>(1u);',
  '  uint b = as_type<uint>(f);',
  '  return as_type<float>(f > 0.0f ? b + 1 : b - 1);',
  '}',
  'inline float cu2m_next_down(float f) { return -cu2m_next_up(-f); }',
].join('\n'));

function doubleToFloat(mode: Exclude<Mode, 'rn'>): Row {
  const name = `__double2float_${mode}`;
  const fix = {
    rd: 'return D(f) > x ? cu2m_next_down(f) : f;',
    ru: 'return D(f) < x ? cu2m_next_up(f) : f;',
    rz: 'return x > D(0) ? (D(f) > x ? cu2m_next_down(f) : f) : (D(f) < x ? cu2m_next_up(f) : f);',
  }[mode];
  const def = `// ${name}: double to float, rounded ${ROUND_WORDS[mode]}: the nearest float, one step back where it passed x\ntemplate <typename D> inline float ${name}(D x) {\n  float f = float(x);\n  if (f != f) return f;\n  ${fix}\n}`;
  return { cuda: name, category: 'other', map: poly(name, def, `exact, rounded ${ROUND_WORDS[mode]} (the nearest float, corrected by one step after an exact comparison in software double)`, [STEP]) };
}

// ---- directed-rounding float arithmetic --------------------------------------------------------

const DIRECTED = shared('cu2m_directed', [
  '// a + b rounded by mode: the nearest sum s and its exact error (two-sum) say which way the exact',
  '// sum lies from s; one step toward it when the mode asks. Overflow gives the largest float where',
  '// the mode rounds toward it.',
  'inline float cu2m_add_r(float a, float b, int mode) {',
  '  float s = a + b;',
  '  if (!isfinite(s)) {',
  '    if (!isfinite(a) || !isfinite(b) || mode == 0) return s;',
  '    bool toward_max = mode == 1 || (mode == 2 && s > 0.0f) || (mode == 3 && s < 0.0f);',
  '    return toward_max ? copysign(as_type<float>(0x7F7FFFFFu), s) : s; // the largest float',
  '  }',
  '  if (s == 0.0f) return (a == 0.0f && b == 0.0f && signbit(a) == signbit(b)) ? a : (mode == 2 ? -0.0f : 0.0f); // an exact zero',
  '  float bb = s - a;',
  '  float err = (a - (s - bb)) + (b - bb);  // a + b == s + err exactly',
  '  if (err == 0.0f || mode == 0) return s;',
  '  if (mode == 2 || (mode == 1 && s > 0.0f)) return err < 0.0f ? cu2m_next_down(s) : s;',
  '  return err > 0.0f ? cu2m_next_up(s) : s;   // up, or toward zero from below',
  '}',
  '// a × b rounded by mode: the 48-bit product of the significands, rounded once.',
  'inline float cu2m_mul_r(float a, float b, int mode) {',
  '  if (!isfinite(a) || !isfinite(b) || a == 0.0f || b == 0.0f) return a * b; // exact',
  '  int ea, eb;',
  '  ulong ma = cu2m_sig(a, ea), mb = cu2m_sig(b, eb);',
  '  return cu2m_round_float(signbit(a) != signbit(b), ma * mb, ea + eb, false, mode);',
  '}',
  '// a / b rounded by mode: a 64-bit quotient of the significands, the remainder as sticky bit.',
  'inline float cu2m_div_r(float a, float b, int mode) {',
  '  if (!isfinite(a) || !isfinite(b) || a == 0.0f || b == 0.0f) return a / b; // exact',
  '  int ea, eb;',
  '  ulong ma = cu2m_sig(a, ea), mb = cu2m_sig(b, eb);',
  '  int la = cu2m_clz64(ma) - 1, lb = cu2m_clz64(mb) - 40;',
  '  ma <<= la;                               // leading 1 at bit 62',
  '  mb <<= lb;                               // leading 1 at bit 23: a quotient of 39 or 40 bits',
  '  ulong q = ma / mb;',
  '  return cu2m_round_float(signbit(a) != signbit(b), q, ea - la - eb + lb, q * mb != ma, mode);',
  '}',
  '// sqrt(a) rounded by mode: the integer square root of the significand shifted to 62 or 63 bits.',
  'inline float cu2m_sqrt_r(float a, int mode) {',
  '  if (!isfinite(a) || a <= 0.0f) return sqrt(a); // ±0, +inf, NaN, negatives: exact',
  '  int e;',
  '  ulong m = cu2m_sig(a, e);',
  '  int s = cu2m_clz64(m) - 1;',
  '  if (((e - s) & 1) != 0) s -= 1;           // an even exponent',
  '  m <<= s;',
  '  e -= s;',
  '  ulong r = 0, rem = 0;                    // digit by digit: r = floor(sqrt(m)), rem = m - r*r',
  '  for (int i = 62; i >= 0; i -= 2) {',
  '    rem = (rem << 2) | ((m >> i) & 3ul);',
  '    ulong t = (r << 2) | 1ul;',
  '    r <<= 1;',
  '    if (rem >= t) { rem -= t; r |= 1ul; }',
  '  }',
  '  return cu2m_round_float(false, r, e / 2, rem != 0, mode);',
  '}',
  '// a × b + c rounded once by mode: the exact product (48 bits) and c aligned in 64 bits, the bits',
  '// shifted out of the smaller one kept as a sticky 1 (enough guard bits for every mode).',
  'inline float cu2m_fma_r(float a, float b, float c, int mode) {',
  '  if (!isfinite(a) || !isfinite(b) || !isfinite(c)) return fma(a, b, c);',
  '  if (a == 0.0f || b == 0.0f) return cu2m_add_r(a * b, c, mode); // an exact ±0 product',
  '  if (c == 0.0f) return cu2m_mul_r(a, b, mode);',
  '  int ep, ec;',
  '  ulong ma, mb;',
  '  { int ea, eb; ma = cu2m_sig(a, ea); mb = cu2m_sig(b, eb); ep = ea + eb; }',
  '  ulong mp = ma * mb, mc = cu2m_sig(c, ec);',
  '  bool np = signbit(a) != signbit(b), nc = signbit(c);',
  '  int lp = cu2m_clz64(mp) - 1, lc = cu2m_clz64(mc) - 1;',
  '  mp <<= lp; ep -= lp;                     // both with the leading 1 at bit 62',
  '  mc <<= lc; ec -= lc;',
  '  if (ep < ec || (ep == ec && mp < mc)) {  // the larger magnitude first',
  '    ulong tm = mp; mp = mc; mc = tm;',
  '    int te = ep; ep = ec; ec = te;',
  '    bool tn = np; np = nc; nc = tn;',
  '  }',
  '  int d = ep - ec;',
  '  ulong small = d >= 63 ? 1ul : (mc >> d) | (d > 0 && (mc << (64 - d)) != 0 ? 1ul : 0ul); // shifted, sticky jammed',
  '  ulong m = np == nc ? mp + small : mp - small;',
  '  if (m == 0) return mode == 2 ? -0.0f : 0.0f; // exact cancellation',
  '  return cu2m_round_float(np, m, ep, false, mode);',
  '}',
].join('\n'), [ROUND_CORE, STEP]);

const OPS = {
  fadd: { params: 'float a, float b', call: 'cu2m_add_r(a, b, M)', what: 'a + b' },
  fsub: { params: 'float a, float b', call: 'cu2m_add_r(a, -b, M)', what: 'a - b' },
  fmul: { params: 'float a, float b', call: 'cu2m_mul_r(a, b, M)', what: 'a × b' },
  fdiv: { params: 'float a, float b', call: 'cu2m_div_r(a, b, M)', what: 'a / b' },
  fsqrt: { params: 'float a', call: 'cu2m_sqrt_r(a, M)', what: 'sqrt(a)' },
  frcp: { params: 'float a', call: 'cu2m_div_r(1.0f, a, M)', what: '1 / a' },
  fmaf: { params: 'float a, float b, float c', call: 'cu2m_fma_r(a, b, c, M)', what: 'a × b + c with one rounding' },
} as const;

function directed(op: keyof typeof OPS, mode: Exclude<Mode, 'rn'>): Row {
  const name = `__${op}_${mode}`;
  const o = OPS[op];
  const def = `// ${name}: ${o.what}, rounded ${ROUND_WORDS[mode]}\ninline float ${name}(${o.params}) { return ${o.call.replace('M', String(MODES.indexOf(mode)))}; }`;
  return { cuda: name, category: 'math', map: poly(name, def, `${o.what} rounded ${ROUND_WORDS[mode]}, exact (the exact result formed in integer arithmetic, rounded once)`, [DIRECTED]) };
}

// ---- float math functions ----------------------------------------------------------------------

const HYPOT_SCALED = shared('cu2m_hypot_scaled', [
  '// hypotf(x, y) = sqrt(x² + y²) without overflow or underflow: both scaled by one power of two',
  '// (exact), the sum of squares with one rounding (fma), the root corrected by a Newton step on its',
  '// exact residual. Returns the root of the scaled values, in [1, 2√2), and the scale e; x and y are',
  '// finite and not both 0.',
  'inline float cu2m_hypot_scaled(float x, float y, thread int& e) {',
  '  float a = fabs(x), b = fabs(y);',
  '  float m = fmax(a, b), n = fmin(a, b);',
  '  e = ilogb(m);',
  '  float sm = ldexp(m, -e), sn = ldexp(n, -e); // sm in [1, 2)',
  '  float t = fma(sm, sm, sn * sn);',
  '  float r = sqrt(t);',
  '  return fma(fma(-r, r, t), 0.5f / r, r);',
  '}',
].join('\n'));
const HYPOT = [
  '// hypotf(x, y): the scaled root scaled back. CUDA: 3 ulp.',
  'inline float cu2m_hypotf(float x, float y) {',
  '  if (isinf(x) || isinf(y)) return INFINITY;  // even with a NaN (C99)',
  '  if (isnan(x) || isnan(y)) return x + y;',
  '  if (x == 0.0f || y == 0.0f) return fabs(x) + fabs(y);',
  '  int e;',
  '  float r = cu2m_hypot_scaled(x, y, e);',
  '  return ldexp(r, e);',
  '}',
].join('\n');

const CBRT = [
  '// cbrtf(x): the exponent divided by 3 exactly, Newton steps on the significand in [1, 8), a last',
  '// step on the residual m - y³ computed exactly with fma. CUDA: 1 ulp.',
  'inline float cu2m_cbrtf(float x) {',
  '  if (x == 0.0f || !isfinite(x)) return x + x;',
  '  float a = fabs(x);',
  '  int e = ilogb(a);',
  '  int q = e >= 0 ? e / 3 : -((2 - e) / 3);  // floor(e / 3)',
  '  float m = ldexp(a, -3 * q);              // in [1, 8), exact',
  '  float y = 0.7f + 0.17f * m;              // cbrt(m) within 12%',
  '  for (int i = 0; i < 4; ++i) y = y - (y * y * y - m) / (3.0f * y * y);',
  '  float y2 = y * y, e2 = fma(y, y, -y2);   // y² = y2 + e2',
  '  float y3 = y2 * y, e3 = fma(y2, y, -y3); // y2 × y = y3 + e3',
  '  float res = (m - y3) - fma(e2, y, e3);   // m - y³',
  '  y = fma(res, 1.0f / (3.0f * y2), y);',
  '  return copysign(ldexp(y, q), x);',
  '}',
].join('\n');

const EXPM1 = [
  '// expm1f(x) = e^x - 1: x = k ln2 + r (ln2 in two parts, |r| <= ln2/2), e^r - 1 by its Taylor series to',
  '// r^10, then 2^k e^r - 1 with e^r in two floats so that no bits are lost. CUDA: 1 ulp.',
  'inline float cu2m_expm1f(float x) {',
  '  if (x != x || x == 0.0f) return x;      // NaN, ±0',
  '  if (x > 88.72284f) return INFINITY;',
  '  if (x < -17.4f) return -1.0f;            // e^x below half an ulp of 1',
  '  float k = rint(x * 1.44269504f);',
  '  float hi = fma(-k, 0.693145751953125f, x); // exact: ln2 high part has 16 bits',
  '  float lo = -k * 1.428606765330187e-06f;',
  '  float r = hi + lo, c = (hi - r) + lo;   // r + c = x - k ln2',
  '  float q = 2.7557319e-07f;                 // 1/10!, ... 1/2',
  '  q = fma(q, r, 2.7557319e-06f);',
  '  q = fma(q, r, 2.4801587e-05f);',
  '  q = fma(q, r, 1.9841270e-04f);',
  '  q = fma(q, r, 1.3888889e-03f);',
  '  q = fma(q, r, 8.3333333e-03f);',
  '  q = fma(q, r, 4.1666667e-02f);',
  '  q = fma(q, r, 1.6666667e-01f);',
  '  q = fma(q, r, 0.5f);',
  '  float r2 = r * r, r2e = fma(r, r, -r2); // r² = r2 + r2e',
  '  float t = fma(r2, q, r2e * 0.5f);        // e^r = 1 + r + t',
  '  t = fma(c, 1.0f + r, t);                 // + c e^r',
  '  if (k == 0.0f) return r + t;',
  '  int ki = int(k);',
  '  float s1 = 1.0f + r, e1 = (1.0f - s1) + r;  // 1 + r + t = s + sl, in two floats',
  '  float s = s1 + t, bs = s - s1;',
  '  float sl = e1 + ((s1 - (s - bs)) + (t - bs));',
  '  float S = ldexp(s, ki), SL = ldexp(sl, ki);',
  '  float d = S - 1.0f, bb = d - S;',
  '  float dl = (S - (d - bb)) + (-1.0f - bb); // S - 1 = d + dl exactly (two-sum)',
  '  return d + (dl + SL);',
  '}',
].join('\n');

const NO_FLOAT = (f: string): string => (SOFT_DOUBLE_ONLY.has(f) ? `; of a double (or an integer): computed in software double (the default), ${SOFT_DOUBLE_ONLY.get(f) ?? ''}` : '');

function floatFunction(f: string, msl: string, definition: string, note: string, requires: readonly Shared[] = []): Row[] {
  return [
    { cuda: `${f}f`, category: 'math', map: poly(msl, definition, note, requires) },
    { cuda: f, category: 'math', map: poly(msl, definition, `of a float: ${note}${NO_FLOAT(f)}`, requires) },
  ];
}

const intRound = (f: string, type: 'long', fn: string, what: string): Row[] =>
  floatFunction(f, `cu2m_${f}f`, `// ${f}f(x): ${what}; NaN → 0, out of range saturates (PTX cvt)\ninline ${type} cu2m_${f}f(float x) { return cu2m_to_${type}(${fn}(x)); }`, `exact: ${what}; out of range (undefined in CUDA) saturates, NaN gives 0, as PTX's cvt`, [TO_INT]);


// ---- SIMD video intrinsics -----------------------------------------------------------------------

interface VideoOp {
  readonly signed: boolean;
  /** The lane's result from int x (and y): {MIN} and {MAX} are the lane type's range. */
  readonly expr: string;
  readonly what: string;
  readonly unary?: boolean;
}

const VIDEO_OPS: Readonly<Record<string, VideoOp>> = {
  vabs: { signed: true, unary: true, expr: 'abs(x)', what: 'absolute value (wraps: |MIN| is MIN)' },
  vabsss: { signed: true, unary: true, expr: 'min(abs(x), {MAX})', what: 'absolute value, saturated' },
  vneg: { signed: true, unary: true, expr: '-x', what: 'negation (wraps)' },
  vnegss: { signed: true, unary: true, expr: 'min(-x, {MAX})', what: 'negation, saturated' },
  vabsdiffs: { signed: true, expr: 'abs(x - y)', what: '|a - b| of signed lanes' },
  vabsdiffu: { signed: false, expr: 'abs(x - y)', what: '|a - b| of unsigned lanes' },
  vadd: { signed: false, expr: 'x + y', what: 'a + b (wraps)' },
  vaddss: { signed: true, expr: 'clamp(x + y, {MIN}, {MAX})', what: 'a + b, signed saturation' },
  vaddus: { signed: false, expr: 'min(x + y, {MAX})', what: 'a + b, unsigned saturation' },
  vsub: { signed: false, expr: 'x - y', what: 'a - b (wraps)' },
  vsubss: { signed: true, expr: 'clamp(x - y, {MIN}, {MAX})', what: 'a - b, signed saturation' },
  vsubus: { signed: false, expr: 'max(x - y, 0)', what: 'a - b, unsigned saturation' },
  vavgs: { signed: true, expr: '(x + y + 1) >> 1', what: 'signed rounded average (a + b + 1) >> 1' },
  vavgu: { signed: false, expr: '(x + y + 1) >> 1', what: 'unsigned rounded average (a + b + 1) >> 1' },
  vhaddu: { signed: false, expr: '(x + y) >> 1', what: 'unsigned average (a + b) >> 1' },
  vmaxs: { signed: true, expr: 'max(x, y)', what: 'signed maximum' },
  vmaxu: { signed: false, expr: 'max(x, y)', what: 'unsigned maximum' },
  vmins: { signed: true, expr: 'min(x, y)', what: 'signed minimum' },
  vminu: { signed: false, expr: 'min(x, y)', what: 'unsigned minimum' },
};
const COMPARISONS = { eq: '==', ne: '!=', ges: '>=', geu: '>=', gts: '>', gtu: '>', les: '<=', leu: '<=', lts: '<', ltu: '<' } as const;
for (const [c, op] of Object.entries(COMPARISONS)) {
  const signed = c.endsWith('s'); // ges, gts, les, lts
  const sign = c === 'eq' || c === 'ne' ? '' : signed ? 'signed ' : 'unsigned ';
  (VIDEO_OPS as Record<string, VideoOp>)[`vcmp${c}`] = { signed, expr: `x ${op} y ? -1 : 0`, what: `${sign}a ${op} b: all ones, else 0` };
  (VIDEO_OPS as Record<string, VideoOp>)[`vset${c}`] = { signed, expr: `x ${op} y ? 1 : 0`, what: `${sign}a ${op} b: 1, else 0` };
}

/** The lanes of one word as ints: `int x = int(a << (24 - i)) >> 24` (signed byte i/8). */
const laneOf = (v: string, w: 8 | 16, signed: boolean): string =>
  signed ? `int(${v} << (${32 - w} - i)) >> ${32 - w}` : `int((${v} >> i) & ${w === 8 ? '0xFFu' : '0xFFFFu'})`;

function videoRow(name: string, op: VideoOp, w: 8 | 16): Row {
  const cuda = `__${name}${w === 8 ? 4 : 2}`;
  const [min, max] = op.signed ? (w === 8 ? ['-128', '127'] : ['-32768', '32767']) : ['0', w === 8 ? '255' : '65535'];
  const expr = op.expr.replace('{MIN}', min).replace('{MAX}', max);
  const lanes = w === 8 ? 'per byte' : 'per halfword';
  const params = op.unary ? 'uint a' : 'uint a, uint b';
  const decl = op.unary ? `int x = ${laneOf('a', w, op.signed)};` : `int x = ${laneOf('a', w, op.signed)}, y = ${laneOf('b', w, op.signed)};`;
  const def = [
    `// ${cuda}: ${lanes}, ${op.what}`,
    `inline uint ${cuda}(${params}) {`,
    '  uint r = 0;',
    `  for (uint i = 0; i < 32; i += ${w}) {`,
    `    ${decl}`,
    `    r |= (uint(${expr}) & ${w === 8 ? '0xFFu' : '0xFFFFu'}) << i;`,
    '  }',
    '  return r;',
    '}',
  ].join('\n');
  return { cuda, category: 'integer', map: poly(cuda, def, `${lanes}: ${op.what}`) };
}

function sadRow(signed: boolean, w: 8 | 16): Row {
  const cuda = `__vsad${signed ? 's' : 'u'}${w === 8 ? 4 : 2}`;
  const lanes = w === 8 ? 'bytes' : 'halfwords';
  const def = [
    `// ${cuda}: the sum of |a - b| over the ${signed ? 'signed' : 'unsigned'} ${lanes}`,
    `inline uint ${cuda}(uint a, uint b) {`,
    '  uint s = 0;',
    `  for (uint i = 0; i < 32; i += ${w}) s += uint(abs((${laneOf('a', w, signed)}) - (${laneOf('b', w, signed)})));`,
    '  return s;',
    '}',
  ].join('\n');
  return { cuda, category: 'integer', map: poly(cuda, def, `the sum of the absolute differences of the ${signed ? 'signed' : 'unsigned'} ${lanes}`) };
}

const DP = [
  '// __dp4a(a, b, c): c + the dot product of the four bytes of a and b (signed for int, unsigned for unsigned)',
  'inline int __dp4a(int a, int b, int c) {',
  '  for (uint i = 0; i < 32; i += 8) c += (int(uint(a) << (24 - i)) >> 24) * (int(uint(b) << (24 - i)) >> 24);',
  '  return c;',
  '}',
  'inline uint __dp4a(uint a, uint b, uint c) {',
  '  for (uint i = 0; i < 32; i += 8) c += ((a >> i) & 0xFFu) * ((b >> i) & 0xFFu);',
  '  return c;',
  '}',
].join('\n');
const dp2 = (part: 'lo' | 'hi'): string => {
  const off = part === 'lo' ? 0 : 16;
  return [
    `// __dp2a_${part}(a, b, c): c + the two halfwords of a times the ${part === 'lo' ? 'low' : 'high'} two bytes of b (signed for int, unsigned for unsigned)`,
    `inline int __dp2a_${part}(int a, int b, int c) {`,
    `  for (uint i = 0; i < 2; ++i) c += (int(uint(a) << (16 - 16 * i)) >> 16) * (int(uint(b) << (${24 - off} - 8 * i)) >> 24);`,
    '  return c;',
    '}',
    `inline uint __dp2a_${part}(uint a, uint b, uint c) {`,
    `  for (uint i = 0; i < 2; ++i) c += ((a >> (16 * i)) & 0xFFFFu) * ((b >> (${off} + 8 * i)) & 0xFFu);`,
    '  return c;',
    '}',
  ].join('\n');
};

export const VIDEO_ROWS: readonly Row[] = [
  ...Object.entries(VIDEO_OPS).flatMap(([name, op]) => [videoRow(name, op, 16), videoRow(name, op, 8)]),
  sadRow(true, 16), sadRow(true, 8), sadRow(false, 16), sadRow(false, 8),
  { cuda: '__dp4a', category: 'integer', map: poly('__dp4a', DP, 'c + the dot product of the 4 bytes of a and b; int and unsigned overloads (not the char4/uchar4 ones)') },
  { cuda: '__dp2a_lo', category: 'integer', map: poly('__dp2a_lo', dp2('lo'), 'c + the 2 halfwords of a times bytes 0 and 1 of b; int and unsigned overloads') },
  { cuda: '__dp2a_hi', category: 'integer', map: poly('__dp2a_hi', dp2('hi'), 'c + the 2 halfwords of a times bytes 2 and 3 of b; int and unsigned overloads') },
];

// ---- DPX intrinsics (CUDA 12): max/min of sums and triples, with ReLU -------------------------------

type DpxKind = 's32' | 'u32' | 's16x2' | 'u16x2';
const DPX_KINDS: readonly DpxKind[] = ['s32', 'u32', 's16x2', 'u16x2'];
/** A DPX function's result from x, y, z of one lane; `s` is x + y wrapped to the lane. */
const DPX_OPS: Readonly<Record<string, { readonly args: 2 | 3; readonly expr: string; readonly what: string }>> = {
  viaddmax: { args: 3, expr: 'max(S, z)', what: 'max(a + b, c), a + b wrapping' },
  viaddmin: { args: 3, expr: 'min(S, z)', what: 'min(a + b, c), a + b wrapping' },
  vimax3: { args: 3, expr: 'max(max(x, y), z)', what: 'max(a, b, c)' },
  vimin3: { args: 3, expr: 'min(min(x, y), z)', what: 'min(a, b, c)' },
  vimax: { args: 2, expr: 'max(x, y)', what: 'max(a, b)' },
  vimin: { args: 2, expr: 'min(x, y)', what: 'min(a, b)' },
};

function dpxRow(op: string, kind: DpxKind, relu: boolean): Row {
  const o = DPX_OPS[op]!;
  const cuda = `__${op}_${kind}${relu ? '_relu' : ''}`;
  const signed = kind.startsWith('s');
  const t = kind === 's32' ? 'int' : 'uint';
  const names = ['a', 'b', 'c'].slice(0, o.args);
  const params = names.map((n) => `${t} ${n}`).join(', ');
  const wrap32 = signed ? 'int(uint(x) + uint(y))' : 'x + y';
  const expr16 = o.expr.replace('S', signed ? 'int(short(x + y))' : '((x + y) & 0xFFFF)');
  const body = kind.endsWith('32')
    ? [`  ${t} x = a, y = b${o.args === 3 ? ', z = c' : ''};`, `  return ${relu ? `max(${o.expr.replace('S', wrap32)}, 0)` : o.expr.replace('S', wrap32)};`]
    : [
        '  uint r = 0;',
        '  for (uint i = 0; i < 32; i += 16) {',
        `    int ${names.map((n, k) => `${'xyz'[k]} = ${laneOf(n, 16, signed)}`).join(', ')};`,
        `    r |= (uint(${relu ? `max(${expr16}, 0)` : expr16}) & 0xFFFFu) << i;`,
        '  }',
        '  return r;',
      ];
  const what = `${o.what}${relu ? ', then max with 0 (ReLU)' : ''}${kind.endsWith('x2') ? ', per halfword' : ''}`;
  const def = [`// ${cuda}: ${what} (${signed ? 'signed' : 'unsigned'})`, `inline ${t} ${cuda}(${params}) {`, ...body, '}'].join('\n');
  return { cuda, category: 'integer', map: poly(cuda, def, what) };
}

function dpxPredicated(op: 'vibmax' | 'vibmin', kind: DpxKind): Row {
  const cuda = `__${op}_${kind}`;
  const signed = kind.startsWith('s');
  const cmp = op === 'vibmax' ? '>=' : '<=';
  const fn = op === 'vibmax' ? 'max' : 'min';
  const def = kind.endsWith('32')
    ? [
        `// ${cuda}: ${fn}(a, b), and *pred = a ${cmp} b (pred in any address space)`,
        `template <typename P> inline ${signed ? 'int' : 'uint'} ${cuda}(${signed ? 'int' : 'uint'} a, ${signed ? 'int' : 'uint'} b, P pred) {`,
        `  *pred = a ${cmp} b;`,
        `  return ${fn}(a, b);`,
        '}',
      ].join('\n')
    : [
        `// ${cuda}: per halfword ${fn}(a, b), and *hi, *lo = a ${cmp} b of the high and low halfwords`,
        `template <typename P, typename Q> inline uint ${cuda}(uint a, uint b, P hi, Q lo) {`,
        '  uint r = 0;',
        '  for (uint i = 0; i < 32; i += 16) {',
        `    int x = ${laneOf('a', 16, signed)}, y = ${laneOf('b', 16, signed)};`,
        `    if (i == 0) *lo = x ${cmp} y; else *hi = x ${cmp} y;`,
        `    r |= (uint(${fn}(x, y)) & 0xFFFFu) << i;`,
        '  }',
        '  return r;',
        '}',
      ].join('\n');
  return { cuda, category: 'integer', map: poly(cuda, def, `${fn}(a, b) and the predicate a ${cmp} b${kind.endsWith('x2') ? ' per halfword (hi, lo)' : ''}`) };
}

export const DPX_ROWS: readonly Row[] = [
  ...Object.keys(DPX_OPS).flatMap((op) =>
    DPX_KINDS.flatMap((k) => [...(DPX_OPS[op]!.args === 3 ? [dpxRow(op, k, false)] : []), ...(k.startsWith('s') ? [dpxRow(op, k, true)] : [])]),
  ),
  ...DPX_KINDS.flatMap((k) => [dpxPredicated('vibmax', k), dpxPredicated('vibmin', k)]),
];

export const FLOAT_MATH_ROWS: readonly Row[] = [
  ...VIDEO_ROWS,
  ...DPX_ROWS,
  ...floatFunction('hypot', 'cu2m_hypotf', HYPOT, 'within 1 ulp measured (CUDA: 3 ulp); no overflow or underflow in between', [HYPOT_SCALED]),
  ...floatFunction('cbrt', 'cu2m_cbrtf', CBRT, 'within 1 ulp measured (CUDA: 1 ulp)'),
  ...floatFunction('expm1', 'cu2m_expm1f', EXPM1, 'within 1 ulp measured (CUDA: 1 ulp)'),
  ...intRound('lrint', 'long', 'rint', 'to nearest even'),
  ...intRound('llrint', 'long', 'rint', 'to nearest even'),
  ...intRound('lround', 'long', 'round', 'halves away from zero'),
  ...intRound('llround', 'long', 'round', 'halves away from zero'),
  { cuda: 'nearbyintf', category: 'math', map: { kind: 'rename', msl: 'rint', note: 'rint: Metal has no floating-point exceptions to keep quiet' } },
  { cuda: 'nearbyint', category: 'math', map: { kind: 'rename', msl: 'rint', note: 'rint; of a double: exact, in software double (the default)' } },
  ...floatFunction('scalbn', 'cu2m_scalbnf', '// scalbnf(x, n) = x × 2^n, exact\ninline float cu2m_scalbnf(float x, int n) { return ldexp(x, n); }', 'ldexp: exact'),
  ...floatFunction('logb', 'cu2m_logbf', '// logbf(x): the unbiased exponent of x as a float (-inf for 0, inf for ±inf)\ninline float cu2m_logbf(float x) { return x != x ? x : isinf(x) ? INFINITY : x == 0.0f ? -INFINITY : float(ilogb(x)); }', 'exact (ilogb, with C\'s special cases)'),
  ...floatFunction('rhypot', 'cu2m_rhypotf', `// rhypotf(x, y) = 1 / hypotf(x, y), from the scaled root (so that 1 / hypot of the largest floats is not 0). CUDA: 2 ulp.\ninline float cu2m_rhypotf(float x, float y) {\n  if (isinf(x) || isinf(y)) return 0.0f;\n  if (isnan(x) || isnan(y)) return x + y;\n  if (x == 0.0f && y == 0.0f) return INFINITY;\n  int e;\n  float r = cu2m_hypot_scaled(x, y, e);\n  return ldexp(1.0f / r, -e);\n}`, 'within 2 ulp measured (CUDA: 2 ulp)', [HYPOT_SCALED]),
  ...MODES.flatMap((m) => (['int', 'uint', 'll', 'ull'] as const).map((t) => floatToInt('float', t, m))),
  ...MODES.flatMap((m) => (['int', 'uint', 'll', 'ull'] as const).map((t) => floatToInt('double', t, m))).filter((r) => !['__double2int_rz', '__double2int_rn', '__double2ll_rn', '__double2uint_rz', '__double2ll_rz', '__double2ull_rz'].includes(r.cuda)),
  ...MODES.flatMap((m) => (['int', 'uint', 'll', 'ull'] as const).map((t) => intToFloat(t, m))).filter((r) => r.cuda !== '__int2float_rn' && r.cuda !== '__uint2float_rn'),
  // Metal converts int and uint to float to nearest even: exact; the argument converted first (a long long passed to CUDA's int parameter)
  { cuda: '__int2float_rn', category: 'other', map: { kind: 'replace', msl: 'float(int($1))', note: 'exact: Metal converts to nearest even' } },
  { cuda: '__uint2float_rn', category: 'other', map: { kind: 'replace', msl: 'float(uint($1))', note: 'exact: Metal converts to nearest even' } },
  ...(['rz', 'rd', 'ru'] as const).flatMap((m) => [intToDouble('ll', m), intToDouble('ull', m), doubleToFloat(m)]),
  ...(Object.keys(OPS) as (keyof typeof OPS)[]).flatMap((op) => (['rz', 'rd', 'ru'] as const).map((m) => directed(op, m))),
];
