// cuda_fp16.h / cuda_bf16.h intrinsics → MSL helpers. Data only (plus the text generators that
// spell each helper for half and for bfloat).
//
// Calls keep their CUDA names (`__hadd(a, b)`, `hsqrt(x)`, `__float2half_rz(f)`): the MSL gets a
// small inline function of that name for `half` (and `half2`), so that arguments convert to the
// parameter type as in CUDA (`__hmul(h, 0.1f)` rounds 0.1f to half first). CUDA overloads most of
// these names for __nv_bfloat16 too: a `bfloat` overload is added only when the file uses
// bfloat16 (src/translate/fp16.ts), so float arguments never become ambiguous in half programs.
// bfloat needs MSL 3.1; a bfloat program's MSL says so with #error below it.
//
// Rounding: Metal's float → half/bfloat conversion and half arithmetic round to nearest even, as
// CUDA's _rn forms; _rz/_rd/_ru step the nearest result by one unit in the last place when it lies
// on the wrong side (exact: the nearest is at most one step away). Integer conversions saturate
// and give 0 for NaN, as CUDA's cvt does.

import type { FunctionRow } from './functions';
import { mslVersionGuard } from './mslVersions';

/** One helper: its text for element type H (`half`/`bfloat`) and pair type H2 (`half2`/`bfloat2`). */
type Gen = (H: string, H2: string) => string;

interface Fp16Entry {
  readonly cuda: string;
  readonly what: string;
  readonly gen: Gen;
  /** The name exists for __nv_bfloat16 too (same spelling): a bfloat overload when the file uses it. */
  readonly shared: boolean;
}

const entries: Fp16Entry[] = [];
const add = (cuda: string, what: string, shared: boolean, gen: Gen): void => {
  entries.push({ cuda, what, gen, shared });
};

// ---- arithmetic (scalar and pair) ------------------------------------------------------------
for (const [op, name] of [['+', 'add'], ['-', 'sub'], ['*', 'mul']] as const) {
  add(`__h${name}`, `${op} rounded to the 16-bit type`, true, (H) => `inline ${H} __h${name}(${H} a, ${H} b) { return a ${op} b; }`);
  add(`__h${name}_rn`, `${op} rounded to nearest (never contracted into an fma)`, true, (H) => `inline ${H} __h${name}_rn(${H} a, ${H} b) { return a ${op} b; }`);
  add(`__h${name}2`, `componentwise ${op}`, true, (_H, H2) => `inline ${H2} __h${name}2(${H2} a, ${H2} b) { return a ${op} b; }`);
  add(`__h${name}2_rn`, `componentwise ${op}, rounded to nearest`, true, (_H, H2) => `inline ${H2} __h${name}2_rn(${H2} a, ${H2} b) { return a ${op} b; }`);
  add(`__h${name}_sat`, `${op} clamped to [0, 1] (NaN → 0)`, true, (H) => `inline ${H} __h${name}_sat(${H} a, ${H} b) { ${H} r = a ${op} b; return isnan(r) ? ${H}(0.0f) : clamp(r, ${H}(0.0f), ${H}(1.0f)); }`);
  add(`__h${name}2_sat`, `componentwise ${op} clamped to [0, 1]`, true, (H, H2) => `inline ${H2} __h${name}2_sat(${H2} a, ${H2} b) { ${H2} r = a ${op} b; return ${H2}(isnan(r.x) ? ${H}(0.0f) : clamp(r.x, ${H}(0.0f), ${H}(1.0f)), isnan(r.y) ? ${H}(0.0f) : clamp(r.y, ${H}(0.0f), ${H}(1.0f))); }`);
}
add('__hdiv', '/ rounded to the 16-bit type', true, (H) => `inline ${H} __hdiv(${H} a, ${H} b) { return a / b; }`);
add('__h2div', 'componentwise /', true, (_H, H2) => `inline ${H2} __h2div(${H2} a, ${H2} b) { return a / b; }`);
add('__hfma', 'a * b + c rounded once', true, (H) => `inline ${H} __hfma(${H} a, ${H} b, ${H} c) { return fma(a, b, c); }`);
add('__hfma2', 'componentwise fma', true, (_H, H2) => `inline ${H2} __hfma2(${H2} a, ${H2} b, ${H2} c) { return fma(a, b, c); }`);
add('__hfma_sat', 'fma clamped to [0, 1]', true, (H) => `inline ${H} __hfma_sat(${H} a, ${H} b, ${H} c) { ${H} r = fma(a, b, c); return isnan(r) ? ${H}(0.0f) : clamp(r, ${H}(0.0f), ${H}(1.0f)); }`);
add('__hfma_relu', 'fma, negative results → 0', true, (H) => `inline ${H} __hfma_relu(${H} a, ${H} b, ${H} c) { ${H} r = fma(a, b, c); return r < ${H}(0.0f) ? ${H}(0.0f) : r; }`);
add('__hneg', 'sign flipped', true, (H) => `inline ${H} __hneg(${H} a) { return -a; }`);
add('__hneg2', 'componentwise sign flip', true, (_H, H2) => `inline ${H2} __hneg2(${H2} a) { return -a; }`);
add('__habs', 'sign cleared (bit-exact, NaN payload kept)', true, (H) => `inline ${H} __habs(${H} a) { return as_type<${H}>(ushort(as_type<ushort>(a) & 0x7fff)); }`);
add('__habs2', 'componentwise sign clear', true, (_H, H2) => `inline ${H2} __habs2(${H2} a) { return as_type<${H2}>(as_type<uint>(a) & 0x7fff7fffu); }`);
for (const [f, m] of [['max', 'fmax'], ['min', 'fmin']] as const) {
  add(`__h${f}`, `${f} (a NaN argument gives the other)`, true, (H) => `inline ${H} __h${f}(${H} a, ${H} b) { return ${m}(a, b); }`);
  add(`__h${f}2`, `componentwise ${f}`, true, (_H, H2) => `inline ${H2} __h${f}2(${H2} a, ${H2} b) { return ${m}(a, b); }`);
  add(`__h${f}_nan`, `${f}, NaN if either is NaN`, true, (H) => `inline ${H} __h${f}_nan(${H} a, ${H} b) { return isnan(a) || isnan(b) ? as_type<${H}>(ushort(0x7fff)) : ${m}(a, b); }`);
}

// ---- comparisons ---------------------------------------------------------------------------------
const ORDERED: ReadonlyArray<readonly [string, string]> = [['eq', 'a == b'], ['ne', '(a < b || a > b)'], ['lt', 'a < b'], ['le', 'a <= b'], ['gt', 'a > b'], ['ge', 'a >= b']];
const UNORDERED: ReadonlyArray<readonly [string, string]> = [['equ', '!(a < b || a > b)'], ['neu', '!(a == b)'], ['ltu', '!(a >= b)'], ['leu', '!(a > b)'], ['gtu', '!(a <= b)'], ['geu', '!(a < b)']];
for (const [n, e] of [...ORDERED, ...UNORDERED]) {
  add(`__h${n}`, `comparison (${n.endsWith('u') ? 'true when unordered' : 'false when unordered'})`, true, (H) => `inline bool __h${n}(${H} a, ${H} b) { return ${e}; }`);
}
for (const [n, e] of ORDERED) {
  const comp = (c: string): string => e.replace(/\ba\b/g, `a.${c}`).replace(/\bb\b/g, `b.${c}`);
  add(`__h${n}2`, `componentwise comparison: 1.0 or 0.0 per component`, true, (H, H2) => `inline ${H2} __h${n}2(${H2} a, ${H2} b) { return ${H2}(${H}((${comp('x')}) ? 1.0f : 0.0f), ${H}((${comp('y')}) ? 1.0f : 0.0f)); }`);
  add(`__hb${n}2`, `true when the comparison holds for both components`, true, (_H, H2) => `inline bool __hb${n}2(${H2} a, ${H2} b) { return (${comp('x')}) && (${comp('y')}); }`);
}
add('__hisnan', 'NaN test', true, (H) => `inline bool __hisnan(${H} a) { return isnan(a); }`);
add('__hisnan2', 'componentwise NaN test: 1.0 or 0.0', true, (H, H2) => `inline ${H2} __hisnan2(${H2} a) { return ${H2}(${H}(isnan(a.x) ? 1.0f : 0.0f), ${H}(isnan(a.y) ? 1.0f : 0.0f)); }`);
add('__hisinf', '1 for +inf, -1 for -inf, else 0', true, (H) => `inline int __hisinf(${H} a) { return isinf(a) ? (a > ${H}(0.0f) ? 1 : -1) : 0; }`);

// ---- math: computed in float by Metal's half overloads, rounded ---------------------------------
const MATH: ReadonlyArray<readonly [string, string]> = [
  ['sqrt', 'sqrt(a)'], ['rsqrt', 'rsqrt(a)'], ['rcp', 'ONE / a'], ['exp', 'exp(a)'], ['exp2', 'exp2(a)'], ['exp10', 'exp10(a)'],
  ['log', 'log(a)'], ['log2', 'log2(a)'], ['log10', 'log10(a)'], ['sin', 'sin(a)'], ['cos', 'cos(a)'], ['ceil', 'ceil(a)'],
  ['floor', 'floor(a)'], ['trunc', 'trunc(a)'], ['rint', 'rint(a)'],
];
// half: Metal's half overloads; bfloat: through float (Metal has few bfloat math functions).
const math = (e: string, T: string, F: string): string =>
  T.startsWith('half') ? e.replace('ONE', `${T}(1.0f)`) : `${T}(${e.replace('ONE', '1.0f').replace(/\ba\)/, `${F}(a))`).replace(/\/ a$/, `/ ${F}(a)`)})`;
for (const [f, e] of [...MATH, ['tanh', 'tanh(a)'] as const]) {
  add(`h${f}`, `${f} of a 16-bit value`, true, (H) => `inline ${H} h${f}(${H} a) { return ${math(e, H, 'float')}; }`);
  if (f !== 'tanh') add(`h2${f}`, `componentwise ${f}`, true, (_H, H2) => `inline ${H2} h2${f}(${H2} a) { return ${math(e, H2, 'float2')}; }`);
}
add('__low2float', 'the low (x) half as float', true, (_H, H2) => `inline float __low2float(${H2} a) { return float(a.x); }`);
add('__high2float', 'the high (y) half as float', true, (_H, H2) => `inline float __high2float(${H2} a) { return float(a.y); }`);

// ---- conversions and packing (__half only; cuda_bf16.h has its own names below) ------------------
/** float → H with rounding toward zero, down or up: the nearest, moved one step when on the wrong side. */
const directed = (H: string, name: string, mode: 'rz' | 'rd' | 'ru', arg = 'float x', conv = 'x'): string => {
  const head = `inline ${H} ${name}(${arg}) { float f = float(${conv}); ${H} h = ${H}(f); ushort b = as_type<ushort>(h);`;
  switch (mode) {
    case 'rz':
      return `${head} return abs(float(h)) > abs(f) ? as_type<${H}>(ushort(b - 1)) : h; }`;
    case 'rd':
      return `${head} return float(h) > f ? as_type<${H}>(ushort(b == 0 ? 0x8001 : (b & 0x8000) ? b + 1 : b - 1)) : h; }`;
    case 'ru':
      return `${head} return float(h) < f ? as_type<${H}>(ushort(b == 0x8000 ? 0x0001 : (b & 0x8000) ? b - 1 : b + 1)) : h; }`;
  }
};
add('__float2half', 'float → half, round to nearest even', false, () => 'inline half __float2half(float x) { return half(x); }');
add('__float2half_rn', 'float → half, round to nearest even', false, () => 'inline half __float2half_rn(float x) { return half(x); }');
for (const m of ['rz', 'rd', 'ru'] as const) add(`__float2half_${m}`, `float → half, round ${m === 'rz' ? 'toward zero' : m === 'rd' ? 'down' : 'up'}`, false, () => directed('half', `__float2half_${m}`, m));
add('__half2float', 'half → float (exact)', false, () => 'inline float __half2float(half h) { return float(h); }');
add('__float2half2_rn', 'float → both halves', false, () => 'inline half2 __float2half2_rn(float x) { return half2(half(x)); }');
add('__floats2half2_rn', '(float, float) → half2', false, () => 'inline half2 __floats2half2_rn(float a, float b) { return half2(half(a), half(b)); }');
add('__float22half2_rn', 'float2 → half2', false, () => 'inline half2 __float22half2_rn(float2 v) { return half2(v); }');
add('__half22float2', 'half2 → float2 (exact)', false, () => 'inline float2 __half22float2(half2 h) { return float2(h); }');
add('__low2half', 'the low half', false, () => 'inline half __low2half(half2 a) { return a.x; }');
add('__high2half', 'the high half', false, () => 'inline half __high2half(half2 a) { return a.y; }');
add('__halves2half2', '(low, high) → half2', false, () => 'inline half2 __halves2half2(half a, half b) { return half2(a, b); }');
add('__half2half2', 'both halves the same', false, () => 'inline half2 __half2half2(half a) { return half2(a); }');
add('make_half2', '(x, y) → half2', false, () => 'inline half2 make_half2(half a, half b) { return half2(a, b); }');
add('__lows2half2', '(a.x, b.x)', false, () => 'inline half2 __lows2half2(half2 a, half2 b) { return half2(a.x, b.x); }');
add('__highs2half2', '(a.y, b.y)', false, () => 'inline half2 __highs2half2(half2 a, half2 b) { return half2(a.y, b.y); }');
add('__low2half2', '(a.x, a.x)', false, () => 'inline half2 __low2half2(half2 a) { return half2(a.x); }');
add('__high2half2', '(a.y, a.y)', false, () => 'inline half2 __high2half2(half2 a) { return half2(a.y); }');
add('__lowhigh2highlow', '(a.y, a.x)', false, () => 'inline half2 __lowhigh2highlow(half2 a) { return half2(a.y, a.x); }');
add('__half_as_ushort', 'the bits', false, () => 'inline ushort __half_as_ushort(half h) { return as_type<ushort>(h); }');
add('__half_as_short', 'the bits', false, () => 'inline short __half_as_short(half h) { return as_type<short>(h); }');
add('__ushort_as_half', 'bits → half', false, () => 'inline half __ushort_as_half(ushort b) { return as_type<half>(b); }');
add('__short_as_half', 'bits → half', false, () => 'inline half __short_as_half(short b) { return as_type<half>(b); }');

// CUDA name part, MSL type, lowest value as a float (exact) and as the type, 2^bits as a float
// (exact, the first value above the range) and the type's largest value.
const INTS: ReadonlyArray<readonly [string, string, string, string, string, string]> = [
  ['int', 'int', '-2147483648.0f', 'INT_MIN', '2147483648.0f', 'INT_MAX'],
  ['uint', 'uint', '0.0f', '0u', '4294967296.0f', 'UINT_MAX'],
  ['short', 'short', '-32768.0f', 'short(-32768)', '32768.0f', 'short(32767)'],
  ['ushort', 'ushort', '0.0f', 'ushort(0)', '65536.0f', 'ushort(65535)'],
  ['ll', 'long', '-9223372036854775808.0f', 'long(-9223372036854775807l - 1)', '9223372036854775808.0f', 'long(9223372036854775807l)'],
  ['ull', 'ulong', '0.0f', '0ul', '18446744073709551616.0f', 'ulong(18446744073709551615ul)'],
];
const ROUND: Readonly<Record<string, string>> = { rn: 'rint', rz: 'trunc', rd: 'floor', ru: 'ceil' };
const MODE: Readonly<Record<string, string>> = { rn: 'to nearest even', rz: 'toward zero', rd: 'down', ru: 'up' };
/** H → integer: rounded, saturating at the type's range, NaN → 0 (CUDA's cvt). */
const toInt = (name: string, H: string, t: string, round: string, lo: string, loT: string, top: string, max: string): string =>
  `inline ${t} ${name}(${H} h) { float f = ${round}(float(h)); return isnan(f) ? ${t}(0) : f <= ${lo} ? ${loT} : f >= ${top} ? ${max} : ${t}(f); }`;
for (const [c, t, lo, loT, top, max] of INTS) {
  for (const m of ['rn', 'rz', 'rd', 'ru'] as const) {
    add(`__half2${c}_${m}`, `half → ${t}, rounded ${MODE[m]}, saturating (NaN → 0)`, false, () => toInt(`__half2${c}_${m}`, 'half', t, ROUND[m]!, lo, loT, top, max));
    const name = `__${c}2half_${m}`;
    add(name, `${t} → half, rounded ${MODE[m]}`, false, () => (m === 'rn' ? `inline half ${name}(${t} i) { return half(float(i)); }` : directed('half', name, m, `${t} i`, 'i')));
  }
}

// ---- bfloat16 conversions (cuda_bf16.h) -------------------------------------------------------------
add('__float2bfloat16', 'float → bfloat, round to nearest even', false, () => 'inline bfloat __float2bfloat16(float x) { return bfloat(x); }');
add('__float2bfloat16_rn', 'float → bfloat, round to nearest even', false, () => 'inline bfloat __float2bfloat16_rn(float x) { return bfloat(x); }');
for (const m of ['rz', 'rd', 'ru'] as const) {
  add(`__float2bfloat16_${m}`, `float → bfloat, rounded ${MODE[m]}`, false, () => directed('bfloat', `__float2bfloat16_${m}`, m));
}
add('__bfloat162float', 'bfloat → float (exact)', false, () => 'inline float __bfloat162float(bfloat h) { return float(h); }');
// cuda_bf16.hpp's internal helper, which headers written for several CUDA versions call on a raw struct's bits (flashinfer's vec_dtypes.cuh).
add('__internal_bfloat162float', 'the bits of a bfloat (ushort) → float (exact)', false, () => 'inline float __internal_bfloat162float(ushort b) { return float(as_type<bfloat>(b)); }');
add('__float2bfloat162_rn', 'float → both halves', false, () => 'inline bfloat2 __float2bfloat162_rn(float x) { return bfloat2(bfloat(x)); }');
add('__floats2bfloat162_rn', '(float, float) → bfloat2', false, () => 'inline bfloat2 __floats2bfloat162_rn(float a, float b) { return bfloat2(bfloat(a), bfloat(b)); }');
add('__float22bfloat162_rn', 'float2 → bfloat2', false, () => 'inline bfloat2 __float22bfloat162_rn(float2 v) { return bfloat2(v); }');
add('__bfloat1622float2', 'bfloat2 → float2 (exact)', false, () => 'inline float2 __bfloat1622float2(bfloat2 h) { return float2(h); }');
add('__low2bfloat16', 'the low half', false, () => 'inline bfloat __low2bfloat16(bfloat2 a) { return a.x; }');
add('__high2bfloat16', 'the high half', false, () => 'inline bfloat __high2bfloat16(bfloat2 a) { return a.y; }');
add('__halves2bfloat162', '(low, high) → bfloat2', false, () => 'inline bfloat2 __halves2bfloat162(bfloat a, bfloat b) { return bfloat2(a, b); }');
add('__bfloat162bfloat162', 'both halves the same', false, () => 'inline bfloat2 __bfloat162bfloat162(bfloat a) { return bfloat2(a); }');
add('make_bfloat162', '(x, y) → bfloat2', false, () => 'inline bfloat2 make_bfloat162(bfloat a, bfloat b) { return bfloat2(a, b); }');
add('__bfloat16_as_ushort', 'the bits', false, () => 'inline ushort __bfloat16_as_ushort(bfloat h) { return as_type<ushort>(h); }');
add('__ushort_as_bfloat16', 'bits → bfloat', false, () => 'inline bfloat __ushort_as_bfloat16(ushort b) { return as_type<bfloat>(b); }');
add('__int2bfloat16_rn', 'int → bfloat, round to nearest even', false, () => 'inline bfloat __int2bfloat16_rn(int i) { return bfloat(i); }');
for (const m of ['rn', 'rz'] as const) {
  add(`__bfloat162int_${m}`, `bfloat → int, rounded ${MODE[m]}, saturating (NaN → 0)`, false, () => toInt(`__bfloat162int_${m}`, 'bfloat', 'int', ROUND[m]!, '-2147483648.0f', 'INT_MIN', '2147483648.0f', 'INT_MAX'));
}

/** Names whose helpers need `bfloat` (MSL 3.1): the cuda_bf16.h-only functions. */
export const BF16_ONLY: ReadonlySet<string> = new Set(entries.filter((e) => !e.shared && /bfloat/.test(e.gen('half', 'half2'))).map((e) => e.cuda));

const definition = (e: Fp16Entry, H: string, H2: string): string => `// ${e.cuda}: ${e.what} (cuda_fp16.h)\n${e.gen(H, H2)}`;

/** The rows of tables/functions.ts (category half): a helper of the CUDA name added to the MSL. */
export const FP16_ROWS: readonly FunctionRow[] = entries.map((e) => ({
  cuda: e.cuda,
  category: 'half',
  map: {
    kind: 'polyfill',
    msl: e.cuda,
    definition: BF16_ONLY.has(e.cuda) ? definition(e, 'bfloat', 'bfloat2').replace('(cuda_fp16.h)', '(cuda_bf16.h)') : definition(e, 'half', 'half2'),
    note: `${e.what}${e.shared ? '; also for __nv_bfloat16 (bfloat)' : ''}`,
  },
}));

/** The bfloat overload of a name cuda_bf16.h shares with cuda_fp16.h (added when the file uses bfloat16). */
export const BF16_OVERLOADS: ReadonlyMap<string, string> = new Map(
  entries.filter((e) => e.shared).map((e) => [e.cuda, `// ${e.cuda}: ${e.what} (cuda_bf16.h)\n${e.gen('bfloat', 'bfloat2')}`]),
);

/** cuda_bf16.h type names (the file uses bfloat16 when one of them appears). */
export const BF16_TYPES = /\b(__nv_bfloat162?|nv_bfloat162?)\b/;

/** Added to the MSL of a file that uses bfloat16: Metal has `bfloat` from MSL 3.1 (macOS 14). */
export const BF16_VERSION_CHECK =
  `// bfloat (__nv_bfloat16) is new in MSL 3.1\n${mslVersionGuard('cu2m_bfloat_version', "this program uses __nv_bfloat16, which needs Metal's bfloat")}`;
