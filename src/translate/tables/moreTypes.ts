// More CUDA types device code uses (issue 6): the 1-component vectors (`uchar1`, `float1` ...),
// which MSL does not have, and cuComplex.h's single-precision complex numbers, which are CUDA's
// float2. Data only: src/translate/function.ts (checkTypeName and the calls) applies it; the host
// and the cuda-cpu reference backend get the same definitions from native/include (cuda_runtime.h's
// vector types, cuComplex.h).
import type { FunctionRow } from './functions';
import { SOFT_DOUBLE_VECTORS } from './double';
import { softDefinition } from '../doubleVectors';

/** A type the MSL defines itself when device code uses it: `definition` is added once, under `key`. */
export interface DefinedTypeRow {
  readonly cuda: string;
  readonly key: string;
  readonly definition: string;
}

// CUDA's 1-component vectors: a struct of one element (size and alignment of the element, as CUDA's).
const VECTOR1_ELEMENTS: ReadonlyArray<readonly [string, string]> = [
  ['char1', 'char'], ['uchar1', 'uchar'], ['short1', 'short'], ['ushort1', 'ushort'],
  ['int1', 'int'], ['uint1', 'uint'], ['long1', 'long'], ['ulong1', 'ulong'],
  ['longlong1', 'long'], ['ulonglong1', 'ulong'], ['float1', 'float'],
];

const vector1Definition = (t: string, e: string): string =>
  `// CUDA's ${t}: one ${e} (MSL has no 1-component vectors)\nstruct ${t} { ${e} x; };\ninline ${t} make_${t}(${e} x) { ${t} v; v.x = x; return v; }`;

export const VECTOR1_TYPES: ReadonlyMap<string, DefinedTypeRow> = new Map(
  VECTOR1_ELEMENTS.map(([t, e]) => [t, { cuda: t, key: `make_${t}`, definition: vector1Definition(t, e) }]),
);

/** cuComplex.h's single-precision types: CUDA's float2, as in MSL (appended to the type renames). */
export const COMPLEX_TYPE_RENAMES: ReadonlyArray<readonly [string, string]> = [
  ['cuFloatComplex', 'float2'],
  ['cuComplex', 'float2'],
  ['cuDoubleComplex', 'cu2m_double2'], // CUDA's double2: software double's struct (doubleVectors.ts); refused without it (complexDouble.ts)
];

/** Types refused with their reason (instead of "not defined in this file"). */
export const REFUSED_TYPES: ReadonlyMap<string, string> = new Map<string, string>([]);

/** Why cuDoubleComplex and its functions are refused without software double (--double=float/error). */
export const NO_SOFT_COMPLEX_DOUBLE = "cuComplex.h's double complex (cuDoubleComplex, CUDA's double2) needs software double (the default, --double=soft): Metal has no double, and computing it in float would change its 16-byte layout; use cuFloatComplex";

const fn = (cuda: string, definition: string, note: string): FunctionRow => ({ cuda, category: 'vector', map: { kind: 'polyfill', msl: cuda, definition: `// ${note}\n${definition}` } });
const DOUBLE2 = SOFT_DOUBLE_VECTORS.find((v) => v.cuda === 'double2')!;
/** A cuDoubleComplex helper: written on software double's cu2m_double2 struct, which it brings first. */
const dfn = (cuda: string, definition: string, note: string): FunctionRow => ({
  cuda,
  category: 'vector',
  map: { kind: 'polyfill', msl: cuda, definition: `// ${note}\n${definition}`, note: `software double (the default): ${note}; refused with --double=float/error`, requires: [[DOUBLE2.msl, softDefinition(DOUBLE2)]] },
});

/**
 * cuComplex.h's functions on cuFloatComplex. Division and absolute value scale as CUDA's header does
 * (no overflow for large parts), so the three backends compute the same float operations.
 */
export const COMPLEX_FUNCTION_ROWS: readonly FunctionRow[] = [
  fn('cuCrealf', 'inline float cuCrealf(float2 z) { return z.x; }', 'cuCrealf(z): the real part'),
  fn('cuCimagf', 'inline float cuCimagf(float2 z) { return z.y; }', 'cuCimagf(z): the imaginary part'),
  fn('make_cuFloatComplex', 'inline float2 make_cuFloatComplex(float r, float i) { return float2(r, i); }', 'make_cuFloatComplex(r, i)'),
  fn('make_cuComplex', 'inline float2 make_cuComplex(float r, float i) { return float2(r, i); }', 'make_cuComplex(r, i)'),
  fn('cuConjf', 'inline float2 cuConjf(float2 z) { return float2(z.x, -z.y); }', 'cuConjf(z): the conjugate'),
  fn('cuCaddf', 'inline float2 cuCaddf(float2 a, float2 b) { return float2(a.x + b.x, a.y + b.y); }', 'cuCaddf(a, b)'),
  fn('cuCsubf', 'inline float2 cuCsubf(float2 a, float2 b) { return float2(a.x - b.x, a.y - b.y); }', 'cuCsubf(a, b)'),
  fn('cuCmulf', 'inline float2 cuCmulf(float2 a, float2 b) { return float2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }', 'cuCmulf(a, b)'),
  fn(
    'cuCdivf',
    'inline float2 cuCdivf(float2 a, float2 b) {\n  float s = fabs(b.x) + fabs(b.y);\n  float inv = 1.0f / s;\n  float ar = a.x * inv, ai = a.y * inv, br = b.x * inv, bi = b.y * inv;\n  float d = 1.0f / (br * br + bi * bi);\n  return float2((ar * br + ai * bi) * d, (ai * br - ar * bi) * d);\n}',
    'cuCdivf(a, b): both scaled by |b.x| + |b.y| first, as cuComplex.h does',
  ),
  fn(
    'cuCabsf',
    'inline float cuCabsf(float2 z) {\n  float a = fabs(z.x), b = fabs(z.y);\n  float v = fmax(a, b), w = fmin(a, b);\n  float q = w / v;\n  float t = v * sqrt(1.0f + q * q);\n  if (v == 0.0f || v > 3.402823466e38f || w > 3.402823466e38f) t = v + w;\n  return t;\n}',
    'cuCabsf(z): the larger part times sqrt(1 + (smaller/larger)^2), as cuComplex.h computes it',
  ),
  fn(
    'cuCfmaf',
    'inline float2 cuCfmaf(float2 x, float2 y, float2 d) {\n  float r = x.x * y.x + d.x;\n  r = -x.y * y.y + r;\n  float i = x.x * y.y + d.y;\n  i = x.y * y.x + i;\n  return float2(r, i);\n}',
    'cuCfmaf(x, y, d): x * y + d',
  ),
  // cuDoubleComplex (CUDA's double2): the same formulas in software double (f64), on cu2m_double2.
  dfn('cuCreal', 'inline f64 cuCreal(cu2m_double2 z) { return z.x; }', 'cuCreal(z): the real part'),
  dfn('cuCimag', 'inline f64 cuCimag(cu2m_double2 z) { return z.y; }', 'cuCimag(z): the imaginary part'),
  dfn('make_cuDoubleComplex', 'inline cu2m_double2 make_cuDoubleComplex(f64 r, f64 i) { return make_double2(r, i); }', 'make_cuDoubleComplex(r, i)'),
  dfn('cuConj', 'inline cu2m_double2 cuConj(cu2m_double2 z) { return make_double2(z.x, -z.y); }', 'cuConj(z): the conjugate'),
  dfn('cuCadd', 'inline cu2m_double2 cuCadd(cu2m_double2 a, cu2m_double2 b) { return make_double2(a.x + b.x, a.y + b.y); }', 'cuCadd(a, b)'),
  dfn('cuCsub', 'inline cu2m_double2 cuCsub(cu2m_double2 a, cu2m_double2 b) { return make_double2(a.x - b.x, a.y - b.y); }', 'cuCsub(a, b)'),
  dfn('cuCmul', 'inline cu2m_double2 cuCmul(cu2m_double2 a, cu2m_double2 b) { return make_double2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }', 'cuCmul(a, b)'),
  dfn(
    'cuCdiv',
    'inline cu2m_double2 cuCdiv(cu2m_double2 a, cu2m_double2 b) {\n  f64 s = fabs(b.x) + fabs(b.y);\n  f64 inv = f64(1.0f) / s;\n  f64 ar = a.x * inv, ai = a.y * inv, br = b.x * inv, bi = b.y * inv;\n  f64 d = f64(1.0f) / (br * br + bi * bi);\n  return make_double2((ar * br + ai * bi) * d, (ai * br - ar * bi) * d);\n}',
    'cuCdiv(a, b): both scaled by |b.x| + |b.y| first, as cuComplex.h does',
  ),
  dfn(
    'cuCabs',
    'inline f64 cuCabs(cu2m_double2 z) {\n  f64 a = fabs(z.x), b = fabs(z.y);\n  f64 v = fmax(a, b), w = fmin(a, b);\n  f64 q = w / v;\n  f64 t = v * sqrt(f64(1.0f) + q * q);\n  f64 big = f64::from_bits(0x7FEFFFFFFFFFFFFFul); // DBL_MAX\n  if (v == f64(0.0f) || v > big || w > big) t = v + w;\n  return t;\n}',
    'cuCabs(z): the larger part times sqrt(1 + (smaller/larger)^2), as cuComplex.h computes it',
  ),
  dfn(
    'cuCfma',
    'inline cu2m_double2 cuCfma(cu2m_double2 x, cu2m_double2 y, cu2m_double2 d) {\n  f64 r = x.x * y.x + d.x;\n  r = -x.y * y.y + r;\n  f64 i = x.x * y.y + d.y;\n  i = x.y * y.x + i;\n  return make_double2(r, i);\n}',
    'cuCfma(x, y, d): x * y + d',
  ),
  dfn('cuComplexFloatToDouble', 'inline cu2m_double2 cuComplexFloatToDouble(float2 c) { return make_double2(f64(c.x), f64(c.y)); }', 'cuComplexFloatToDouble(c): exact'),
  dfn('cuComplexDoubleToFloat', 'inline float2 cuComplexDoubleToFloat(cu2m_double2 c) { return float2(float(c.x), float(c.y)); }', 'cuComplexDoubleToFloat(c): each part rounded to nearest'),
];

/** `make_uchar1(x)` & co.: the struct and its maker come together (VECTOR1_TYPES). */
export const VECTOR1_FUNCTION_ROWS: readonly FunctionRow[] = [...VECTOR1_TYPES.values()].map((r) => ({ cuda: r.key, category: 'vector', map: { kind: 'polyfill', msl: r.key, definition: r.definition } }));

/** A struct of the CUDA runtime that device code may take by value: its MSL definition and its fields. */
export interface RuntimeStructRow extends DefinedTypeRow {
  readonly fields: ReadonlyArray<{ readonly name: string; readonly type: string; readonly pointerDepth: number }>;
}

/**
 * cudaPitchedPtr (from cudaMalloc3D / make_cudaPitchedPtr) passed to a kernel: its pointer field
 * points into device memory (src/translate/structPointers.ts), the sizes are 64-bit as on the host.
 */
export const RUNTIME_STRUCTS: ReadonlyMap<string, RuntimeStructRow> = new Map([
  [
    'cudaPitchedPtr',
    {
      cuda: 'cudaPitchedPtr',
      key: 'cudaPitchedPtr',
      definition: "// the CUDA runtime's cudaPitchedPtr: a pitched allocation, its row pitch and its extent (bytes, rows)\nstruct cudaPitchedPtr { device void* ptr; ulong pitch; ulong xsize; ulong ysize; };",
      fields: [
        { name: 'ptr', type: 'void', pointerDepth: 1 },
        { name: 'pitch', type: 'size_t', pointerDepth: 0 },
        { name: 'xsize', type: 'size_t', pointerDepth: 0 },
        { name: 'ysize', type: 'size_t', pointerDepth: 0 },
      ],
    },
  ],
]);
