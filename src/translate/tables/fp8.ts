// cuda_fp8.h in device code: the 8-bit floats E4M3 (4 exponent bits, bias 7, 3 mantissa bits;
// largest 448; no infinity; NaN S.1111.111) and E5M2 (5 exponent bits, bias 15, 2 mantissa bits;
// largest 57344; infinities and NaNs as IEEE). Metal has no 8-bit float type: the MSL keeps the byte
// in a uchar (CUDA's __nv_fp8_storage_t; pairs and quads in ushort/uint, the first value in the low
// byte) and gets, when device code names an fp8 type or calls an fp8 function, a prelude with the
// conversions written out in integer arithmetic, bit for bit what an sm_90 GPU computes
// (test/fixtures/gpu/fp8probe.h200.txt), and the classes `__nv_fp8_e4m3` & co. with CUDA's names,
// members (`__x`) and explicit conversions. Data only (src/translate/function.ts adds the texts).
//
// Rounding: to nearest, ties to even, from the exact float (a half or bfloat16 converts exactly to
// float first, so the result is the same as from that float). Overflow (a value that rounds above
// the largest finite one, and infinity): with __NV_SATFINITE the largest finite value of that sign;
// with __NV_NOSAT E4M3 gives NaN, E5M2 infinity. NaN gives the format's NaN (see FP8_NAN below).
// fp8 → half is exact (every fp8 value is a half). double inputs (`__nv_cvt_double_to_fp8`, the
// constructors from double) are refused: Metal has no double.
import type { FunctionRow } from './functions';
import { FP16_RAW_TYPES } from './fp16raw';

/** What a NaN input gives (and what an fp8 NaN widens to, as half bits): measured on an H200. */
export const FP8_NAN = { e4m3: 0x7f, e5m2: 0x7f, half: 0x7fff, keepsSign: false } as const;

const HALF_RAW = FP16_RAW_TYPES.get('__half_raw')!;
const HALF2_RAW = FP16_RAW_TYPES.get('__half2_raw')!;
const BF16_RAW = FP16_RAW_TYPES.get('__nv_bfloat16_raw')!;
const BF162_RAW = FP16_RAW_TYPES.get('__nv_bfloat162_raw')!;

export const FP8_PRELUDE_KEY = 'cu2m_fp8';
export const FP8_BF16_KEY = 'cu2m_fp8:bfloat';

const nanSign = FP8_NAN.keepsSign ? 'sign | ' : '';

/** One fp8 class: its conversions out, for `this` in each address space (Metal) or one (the CPU emulation). */
const scalarClass = (name: string, e5m2: boolean): string => {
  const f = e5m2 ? 'true' : 'false';
  return [
    `struct ${name} {`,
    `  __nv_fp8_storage_t __x;`,
    `#if defined(__CU2M_METAL)`,
    `  ${name}() = default; // the CPU emulation: one generic address space for 'this'`,
    `#else`,
    `  ${name}() thread = default;`,
    `  ${name}() threadgroup = default;`,
    `  ${name}() device = default;`,
    `  ${name}() constant = default;`,
    `#endif`,
    `  explicit ${name}(float f) : __x(cu2m_fp8::from_f32(f, true, ${f})) {}`,
    `  explicit ${name}(half h) : __x(cu2m_fp8::from_f32(float(h), true, ${f})) {}`,
    ...['int', 'uint', 'short', 'ushort', 'long', 'ulong'].map((t) => `  explicit ${name}(${t} i) : __x(cu2m_fp8::from_f32(float(i), true, ${f})) {}`),
    `#if __METAL_VERSION__ >= 310`,
    `  explicit ${name}(bfloat b) : __x(cu2m_fp8::from_f32(float(b), true, ${f})) {}`,
    `#endif`,
    `#define CU2M_FP8_CONVERSIONS(SPACE) \\`,
    `  explicit operator float() const SPACE { return float(as_type<half>(cu2m_fp8::to_f16(__x, ${f}))); } \\`,
    `  explicit operator half() const SPACE { return as_type<half>(cu2m_fp8::to_f16(__x, ${f})); } \\`,
    `  template <typename T> explicit operator T() const SPACE { return T(float(as_type<half>(cu2m_fp8::to_f16(__x, ${f})))); }`,
    `#if defined(__CU2M_METAL)`,
    `  CU2M_FP8_CONVERSIONS()`,
    `#else`,
    `  CU2M_FP8_CONVERSIONS(thread) CU2M_FP8_CONVERSIONS(device) CU2M_FP8_CONVERSIONS(threadgroup) CU2M_FP8_CONVERSIONS(constant)`,
    `#endif`,
    `#undef CU2M_FP8_CONVERSIONS`,
    `};`,
  ].join('\n');
};

const vectorClass = (name: string, e5m2: boolean, n: 2 | 4): string => {
  const f = e5m2 ? 'true' : 'false';
  const storage = n === 2 ? '__nv_fp8x2_storage_t' : '__nv_fp8x4_storage_t';
  const ctors =
    n === 2
      ? [
          `  explicit ${name}(float2 v) : __x(cu2m_fp8::pair(v, true, ${f})) {}`,
          `  explicit ${name}(half2 v) : __x(cu2m_fp8::pair(float2(v), true, ${f})) {}`,
          `#if __METAL_VERSION__ >= 310`,
          `  explicit ${name}(bfloat2 v) : __x(cu2m_fp8::pair(float2(v), true, ${f})) {}`,
          `#endif`,
        ]
      : [
          `  explicit ${name}(float4 v) : __x(uint(cu2m_fp8::pair(v.xy, true, ${f})) | (uint(cu2m_fp8::pair(v.zw, true, ${f})) << 16)) {}`,
          `  ${name}(half2 lo, half2 hi) : __x(uint(cu2m_fp8::pair(float2(lo), true, ${f})) | (uint(cu2m_fp8::pair(float2(hi), true, ${f})) << 16)) {}`,
          `#if __METAL_VERSION__ >= 310`,
          `  ${name}(bfloat2 lo, bfloat2 hi) : __x(uint(cu2m_fp8::pair(float2(lo), true, ${f})) | (uint(cu2m_fp8::pair(float2(hi), true, ${f})) << 16)) {}`,
          `#endif`,
        ];
  const ops =
    n === 2
      ? [
          `  explicit operator float2() const SPACE { return float2(cu2m_fp8::widen2(__x, ${f})); } \\`,
          `  explicit operator half2() const SPACE { return cu2m_fp8::widen2(__x, ${f}); }`,
        ]
      : [`  explicit operator float4() const SPACE { return float4(float2(cu2m_fp8::widen2(ushort(__x), ${f})), float2(cu2m_fp8::widen2(ushort(__x >> 16), ${f}))); }`];
  return [
    `struct ${name} {`,
    `  ${storage} __x;`,
    `  typedef void cu2m_vector_conversion; // (msl-cpu: \`float2(p)\` is this struct's conversion, not a splat)`,
    `#if defined(__CU2M_METAL)`,
    `  ${name}() = default;`,
    `#else`,
    `  ${name}() thread = default;`,
    `  ${name}() threadgroup = default;`,
    `  ${name}() device = default;`,
    `  ${name}() constant = default;`,
    `#endif`,
    ...ctors,
    `#define CU2M_FP8_CONVERSIONS(SPACE) \\`,
    ...ops,
    `#if defined(__CU2M_METAL)`,
    `  CU2M_FP8_CONVERSIONS()`,
    `#else`,
    `  CU2M_FP8_CONVERSIONS(thread) CU2M_FP8_CONVERSIONS(device) CU2M_FP8_CONVERSIONS(threadgroup) CU2M_FP8_CONVERSIONS(constant)`,
    `#endif`,
    `#undef CU2M_FP8_CONVERSIONS`,
    `};`,
  ].join('\n');
};

/** The enums, storage types, conversions and classes: added once when device code uses fp8. */
export const FP8_PRELUDE = [
  '// ---- fp8 (cuda_fp8.h): E4M3 and E5M2 bytes in integer storage (Metal has no 8-bit float type); conversions',
  '// rounded to nearest even in integer arithmetic, as an NVIDIA GPU (sm_89+) converts',
  'enum __nv_saturation_t { __NV_NOSAT = 0, __NV_SATFINITE = 1 };',
  'enum __nv_fp8_interpretation_t { __NV_E4M3 = 0, __NV_E5M2 = 1 };',
  'typedef uchar __nv_fp8_storage_t;',
  'typedef ushort __nv_fp8x2_storage_t;',
  'typedef uint __nv_fp8x4_storage_t;',
  'namespace cu2m_fp8 {',
  '// float -> fp8 byte: round to nearest even; an overflow or infinity gives the largest finite value',
  '// (sat) or E4M3 NaN / E5M2 infinity; below half the smallest subnormal, a signed zero',
  'inline uchar from_f32(float x, bool sat, bool e5m2) {',
  '  uint u = as_type<uint>(x);',
  '  uint sign = (u >> 24) & 0x80u;',
  '  uint a = u & 0x7FFFFFFFu;',
  '  uint m = e5m2 ? 2u : 3u;',
  '  int bias = e5m2 ? 15 : 7;',
  '  uint maxc = e5m2 ? 0x7Bu : 0x7Eu;',
  '  uint over = sat ? maxc : (e5m2 ? 0x7Cu : 0x7Fu);',
  `  if (a > 0x7F800000u) return uchar(${nanSign}(e5m2 ? 0x${FP8_NAN.e5m2.toString(16)}u : 0x${FP8_NAN.e4m3.toString(16)}u)); // NaN`,
  '  int e = int(a >> 23) - 127;',
  '  if (e > 16) return uchar(sign | over); // infinity too',
  '  if (e < -bias - int(m) - 2) return uchar(sign); // float subnormals too',
  '  uint sig = (a & 0x7FFFFFu) | 0x800000u;',
  '  int ee = max(e, 1 - bias); // an fp8 subnormal below that',
  '  uint shift = uint(23 - int(m) + (ee - e));',
  '  uint q = sig >> shift;',
  '  uint rem = sig & ((1u << shift) - 1u);',
  '  uint halfway = 1u << (shift - 1u);',
  '  if (rem > halfway || (rem == halfway && (q & 1u) != 0u)) q++;',
  '  uint code = (uint(ee + bias - 1) << m) + q; // a carry out of the mantissa raises the exponent',
  '  return uchar(sign | (code > maxc ? over : code));',
  '}',
  '// fp8 byte -> half bits (exact)',
  'inline ushort to_f16(uchar b, bool e5m2) {',
  '  uint sign = uint(b & 0x80u) << 8;',
  '  uint mag = b & 0x7Fu;',
  `  if (e5m2 ? mag > 0x7Cu : mag == 0x7Fu) return ushort(${FP8_NAN.keepsSign ? 'sign | ' : ''}0x${FP8_NAN.half.toString(16)}u); // NaN`,
  '  if (e5m2) return ushort(uint(b) << 8); // E5M2 is the high byte of a half',
  '  uint e = mag >> 3, f = mag & 7u;',
  '  if (e != 0u) return ushort(sign | ((e + 8u) << 10) | (f << 7));',
  '  if (f == 0u) return ushort(sign);',
  '  uint p = f >= 4u ? 2u : (f >= 2u ? 1u : 0u); // a subnormal: f * 2^-9, normal as a half',
  '  return ushort(sign | ((p + 6u) << 10) | ((f - (1u << p)) << (10u - p)));',
  '}',
  'inline ushort pair(float2 v, bool sat, bool e5m2) { return ushort(from_f32(v.x, sat, e5m2)) | ushort(ushort(from_f32(v.y, sat, e5m2)) << 8); }',
  'inline half2 widen2(ushort p, bool e5m2) { return half2(as_type<half>(to_f16(uchar(p & 0xFFu), e5m2)), as_type<half>(to_f16(uchar(p >> 8), e5m2))); }',
  '} // namespace cu2m_fp8',
  scalarClass('__nv_fp8_e4m3', false),
  scalarClass('__nv_fp8_e5m2', true),
  vectorClass('__nv_fp8x2_e4m3', false, 2),
  vectorClass('__nv_fp8x2_e5m2', true, 2),
  vectorClass('__nv_fp8x4_e4m3', false, 4),
  vectorClass('__nv_fp8x4_e5m2', true, 4),
  'typedef __nv_fp8_e4m3 nv_fp8_e4m3;',
  'typedef __nv_fp8_e5m2 nv_fp8_e5m2;',
  'typedef __nv_fp8x2_e4m3 nv_fp8x2_e4m3;',
  'typedef __nv_fp8x2_e5m2 nv_fp8x2_e5m2;',
  'typedef __nv_fp8x4_e4m3 nv_fp8x4_e4m3;',
  'typedef __nv_fp8x4_e5m2 nv_fp8x4_e5m2;',
  '// ---- end of fp8',
].join('\n');

/** The type names that bring the prelude (with the half raw structs its functions take and return). */
export const FP8_TYPES: ReadonlySet<string> = new Set([
  '__nv_fp8_e4m3', '__nv_fp8_e5m2', '__nv_fp8x2_e4m3', '__nv_fp8x2_e5m2', '__nv_fp8x4_e4m3', '__nv_fp8x4_e5m2',
  'nv_fp8_e4m3', 'nv_fp8_e5m2', 'nv_fp8x2_e4m3', 'nv_fp8x2_e5m2', 'nv_fp8x4_e4m3', 'nv_fp8x4_e5m2',
  '__nv_fp8_storage_t', '__nv_fp8x2_storage_t', '__nv_fp8x4_storage_t', '__nv_saturation_t', '__nv_fp8_interpretation_t',
]);

/** The enumerators the prelude defines (device code naming one brings it). */
export const FP8_CONSTANTS: ReadonlySet<string> = new Set(['__NV_E4M3', '__NV_E5M2', '__NV_SATFINITE', '__NV_NOSAT']);

/** [key, text] pairs the prelude needs before it, in order. */
export const FP8_REQUIRES: readonly (readonly [string, string])[] = [
  ['__half_raw', HALF_RAW.definition],
  ['__half2_raw', HALF2_RAW.definition],
  [FP8_PRELUDE_KEY, FP8_PRELUDE],
];
/** With bfloat16 (MSL 3.1): its raw structs too. */
export const FP8_BF16_REQUIRES: readonly (readonly [string, string])[] = [
  ['__nv_bfloat16_raw', BF16_RAW.definition],
  ['__nv_bfloat162_raw', BF162_RAW.definition],
];

const P = '__nv_saturation_t s, __nv_fp8_interpretation_t i';
const SAT = 's == __NV_SATFINITE, i == __NV_E5M2';

interface Fp8Function {
  readonly cuda: string;
  readonly what: string;
  readonly definition: string;
  readonly bf16?: boolean;
}

const FUNCTIONS: readonly Fp8Function[] = [
  { cuda: '__nv_cvt_float_to_fp8', what: 'float → fp8 byte, round to nearest even, saturated or not', definition: `inline __nv_fp8_storage_t __nv_cvt_float_to_fp8(float x, ${P}) { return cu2m_fp8::from_f32(x, ${SAT}); }` },
  { cuda: '__nv_cvt_float2_to_fp8x2', what: 'float2 → two fp8 bytes (.x in the low byte)', definition: `inline __nv_fp8x2_storage_t __nv_cvt_float2_to_fp8x2(float2 x, ${P}) { return cu2m_fp8::pair(x, ${SAT}); }` },
  { cuda: '__nv_cvt_halfraw_to_fp8', what: 'half (raw bits) → fp8 byte', definition: `inline __nv_fp8_storage_t __nv_cvt_halfraw_to_fp8(__half_raw x, ${P}) { return cu2m_fp8::from_f32(float(as_type<half>(x.x)), ${SAT}); }` },
  { cuda: '__nv_cvt_halfraw2_to_fp8x2', what: 'half2 (raw bits) → two fp8 bytes', definition: `inline __nv_fp8x2_storage_t __nv_cvt_halfraw2_to_fp8x2(__half2_raw x, ${P}) { return cu2m_fp8::pair(float2(as_type<half>(x.x), as_type<half>(x.y)), ${SAT}); }` },
  { cuda: '__nv_cvt_bfloat16raw_to_fp8', what: 'bfloat16 (raw bits) → fp8 byte', bf16: true, definition: `inline __nv_fp8_storage_t __nv_cvt_bfloat16raw_to_fp8(__nv_bfloat16_raw x, ${P}) { return cu2m_fp8::from_f32(as_type<float>(uint(x.x) << 16), ${SAT}); }` },
  { cuda: '__nv_cvt_bfloat16raw2_to_fp8x2', what: 'bfloat162 (raw bits) → two fp8 bytes', bf16: true, definition: `inline __nv_fp8x2_storage_t __nv_cvt_bfloat16raw2_to_fp8x2(__nv_bfloat162_raw x, ${P}) { return cu2m_fp8::pair(float2(as_type<float>(uint(x.x) << 16), as_type<float>(uint(x.y) << 16)), ${SAT}); }` },
  { cuda: '__nv_cvt_fp8_to_halfraw', what: 'fp8 byte → half raw bits (exact)', definition: 'inline __half_raw __nv_cvt_fp8_to_halfraw(__nv_fp8_storage_t x, __nv_fp8_interpretation_t i) { return __half_raw(cu2m_fp8::to_f16(x, i == __NV_E5M2)); }' },
  { cuda: '__nv_cvt_fp8x2_to_halfraw2', what: 'two fp8 bytes → half2 raw bits (exact)', definition: 'inline __half2_raw __nv_cvt_fp8x2_to_halfraw2(__nv_fp8x2_storage_t x, __nv_fp8_interpretation_t i) { return __half2_raw(cu2m_fp8::to_f16(uchar(x & 0xFFu), i == __NV_E5M2), cu2m_fp8::to_f16(uchar(x >> 8), i == __NV_E5M2)); }' },
];

/** The function rows (tables/functions.ts appends them): each a helper needing the prelude. */
export const FP8_ROWS: readonly FunctionRow[] = [
  ...FUNCTIONS.map((f): FunctionRow => ({
    cuda: f.cuda,
    category: 'half',
    map: { kind: 'polyfill', msl: f.cuda, definition: f.definition, note: `fp8 (cuda_fp8.h): ${f.what}`, requires: f.bf16 ? [...FP8_BF16_REQUIRES, ...FP8_REQUIRES] : FP8_REQUIRES },
  })),
  ...['__nv_cvt_double_to_fp8', '__nv_cvt_double2_to_fp8x2'].map((cuda): FunctionRow => ({
    cuda,
    category: 'half',
    map: { kind: 'unsupported', reason: 'Metal has no double: convert a float (__nv_cvt_float_to_fp8)' },
  })),
];
