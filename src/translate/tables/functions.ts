// CUDA device functions → MSL. Data only: the math/sync passes rewrite call sites from this table
// and docs/support-matrix.md is generated from it.
//
// kind:
//   rename      the call keeps its arguments, only the name changes (`sqrtf(x)` → `sqrt(x)`)
//   same        MSL has a function with the same name and meaning
//   replace     the whole call becomes `msl` with $1, $2... standing for the arguments
//   polyfill    the call is renamed to `msl`, a helper that `definition` adds to the MSL (once, and
//               only when used): for semantics that need an argument evaluated once
//   unsupported no faithful translation yet: a diagnostic (reason says why)

export type FunctionMapping =
  | { readonly kind: 'rename'; readonly msl: string; readonly note?: string }
  | { readonly kind: 'same'; readonly note?: string }
  | { readonly kind: 'replace'; readonly msl: string; readonly note?: string }
  | { readonly kind: 'polyfill'; readonly msl: string; readonly definition: string; readonly note?: string }
  | { readonly kind: 'unsupported'; readonly reason: string };

export type FunctionCategory = 'synchronization' | 'math' | 'integer' | 'vector' | 'other';

export interface FunctionRow {
  readonly cuda: string;
  readonly category: FunctionCategory;
  readonly map: FunctionMapping;
}

const rename = (msl: string, note?: string): FunctionMapping => ({ kind: 'rename', msl, note });
const same = (note?: string): FunctionMapping => ({ kind: 'same', note });
const replace = (msl: string, note?: string): FunctionMapping => ({ kind: 'replace', msl, note });
const unsupported = (reason: string): FunctionMapping => ({ kind: 'unsupported', reason });

// CUDA passes output pointers (into any memory); MSL's frexp/modf/sincos take a thread reference.
// A template helper takes the pointer whatever its address space and goes through a local.
const FREXP: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_frexp',
  definition: '// frexpf(x, &e) with e in any address space (MSL takes a thread reference)\ntemplate <typename P> inline float cu2m_frexp(float x, P e) { int t; float m = frexp(x, t); *e = t; return m; }',
};
const MODF: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_modf',
  definition: '// modff(x, &i) with i in any address space (MSL takes a thread reference)\ntemplate <typename P> inline float cu2m_modf(float x, P i) { float t; float f = modf(x, t); *i = t; return f; }',
};
const SINCOS: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_sincos',
  definition: '// sincosf(x, &s, &c) with s and c in any address space (MSL returns sin, writes cos to a thread reference)\ntemplate <typename P, typename Q> inline void cu2m_sincos(float x, P s, Q c) { float cv; *s = sincos(x, cv); *c = cv; }',
};

// Float functions whose MSL name is the CUDA name without the `f` suffix; the unsuffixed (double)
// CUDA names map to the same MSL function (computed in float: Metal has no double).
const FLOAT_RENAMES = [
  'sqrt', 'rsqrt', 'exp', 'exp2', 'exp10', 'log', 'log2', 'log10', 'pow', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sinpi', 'cospi',
  'floor', 'ceil', 'round', 'rint', 'trunc', 'fabs', 'fmin', 'fmax', 'fmod', 'fma', 'copysign', 'fdim',
  'ldexp', 'ilogb', 'nextafter',
] as const;

// Polyfills are a later issue; until then these are diagnosed instead of emitting wrong code.
const NO_MSL_EQUIVALENT = [
  'cbrt', 'erf', 'erfc', 'erfinv', 'erfcinv', 'normcdf', 'normcdfinv', 'lgamma', 'tgamma', 'expm1', 'log1p',
  'hypot', 'rhypot', 'norm3d', 'norm4d', 'rnorm', 'sincospi', 'remainder', 'remquo', 'scalbn', 'logb',
  'lrint', 'llrint', 'lround', 'llround', 'j0', 'j1', 'jn', 'y0', 'y1', 'yn', 'cyl_bessel_i0', 'cyl_bessel_i1',
] as const;

const rows: FunctionRow[] = [
  { cuda: '__syncthreads', category: 'synchronization', map: replace('threadgroup_barrier($FLAGS)', 'mem_flags chosen per kernel: mem_threadgroup, plus mem_device when the kernel writes global memory and reads global memory (buffers may alias)') },
  { cuda: '__syncwarp', category: 'synchronization', map: unsupported('warp operations are a later issue') },
  { cuda: '__syncthreads_count', category: 'synchronization', map: unsupported('needs an emulation through threadgroup memory (later issue)') },
  { cuda: '__syncthreads_and', category: 'synchronization', map: unsupported('needs an emulation through threadgroup memory (later issue)') },
  { cuda: '__syncthreads_or', category: 'synchronization', map: unsupported('needs an emulation through threadgroup memory (later issue)') },
  { cuda: '__threadfence', category: 'synchronization', map: unsupported('fences are a later issue') },
  { cuda: '__threadfence_block', category: 'synchronization', map: unsupported('fences are a later issue') },
  { cuda: 'printf', category: 'other', map: unsupported('Metal kernels cannot print; device printf needs a host-drained buffer (later issue)') },
  { cuda: 'assert', category: 'other', map: unsupported('device assert is a later issue') },
  { cuda: 'malloc', category: 'other', map: unsupported('Metal has no device-side allocation') },
  { cuda: 'free', category: 'other', map: unsupported('Metal has no device-side allocation') },
];

for (const f of FLOAT_RENAMES) {
  rows.push({ cuda: `${f}f`, category: 'math', map: rename(f) });
  rows.push({ cuda: f, category: 'math', map: same() });
}
for (const f of NO_MSL_EQUIVALENT) {
  const reason = 'Metal has no such function; a polyfill is a later issue';
  rows.push({ cuda: `${f}f`, category: 'math', map: unsupported(reason) });
  rows.push({ cuda: f, category: 'math', map: unsupported(reason) });
}
rows.push(
  { cuda: 'frexpf', category: 'math', map: FREXP },
  { cuda: 'frexp', category: 'math', map: FREXP },
  { cuda: 'modff', category: 'math', map: MODF },
  { cuda: 'modf', category: 'math', map: MODF },
  { cuda: 'sincosf', category: 'math', map: SINCOS },
  { cuda: 'sincos', category: 'math', map: SINCOS },
  { cuda: '__expf', category: 'math', map: rename('fast::exp') },
  { cuda: '__exp10f', category: 'math', map: rename('fast::exp10') },
  { cuda: '__logf', category: 'math', map: rename('fast::log') },
  { cuda: '__log2f', category: 'math', map: rename('fast::log2') },
  { cuda: '__log10f', category: 'math', map: rename('fast::log10') },
  { cuda: '__powf', category: 'math', map: rename('fast::pow') },
  { cuda: '__sinf', category: 'math', map: rename('fast::sin') },
  { cuda: '__cosf', category: 'math', map: rename('fast::cos') },
  { cuda: '__tanf', category: 'math', map: rename('fast::tan') },
  { cuda: '__fdividef', category: 'math', map: rename('fast::divide') },
  { cuda: '__fsqrt_rn', category: 'math', map: rename('sqrt') },
  { cuda: '__frcp_rn', category: 'math', map: replace('(1.0f / ($1))') },
  { cuda: '__fmaf_rn', category: 'math', map: rename('fma') },
  { cuda: '__saturatef', category: 'math', map: rename('saturate') },
  { cuda: 'isnan', category: 'math', map: same() },
  { cuda: 'isinf', category: 'math', map: same() },
  { cuda: 'isfinite', category: 'math', map: same() },
  { cuda: 'signbit', category: 'math', map: same() },
  { cuda: 'min', category: 'integer', map: same() },
  { cuda: 'max', category: 'integer', map: same() },
  { cuda: 'umin', category: 'integer', map: rename('min') },
  { cuda: 'umax', category: 'integer', map: rename('max') },
  { cuda: 'llmin', category: 'integer', map: rename('min') },
  { cuda: 'llmax', category: 'integer', map: rename('max') },
  { cuda: 'abs', category: 'integer', map: same() },
  { cuda: 'labs', category: 'integer', map: rename('abs') },
  { cuda: 'llabs', category: 'integer', map: rename('abs') },
  { cuda: '__popc', category: 'integer', map: replace('popcount(uint($1))') },
  { cuda: '__popcll', category: 'integer', map: replace('popcount(ulong($1))') },
  { cuda: '__clz', category: 'integer', map: replace('clz(int($1))') },
  { cuda: '__clzll', category: 'integer', map: replace('clz(long($1))') },
  { cuda: '__brev', category: 'integer', map: replace('reverse_bits(uint($1))') },
  { cuda: '__brevll', category: 'integer', map: replace('reverse_bits(ulong($1))') },
  { cuda: '__ffs', category: 'integer', map: { kind: 'polyfill', msl: 'cu2m_ffs', definition: '// __ffs: 1-based position of the least significant set bit, 0 for 0\ninline int cu2m_ffs(int x) { return x == 0 ? 0 : int(ctz(x)) + 1; }' } },
  { cuda: '__ffsll', category: 'integer', map: { kind: 'polyfill', msl: 'cu2m_ffsll', definition: '// __ffsll: 1-based position of the least significant set bit, 0 for 0\ninline int cu2m_ffsll(long x) { return x == 0 ? 0 : int(ctz(x)) + 1; }' } },
  { cuda: '__mul24', category: 'integer', map: replace('mul24(int($1), int($2))') },
  { cuda: '__umul24', category: 'integer', map: replace('mul24(uint($1), uint($2))') },
  { cuda: '__mulhi', category: 'integer', map: replace('mulhi(int($1), int($2))') },
  { cuda: '__umulhi', category: 'integer', map: replace('mulhi(uint($1), uint($2))') },
  { cuda: '__float_as_int', category: 'other', map: replace('as_type<int>(float($1))') },
  { cuda: '__float_as_uint', category: 'other', map: replace('as_type<uint>(float($1))') },
  { cuda: '__int_as_float', category: 'other', map: replace('as_type<float>(int($1))') },
  { cuda: '__uint_as_float', category: 'other', map: replace('as_type<float>(uint($1))') },
  { cuda: '__float2int_rz', category: 'other', map: replace('int($1)') },
  { cuda: '__int2float_rn', category: 'other', map: replace('float($1)') },
);

// Vector constructors: make_float4(a, b, c, d) → float4(a, b, c, d). float3 values are MSL float3
// (16 bytes) in registers; buffers of float3 use packed_float3 (see tables/types.ts).
const VECTOR_SCALARS = ['char', 'uchar', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'float'] as const;
for (const s of VECTOR_SCALARS) {
  for (const n of [2, 3, 4]) rows.push({ cuda: `make_${s}${n}`, category: 'vector', map: rename(`${s}${n}`) });
}
rows.push(
  { cuda: 'make_longlong2', category: 'vector', map: rename('long2') },
  { cuda: 'make_ulonglong2', category: 'vector', map: rename('ulong2') },
  { cuda: 'make_double2', category: 'vector', map: unsupported('Metal has no double') },
  { cuda: 'make_double4', category: 'vector', map: unsupported('Metal has no double') },
);

export const DEVICE_FUNCTIONS: readonly FunctionRow[] = rows;
export const FUNCTION_BY_NAME: ReadonlyMap<string, FunctionRow> = new Map(rows.map((r) => [r.cuda, r]));
