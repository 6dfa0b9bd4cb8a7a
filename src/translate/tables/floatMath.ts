// Float math functions Metal lacks, CUDA's conversions with a rounding mode, its directed-rounding
// float arithmetic and its SIMD video intrinsics: helpers added to the MSL (once, only when used).
// Data only; tables/functions.ts puts these rows in place of the rows that refused the names, and
// docs/support-matrix.md is generated from them.
//
// How each is exact (or how close), and why:
//   * float → integer (__float2int_rd, lrintf, lroundf...): rounded in float (exact), then converted
//     as PTX's cvt does: out of range → the nearest end of the range (MSL and C leave it undefined,
//     so the helper says it); NaN → what an H100 gives (test/fixtures/fmath/fmath.cu): 0 for int and
//     unsigned, INT64_MIN for long long (lrintf...), 2^63 for unsigned long long. A double's NaN
//     gives INT_MIN, 2^31, INT64_MIN, 2^63 (software double: src/translate/f64Prelude.ts).
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
//   * erff, erfcf, erfinvf, erfcinvf, normcdff, normcdfinvf, lgammaf, tgammaf, log1pf: fitted
//     polynomials, an exp and a log of 1 ulp written in float arithmetic, range reductions that are
//     exact, Newton's method for the inverses (test/fixtures/fmath/special.cu measures them).
//   * norm3df & co., normf: scaled by a power of two, a compensated sum of squares, one Newton step.
//   * remainderf, remquof: long division of the integer significands, exact. __frsqrt_rz/rd/ru: the
//     nearest float moved by single steps after exact integer comparisons of y² x with 1.
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
  '// a value beyond the range gives the nearest end of the range; NaN gives 0 for int and unsigned,',
  '// INT64_MIN for long long and 2^63 for unsigned long long (what an H100 gives).',
  'inline int cu2m_to_int(float x) { return x != x ? 0 : x >= 2147483648.0f ? 2147483647 : x < -2147483648.0f ? int(0x80000000u) : int(x); }',
  'inline uint cu2m_to_uint(float x) { return x != x || x <= 0.0f ? 0u : x >= 4294967296.0f ? 0xFFFFFFFFu : uint(x); }',
  'inline long cu2m_to_long(float x) { return x != x ? long(0x8000000000000000ul) : x >= 9223372036854775808.0f ? long(0x7FFFFFFFFFFFFFFFul) : x < -9223372036854775808.0f ? long(0x8000000000000000ul) : long(x); }',
  'inline ulong cu2m_to_ulong(float x) { return x != x ? 0x8000000000000000ul : x <= 0.0f ? 0ul : x >= 18446744073709551616.0f ? 0xFFFFFFFFFFFFFFFFul : ulong(x); }',
  '// A double (software f64) converts with the same rules already (its NaN: INT_MIN, 2^31, INT64_MIN, 2^63).',
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

/** What a NaN converts to on an H100 (sm_90, CUDA 13; test/fixtures/fmath/fmath.cu checks it). */
const NAN_TO = {
  float: { int: '0', uint: '0', ll: 'INT64_MIN', ull: '2^63' },
  double: { int: 'INT_MIN', uint: '2^31', ll: 'INT64_MIN', ull: '2^63' },
} as const;

/** __float2int_rd(x) → `inline int __float2int_rd(float x) { return cu2m_to_int(floor(x)); }`. */
function floatToInt(from: 'float' | 'double', to: keyof typeof INT_TYPES, mode: Mode): Row {
  const name = `__${from}2${to}_${mode}`;
  const t = INT_TYPES[to];
  const param = from === 'float' ? 'float x' : 'D x';
  const tmpl = from === 'float' ? '' : 'template <typename D> ';
  const nan = NAN_TO[from][to];
  const def = `// ${name}: to ${CUDA_INT[to]}, rounded ${ROUND_WORDS[mode]}; out of range saturates (PTX cvt), NaN → ${nan} (an H100's)\n${tmpl}inline ${t} ${name}(${param}) { return cu2m_to_${t}(${ROUND_FN[mode]}(x)); }`;
  const what = from === 'double' ? ' (of software double, exact; of float under --double=float)' : '';
  return { cuda: name, category: 'other', map: poly(name, def, `exact: rounded ${ROUND_WORDS[mode]}, out of range saturates as PTX's cvt, NaN → ${nan} as on an H100${what}`, [TO_INT]) };
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
  floatFunction(f, `cu2m_${f}f`, `// ${f}f(x): ${what}; out of range saturates (PTX cvt), NaN → INT64_MIN (an H100's)\ninline ${type} cu2m_${f}f(float x) { return cu2m_to_${type}(${fn}(x)); }`, `exact: ${what}; out of range (undefined in CUDA) saturates as PTX's cvt, NaN gives INT64_MIN as on an H100`, [TO_INT]);


// ---- special functions: erf, erfc, their inverses, normcdf, lgamma, tgamma, log1p, norms, remainder ---
// Float algorithms again (no double: Metal has none), built on an exp and a log accurate to 1 ulp
// written with + - * / fma ldexp ilogb only (Metal's exp and log are not that accurate on every GPU),
// and polynomials fitted to these functions by least squares on Chebyshev nodes in 40-digit arithmetic
// (their relative errors are in the comments). The worst errors measured on 262,144 arguments each
// (test/fixtures/fmath/special.cu, both backends) are in the notes.
const LOG_ACC = shared('cu2m_log_acc', `// log(2^k (1 + f)) + c for f in [√½ - 1, √2 - 1] and a small correction c: log(1 + f) = f - s (f - R)
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
}`);
const EXP_ACC = shared('cu2m_exp_acc', `// e^(hi + lo) for |lo| much smaller than |hi|: x = k ln2 + r (ln2 in two parts, |r| <= ln2/2), e^r by
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
}`);
const ERF_CORE = shared('cu2m_erf_core', `// erf(x) for |x| <= 1: x P(x²) with P fitted to erf(x)/x (relative error 1.3e-9), written as
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
}`, [EXP_ACC]);
const GAMMA_CORE = shared('cu2m_gamma_core', `// Γ(1 + t) for t in [0, 1]: 1 + t (t - 1) R(t), R fitted (relative error 7e-9); Γ(1) = Γ(2) = 1 exactly.
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
}`);
const LGAMMA_POS = shared('cu2m_lgamma_pos', `// lgamma of a > 0: around its zeros at 1 and 2 as t Q(t) (Q fitted to lgamma(1 + t)/t on
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
}`, [LOG_ACC]);
const ERFINV_CORE = shared('cu2m_erfinv_core', `// erfinv(x) for |x| <= 0.625: x P(x²), P fitted to erfinv(x)/x (relative error 5e-11), its first
// coefficient in two parts.
inline float cu2m_erfinv_small(float x) {
  float u = x * x;
  float p = u * fma(fma(fma(fma(fma(fma(fma(fma(2.216285442e-01f, u, -1.890847410e-01f), u, 1.551683408e-01f), u, 6.579509210e-03f), u, 5.837233364e-02f), u, 6.423293075e-02f), u, 8.659723311e-02f), u, 1.275547665e-01f), u, 2.320136835e-01f);
  return x * (0.886226952f + (p - 2.662320024e-08f));
}
// erfcinv(q) for 0 < q < 0.375 (so the result is above 0.62): Newton's method on log erfc(y) = log q,
// where log erfc(y) = -y² + log erfcx(y) keeps its accuracy down to the smallest q; log erfc is
// concave, so after the first step the steps come from above and do not overshoot.
inline float cu2m_erfcinv_small(float q) {
  float L = cu2m_log_acc(q);
  float t = sqrt(-L);
  float y = sqrt(fmax(-L - cu2m_log_acc(t * 1.77245385f), 0.05f)); // erfc(y) ≈ e^(-y²) / (y √π)
  for (int i = 0; i < 5; ++i) {
    float g = cu2m_erfcx(y);
    float y2 = y * y, y2l = fma(y, y, -y2);
    float h = (-y2 - L) + (cu2m_log_acc(g) - y2l);                   // log erfc(y) - log q
    y = fma(h * g, 0.886226925f, y);                                  // h / (d/dy log erfc(y)) = -h g √π / 2
  }
  return y;
}`, [LOG_ACC, ERF_CORE]);
const ERFCINV = shared('cu2m_erfcinvf', `// erfcinvf(q), q in [0, 2]: erfcinv(q) = -erfcinv(2 - q); from 0.375 to 1.625 erfinv(1 - q) (exact
// differences). CUDA: 4 ulp.
inline float cu2m_erfcinvf(float q) {
  if (!(q >= 0.0f && q <= 2.0f)) return NAN;
  if (q == 0.0f) return INFINITY;
  if (q == 2.0f) return -INFINITY;
  if (q >= 0.375f && q <= 1.625f) return cu2m_erfinv_small(1.0f - q);
  return q < 1.0f ? cu2m_erfcinv_small(q) : -cu2m_erfcinv_small(2.0f - q);
}`, [ERFINV_CORE]);
const NORM_CORE = shared('cu2m_norm_core', `// The square root of a sum of squares without overflow or underflow: the terms scaled by 2^-e (e the
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
}`);
const REMQUO_CORE = shared('cu2m_remquo_core', `// The remainder of x / y with the quotient rounded to nearest even, exact, and the quotient's low 3
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
}`, [ROUND_CORE]);
const RSQRT_DIR = shared('cu2m_rsqrt_dir', `// 1/√x rounded down (up = false) or up: the float y nearest 1/√x, then moved by single steps until
// y² x <= 1 < next(y)² x (down) or y² x >= 1 > prev(y)² x (up), each comparison exact in integers:
// y² x = my² mx 2^(2ey + ex) with a 72-bit product, compared with 1 = 2^0.
inline int cu2m_rsqrt_cmp(float y, float x) {               // sign of y² x - 1
  int ey, ex;
  ulong my = cu2m_sig(y, ey), mx = cu2m_sig(x, ex);
  int sy = cu2m_clz64(my) - 40, sx = cu2m_clz64(mx) - 40;  // leading 1 at bit 23
  my <<= sy; ey -= sy;
  mx <<= sx; ex -= sx;
  ulong a = my * my;                                        // 47 or 48 bits
  ulong hi = (a >> 24) * mx, lo = (a & 0xFFFFFFul) * mx;    // a mx = hi 2^24 + lo
  hi += lo >> 24;
  lo &= 0xFFFFFFul;
  int K = -(2 * ey + ex) - 24;                              // compare hi 2^24 + lo with 2^(K + 24)
  if (K < 0) return 1;
  if (K > 63) return -1;
  ulong one = 1ul << K;
  return hi > one ? 1 : hi < one ? -1 : (lo != 0 ? 1 : 0);
}
inline float cu2m_rsqrt_dir(float x, bool up) {
  if (x != x || x < 0.0f) return NAN;
  if (x == 0.0f) return copysign(INFINITY, x);
  if (isinf(x)) return 0.0f;
  float y = 1.0f / sqrt(x);
  if (up) {
    while (cu2m_rsqrt_cmp(y, x) < 0) y = cu2m_next_up(y);
    while (cu2m_rsqrt_cmp(cu2m_next_down(y), x) >= 0) y = cu2m_next_down(y);
  } else {
    while (cu2m_rsqrt_cmp(y, x) > 0) y = cu2m_next_down(y);
    while (cu2m_rsqrt_cmp(cu2m_next_up(y), x) <= 0) y = cu2m_next_up(y);
  }
  return y;
}`, [ROUND_CORE, STEP]);
const ERFF = `// erff(x): the series fit below 1, 1 - erfc(|x|) above. CUDA: 2 ulp.
inline float cu2m_erff(float x) {
  float a = fabs(x);
  if (a < 1.0f) return cu2m_erf_small(x);
  if (a != a) return x;
  return copysign(1.0f - cu2m_erfc_pos(a, 0.0f), x);
}`;
const ERFCF = `// erfcf(x): 1 - erf(x) below 0.4, 2 - erfc(-x) below -1, e^(-x²) erfcx(x) from 0.4. CUDA: 4 ulp.
inline float cu2m_erfcf(float x) {
  if (x != x) return x;
  if (x >= 0.4f) return cu2m_erfc_pos(x, 0.0f);
  if (x > -1.0f) return 1.0f - cu2m_erf_small(x);
  return 2.0f - cu2m_erfc_pos(-x, 0.0f);
}`;
const NORMCDFF = `// normcdff(x) = erfc(-x/√2) / 2, with -x/√2 in two floats (its rounding would cost up to 2x² ulp in the
// tail). CUDA: 5 ulp.
inline float cu2m_normcdff(float x) {
  if (x != x) return x;
  float y = -x * 0.70710677f, yl = fma(-x, 0.70710677f, -y) - x * 1.210161710e-08f; // -x/√2 = y + yl
  if (y >= 0.4f) return 0.5f * cu2m_erfc_pos(y, yl);
  if (y > -1.0f) return 0.5f - 0.5f * cu2m_erf_small(y + yl);
  return 1.0f - 0.5f * cu2m_erfc_pos(-y, -yl);
}`;
const LOG1PF = `// log1pf(x) = log(1 + x): x itself when 1 + x is in [√½, √2); else u = 1 + x with its rounding error c
// (two-sum), u = 2^k m, log(m) + c/u. CUDA: 1 ulp.
inline float cu2m_log1pf(float x) {
  if (x != x || x == INFINITY) return x;
  if (x <= -1.0f) return x == -1.0f ? -INFINITY : NAN;
  if (x > -0.29289322f && x < 0.41421356f) return cu2m_log_reduced(0, x, 0.0f);
  float u = 1.0f + x, b = u - x;
  float c = (1.0f - b) + (x - (u - b));     // 1 + x == u + c exactly
  int k = ilogb(u);
  float m = ldexp(u, -k);
  if (m > 1.41421356f) { m *= 0.5f; k += 1; }
  return cu2m_log_reduced(k, m - 1.0f, c / u);
}`;
const LGAMMAF = `// lgammaf(x): for x < 0 by reflection, lgamma(x) = log(π / |x sin(πx)|) - lgamma(-x).
// CUDA: 6 ulp outside [-10.001, -2.264] (its zeros, where only an absolute error is bounded).
inline float cu2m_lgammaf(float x) {
  if (x != x) return x;
  float a = fabs(x);
  if (a == INFINITY) return INFINITY;
  if (x > 0.0f) return cu2m_lgamma_pos(x);
  if (x == floor(x)) return INFINITY;                                  // 0 and the negative integers: poles
  if (a < 9.5367431640625e-07f) return -cu2m_log_acc(a);               // lgamma(x) = -log|x| - γx + ...
  return 1.144729886f - cu2m_log_acc(cu2m_abs_sinpi(a) * a) - cu2m_lgamma_pos(a);
}`;
const TGAMMAF = `// tgammaf(x): Γ(z) for z = the fraction part of x in (0, 1) or z in [1, 2) from Γ(1 + t), times or
// divided by the factors between z and x (exact) multiplied in two floats (hi + lo) and rescaled by
// 2^-64 when large; for x in (-1, 0) by reflection, -π / (sin(π|x|) Γ(1 + |x|)). CUDA: 5 ulp.
inline float cu2m_tgammaf(float x) {
  if (x != x || x == INFINITY) return x;
  if (x == 0.0f) return copysign(INFINITY, x);
  if (x < 0.0f && x == floor(x)) return NAN;                           // negative integers, -inf
  if (x > 35.05f) return INFINITY;
  if (x > -1.0f && x < 0.0f) return -3.14159265f / (cu2m_abs_sinpi(x) * cu2m_gamma1p(-x));
  if (x < -43.0f) return floor(x) == 2.0f * floor(0.5f * floor(x)) ? 0.0f : -0.0f; // below the smallest float, with its sign
  float z = x - floor(x);                   // exact
  float g;
  if (x > 0.0f && x < 1.0f) {               // Γ(x) = Γ(1 + x) / x = 1/x + (x - 1) R(x)
    float r = 1.0f / x;
    if (isinf(r)) return r;
    float e = fma(-r, x, 1.0f) / x;                  // 1/x = r + e
    return r + fma(x - 1.0f, cu2m_gamma_r(x), e);
  }
  if (x > 0.0f) { z += 1.0f; g = cu2m_gamma1p(z - 1.0f); } // z in [1, 2)
  else {                                    // Γ(z) of z in (0, 1), as above
    float r = 1.0f / z, e = fma(-r, z, 1.0f) / z;
    g = r + fma(z - 1.0f, cu2m_gamma_r(z), e);
  }
  float ph = 1.0f, pl = 0.0f;               // the product of the factors, ph + pl
  int sc = 0;
  for (float f = x > 0.0f ? z : x; x > 0.0f ? f < x : f < z; f += 1.0f) {
    float h = ph * f;
    pl = fma(ph, f, -h) + pl * f;
    ph = h;
    if (fabs(ph) > 1.8446744e19f) { ph *= 5.421010862e-20f; pl *= 5.421010862e-20f; sc += 64; }
  }
  if (x > 0.0f) return ldexp(fma(g, ph, g * pl), sc);
  float q = g / ph;
  return ldexp(fma(-q, pl / ph, q), -sc);
}`;
const ERFINVF = `// erfinvf(x): the fit up to 0.625, erfcinv(1 - |x|) beyond (1 - |x| is exact). CUDA: 2 ulp.
inline float cu2m_erfinvf(float x) {
  float a = fabs(x);
  if (a <= 0.625f) return cu2m_erfinv_small(x);
  if (!(a <= 1.0f)) return NAN;                                          // and NaN
  if (a == 1.0f) return copysign(INFINITY, x);
  return copysign(cu2m_erfcinv_small(1.0f - a), x);
}`;
const NORMCDFINVF = `// normcdfinvf(p) = -√2 erfcinv(2p), √2 in two parts. CUDA: 5 ulp.
inline float cu2m_normcdfinvf(float p) {
  float y = cu2m_erfcinvf(2.0f * p);
  return -fma(y, 1.41421354f, y * 2.420323421e-08f);
}`;

/** norm3d & co.: sqrt(a² + b² + c² (+ d²)) or its reciprocal, of floats. */
const normRows = (f: 'norm3d' | 'norm4d' | 'rnorm3d' | 'rnorm4d'): Row[] => {
  const n = f.endsWith('3d') ? 3 : 4, reciprocal = f.startsWith('r');
  const params = ['a', 'b', 'c', 'd'].slice(0, n);
  const def = `// ${f}f: ${reciprocal ? '1 / ' : ''}sqrt(${params.map((p) => `${p}²`).join(' + ')}), scaled (no overflow or underflow in between). CUDA: 2 ulp.\ninline float cu2m_${f}f(${params.map((p) => `float ${p}`).join(', ')}) { float v[${n}] = {${params.join(', ')}}; return cu2m_norm_n(${n}, v, ${reciprocal}); }`;
  return floatFunction(f, `cu2m_${f}f`, def, `within ${reciprocal ? '1.5' : '1'} ulp measured (CUDA: 2 ulp); no overflow or underflow in between`, [NORM_CORE]);
};
const rsqrtRow = (mode: 'rz' | 'rd' | 'ru'): Row => {
  const cuda = `__frsqrt_${mode}`;
  const def = `// ${cuda}: 1/√x rounded ${ROUND_WORDS[mode]}\ninline float ${cuda}(float x) { return cu2m_rsqrt_dir(x, ${mode === 'ru'}); }`;
  return { cuda, category: 'math', map: poly(cuda, def, `1/√x rounded ${ROUND_WORDS[mode]}, exact (the nearest float moved by single steps after exact integer comparisons of y² x with 1)`, [RSQRT_DIR]) };
};

const SPECIAL_ROWS: readonly Row[] = [
  ...floatFunction('erf', 'cu2m_erff', ERFF, 'within 1 ulp measured (CUDA: 2 ulp)', [ERF_CORE]),
  ...floatFunction('erfc', 'cu2m_erfcf', ERFCF, 'within 3 ulp measured (CUDA: 4 ulp)', [ERF_CORE]),
  ...floatFunction('normcdf', 'cu2m_normcdff', NORMCDFF, 'within 3.5 ulp measured (CUDA: 5 ulp)', [ERF_CORE]),
  ...floatFunction('erfinv', 'cu2m_erfinvf', ERFINVF, 'within 2 ulp measured (CUDA: 2 ulp)', [ERFINV_CORE]),
  ...floatFunction('erfcinv', 'cu2m_erfcinvf', ERFCINV.text, 'within 2 ulp measured (CUDA: 4 ulp)', [ERFINV_CORE]),
  ...floatFunction('normcdfinv', 'cu2m_normcdfinvf', NORMCDFINVF, 'within 2.5 ulp measured (CUDA: 5 ulp)', [ERFINV_CORE, ERFCINV]),
  ...floatFunction('log1p', 'cu2m_log1pf', LOG1PF, 'within 1 ulp measured (CUDA: 1 ulp)', [LOG_ACC]),
  ...floatFunction('lgamma', 'cu2m_lgammaf', LGAMMAF, 'within 3.5 ulp measured outside [-10.001, -2.264] (CUDA: 6 ulp there); inside, around its zeros and poles, within 6 ulp or 2^-18 absolute (2^-18.8 measured; CUDA gives no bound there)', [GAMMA_CORE, LGAMMA_POS]),
  ...floatFunction('tgamma', 'cu2m_tgammaf', TGAMMAF, 'within 2.5 ulp measured (CUDA: 5 ulp)', [GAMMA_CORE]),
  ...floatFunction('remainder', 'cu2m_remainderf', '// remainderf(x, y): x - n y with n = x / y rounded to nearest even, exact\ninline float cu2m_remainderf(float x, float y) { int q; return cu2m_remquo_core(x, y, q); }', 'exact (long division of the integer significands)', [REMQUO_CORE]),
  ...floatFunction('remquo', 'cu2m_remquof', '// remquof(x, y, &quo): the remainder, and in *quo (any address space) the low 3 bits of the rounded quotient, with its sign\ntemplate <typename Q> inline float cu2m_remquof(float x, float y, Q quo) { int q; float r = cu2m_remquo_core(x, y, q); *quo = q; return r; }', 'exact; quo (any address space): the low 3 bits of the rounded quotient, with its sign', [REMQUO_CORE]),
  ...normRows('norm3d'), ...normRows('norm4d'), ...normRows('rnorm3d'), ...normRows('rnorm4d'),
  { cuda: 'normf', category: 'math', map: poly('cu2m_normf', '// normf(dim, p): the norm of the dim floats p points to (any address space), scaled\ntemplate <typename P> inline float cu2m_normf(int dim, P p) { return cu2m_norm_n(dim, p, false); }', 'within 1 ulp measured (CUDA gives no bound); a compensated sum of the scaled squares', [NORM_CORE]) },
  { cuda: 'rnormf', category: 'math', map: poly('cu2m_rnormf', '// rnormf(dim, p): 1 / normf(dim, p)\ntemplate <typename P> inline float cu2m_rnormf(int dim, P p) { return cu2m_norm_n(dim, p, true); }', 'within 1.5 ulp measured (CUDA gives no bound); a compensated sum of the scaled squares', [NORM_CORE]) },
  rsqrtRow('rz'), rsqrtRow('rd'), rsqrtRow('ru'),
];

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
  // Half away from zero, as an H200 rounds it (-15 / 2 is -8; measured on every pair of -8..7 lanes).
  vavgs: { signed: true, expr: 'x + y >= 0 ? (x + y + 1) >> 1 : -((1 - x - y) >> 1)', what: 'signed average rounded half away from zero' },
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
  ...SPECIAL_ROWS,
];

/**
 * The float helpers of the unsuffixed names (`cu2m_erff` for erf...) overloaded for a software double,
 * added after the helper when the program uses double (src/translate/translate.ts): a kernel template
 * instantiated with double calls `erf(x)` with an f64 argument, which the float helper would silently
 * compute in float. A float argument still takes the float helper (an exact match).
 */
const F64_FORWARD_LIST: readonly (readonly [string, string, string, string])[] = [
  // [unsuffixed CUDA name, result type, parameters, arguments]
  ...['erf', 'erfc', 'erfinv', 'erfcinv', 'normcdf', 'normcdfinv', 'lgamma', 'tgamma', 'log1p', 'cbrt', 'expm1', 'logb'].map((f) => [f, 'f64', 'f64 x', 'x'] as const),
  ...['hypot', 'rhypot', 'remainder'].map((f) => [f, 'f64', 'f64 x, f64 y', 'x, y'] as const),
  ...['norm3d', 'rnorm3d'].map((f) => [f, 'f64', 'f64 a, f64 b, f64 c', 'a, b, c'] as const),
  ...['norm4d', 'rnorm4d'].map((f) => [f, 'f64', 'f64 a, f64 b, f64 c, f64 d', 'a, b, c, d'] as const),
  ['scalbn', 'f64', 'f64 x, int n', 'x, n'],
  ...['lrint', 'llrint', 'lround', 'llround'].map((f) => [f, 'long', 'f64 x', 'x'] as const),
];
export const F64_FORWARDS: ReadonlyMap<string, string> = new Map(
  F64_FORWARD_LIST.map(([f, result, params, args]): [string, string] => {
    const helper = `cu2m_${f}f`;
    return [helper, `inline ${result} ${helper}(${params}) { return ${f}(${args}); } // ${f} of a double (a template instance): software double`];
  }).concat([['cu2m_remquof', 'template <typename Q> inline f64 cu2m_remquof(f64 x, f64 y, Q quo) { return remquo(x, y, quo); } // remquo of a double (a template instance): software double']]),
);
