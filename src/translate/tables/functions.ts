// CUDA device functions → MSL. Data only: the math/sync passes rewrite call sites from this table
// and docs/support-matrix.md is generated from it.
//
// kind:
//   rename      the call keeps its arguments, only the name changes (`sqrtf(x)` → `sqrt(x)`)
//   same        MSL has a function with the same name and meaning
//   replace     the whole call becomes `msl` with $1, $2... standing for the arguments
//   polyfill    the call is renamed to `msl`, a helper that `definition` adds to the MSL (once, and
//               only when used): for semantics that need an argument evaluated once; `requires`:
//               helpers it calls, (key, text) pairs added before it, each once
//   unsupported no faithful translation yet: a diagnostic (reason says why)

import { ATOMICS, ATOMIC_SCOPES } from './atomics';
import { atomicDefinition } from '../atomics';
import { ATOMIC16_BY_NAME } from './atomics16';
import { ATOMIC64_BY_NAME } from './atomics64';
import { MATCH_ALL, MATCH_ANY, SUB_WARP_SHUFFLES } from './warps';
import { FP16_ROWS } from './fp16';
import { FP8_ROWS } from './fp8';
import { SOFT_DOUBLE_INTRINSICS, SOFT_DOUBLE_ONLY, SOFT_DOUBLE_VECTORS, softDoubleNote } from './double';
import { MORE_FUNCTION_ROWS } from './moreFunctions';
import { COMPLEX_FUNCTION_ROWS, VECTOR1_FUNCTION_ROWS } from './moreTypes';
import { FLOAT_MATH_ROWS } from './floatMath';
import { BESSEL_ROWS } from './bessel';

export type FunctionMapping =
  | { readonly kind: 'rename'; readonly msl: string; readonly note?: string }
  | { readonly kind: 'same'; readonly note?: string }
  | { readonly kind: 'replace'; readonly msl: string; readonly note?: string }
  | { readonly kind: 'polyfill'; readonly msl: string; readonly definition: string; readonly note?: string; readonly requires?: readonly (readonly [string, string])[] }
  | { readonly kind: 'unsupported'; readonly reason: string };

export type FunctionCategory = 'synchronization' | 'math' | 'integer' | 'vector' | 'atomic' | 'warp' | 'half' | 'other';

export interface FunctionRow {
  readonly cuda: string;
  readonly category: FunctionCategory;
  readonly map: FunctionMapping;
  /** 1-based position of a CUDA `width` argument that must be the whole warp (32) when given. */
  readonly fullWarpArg?: number;
  /**
   * With a `width` below 32 (at fullWarpArg): the call becomes `msl(value, lane-or-delta, width,
   * laneId)`, a helper (`definition`) that applies CUDA's segment rules (src/translate/warps.ts).
   */
  readonly subWarp?: { readonly msl: string; readonly definition: string };
}

const rename = (msl: string, note?: string): FunctionMapping => ({ kind: 'rename', msl, note });
const same = (note?: string): FunctionMapping => ({ kind: 'same', note });
const replace = (msl: string, note?: string): FunctionMapping => ({ kind: 'replace', msl, note });
const unsupported = (reason: string): FunctionMapping => ({ kind: 'unsupported', reason });
/** A helper function added to the MSL once: `inline uint name(params) { body }`, with a comment saying what it computes. */
const polyfill = (msl: string, params: string, body: string, what: string): FunctionMapping => ({
  kind: 'polyfill',
  msl,
  definition: `// ${what}\ninline uint ${msl}(${params}) {\n  ${body}\n}`,
});

// memcpy/memset in device code: the call casts each pointer to `uchar*` in its own address space
// (src/translate/function.ts, rewriteMemCall), so one template serves every pair of spaces.
const MEMCPY_DEFINITION = '// memcpy(dst, src, n) in device code: n bytes, one at a time (the casts at the call give the address spaces)\ntemplate <typename D, typename S> inline void cu2m_memcpy(D dst, S src, size_t n) { for (size_t i = 0; i < n; ++i) dst[i] = src[i]; }';
const MEMSET_DEFINITION = '// memset(dst, value, n) in device code: n bytes set to (unsigned char)value\ntemplate <typename D> inline void cu2m_memset(D dst, int value, size_t n) { for (size_t i = 0; i < n; ++i) dst[i] = uchar(value); }';

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
const FAST_SINCOS: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_fast_sincos',
  definition: '// __sincosf(x, &s, &c) with s and c in any address space: Metal\'s fast::sincos\ntemplate <typename P, typename Q> inline void cu2m_fast_sincos(float x, P s, Q c) { float cv; *s = fast::sincos(x, cv); *c = cv; }',
  note: 'Metal\'s fast::sincos (fast-math precision, as CUDA\'s intrinsic), s and c in any address space',
};
const SINCOSPI: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_sincospi',
  definition: '// sincospif(x, &s, &c) with s and c in any address space: Metal\'s sinpi and cospi\ntemplate <typename P, typename Q> inline void cu2m_sincospi(float x, P s, Q c) { *s = sinpi(x); *c = cospi(x); }',
  note: 'sinpi and cospi, s and c in any address space; of a double: software double\'s sinpi/cospi (within 1 ulp)',
};

// Float functions whose MSL name is the CUDA name without the `f` suffix; the unsuffixed (double)
// CUDA names map to the same MSL function: a double argument takes the f64 overload of software
// double (tables/double.ts), a float one Metal's float function.
const FLOAT_RENAMES = [
  'sqrt', 'rsqrt', 'exp', 'exp2', 'exp10', 'log', 'log2', 'log10', 'pow', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sinpi', 'cospi',
  'floor', 'ceil', 'round', 'rint', 'trunc', 'fabs', 'fmin', 'fmax', 'fmod', 'fma', 'copysign', 'fdim',
  'ldexp', 'ilogb',
] as const;

// nextafter is new in MSL 3.1: a helper that uses it there and steps the float's bits below.
const NEXTAFTER: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_nextafter',
  definition: [
    '// nextafterf(x, y): the next float after x toward y (Metal has nextafter from MSL 3.1)',
    'inline float cu2m_nextafter(float x, float y) {',
    '#if __METAL_VERSION__ >= 310',
    '  return nextafter(x, y);',
    '#else',
    '  if (isnan(x) || isnan(y)) return x + y;',
    '  if (x == y) return y;',
    '  if (x == 0.0f) return as_type<float>(y > 0.0f ? 1u : 0x80000001u);',
    '  uint b = as_type<uint>(x);',
    '  return as_type<float>((y > x) == (x > 0.0f) ? b + 1 : b - 1);',
    '#endif',
    '}',
  ].join('\n'),
  note: 'MSL 3.1 nextafter, or the float bits stepped toward y below 3.1',
};

// Polyfills are a later issue; until then these are diagnosed instead of emitting wrong code.
const NO_MSL_EQUIVALENT = [
  'cbrt', 'erf', 'erfc', 'erfinv', 'erfcinv', 'normcdf', 'normcdfinv', 'lgamma', 'tgamma', 'expm1', 'log1p',
  'hypot', 'rhypot', 'norm3d', 'norm4d', 'rnorm', 'remainder', 'remquo', 'scalbn', 'logb',
  'lrint', 'llrint', 'lround', 'llround', 'j0', 'j1', 'jn', 'y0', 'y1', 'yn', 'cyl_bessel_i0', 'cyl_bessel_i1',
  'rnorm3d', 'rnorm4d',
] as const;

const rows: FunctionRow[] = [
  { cuda: '__syncthreads', category: 'synchronization', map: replace('threadgroup_barrier($FLAGS)', 'mem_flags chosen per kernel: mem_threadgroup, plus mem_device when the kernel writes global memory and reads global memory (buffers may alias)') },
  { cuda: '__syncthreads_count', category: 'synchronization', map: replace('cu2m_syncthreads_count(cu2m_block_vote, $1)', 'a barrier (device and threadgroup memory) that reduces the predicate over the threadgroup through a kernel-scope `threadgroup atomic_int` (passed to helpers that call it, like hoisted __shared__): three barriers and one threadgroup atomic add per call; returns the number of threads whose predicate is non-zero') },
  { cuda: '__syncthreads_and', category: 'synchronization', map: replace('cu2m_syncthreads_and(cu2m_block_vote, $1)', 'as __syncthreads_count (counts the zero predicates); returns 1 when every predicate is non-zero, else 0') },
  { cuda: '__syncthreads_or', category: 'synchronization', map: replace('cu2m_syncthreads_or(cu2m_block_vote, $1)', 'as __syncthreads_count; returns 1 when some predicate is non-zero, else 0') },
  { cuda: '__threadfence', category: 'synchronization', map: replace('atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device)', 'a device-scope fence; atomic_thread_fence is MSL 3.2 (macOS 15): older Metal has no fence and rejects the MSL; msl-cpu: a real (seq_cst) fence') },
  { cuda: '__threadfence_block', category: 'synchronization', map: replace('atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_threadgroup)', 'a threadgroup-scope fence; MSL 3.2 (macOS 15), as __threadfence') },
  { cuda: 'printf', category: 'other', map: same('records in a runtime buffer (format strings become ids), formatted and printed by the runtime after each launch on the CPU backends and at synchronising calls, in block order; all C conversions with flags, width, precision and length; %s with string literals, or pointers into any memory (the string is copied into the record, at most 1024 bytes); floats printed as doubles like CUDA; an overflowing buffer (cudaLimitPrintfFifoSize) drops records with a note') },
  { cuda: 'memcpy', category: 'other', map: { kind: 'polyfill', msl: 'cu2m_memcpy', definition: MEMCPY_DEFINITION, note: 'a byte loop; the pointers are cast to `uchar*` in the address spaces of the arguments at the call (C2M1005 where that is unknown); the result (dst) is not returned' } },
  { cuda: 'memset', category: 'other', map: { kind: 'polyfill', msl: 'cu2m_memset', definition: MEMSET_DEFINITION, note: 'a byte loop, as memcpy; the result is not returned' } },
  { cuda: 'clock', category: 'other', map: same('clock_t is long (64-bit, as on the CUDA host); msl-cpu: the CPU cycle counter; Metal has no clock: a monotonic device-wide ticket that counts clock calls (elapsed values are positive but not cycles); cuda-cpu: the cycle counter too') },
  { cuda: 'clock64', category: 'other', map: same('msl-cpu and cuda-cpu: the CPU cycle counter; Metal: the monotonic device-wide ticket of clock()') },
  { cuda: 'assert', category: 'other', map: same("CUDA's message (file:line: function: block: [x,y,z], thread: [x,y,z] Assertion `cond` failed.) on stderr after the launch, which then fails: later calls return cudaErrorAssert (sticky); the failing thread continues (Metal cannot stop it); NDEBUG removes it") },
  { cuda: 'malloc', category: 'other', map: same('from the runtime\'s device heap (`cu2m_malloc`, src/translate/deviceHeap.ts): cudaLimitMallocHeapSize bytes, thread-safe, nullptr when exhausted, kept across launches') },
  { cuda: 'free', category: 'other', map: same('back to the device heap (`cu2m_free`): the most recent block at once, all of it when no block is live at the next launch') },
];

for (const f of FLOAT_RENAMES) {
  rows.push({ cuda: `${f}f`, category: 'math', map: rename(f) });
  rows.push({ cuda: f, category: 'math', map: same(softDoubleNote(f)) });
}
for (const f of NO_MSL_EQUIVALENT) {
  const reason = 'Metal has no such function; a polyfill is a later issue';
  rows.push({ cuda: `${f}f`, category: 'math', map: unsupported(reason) });
  const soft = SOFT_DOUBLE_ONLY.get(f);
  rows.push({ cuda: f, category: 'math', map: unsupported(soft ? `${reason}; of a double (or an integer): computed in software double (the default), ${soft}` : reason) });
}
rows.push(
  { cuda: 'nextafterf', category: 'math', map: NEXTAFTER },
  { cuda: 'nextafter', category: 'math', map: NEXTAFTER },
  { cuda: 'frexpf', category: 'math', map: FREXP },
  { cuda: 'frexp', category: 'math', map: { ...FREXP, note: 'frexp(x, &e) with e in any address space (MSL takes a thread reference); of a double: exact, in software double (the default)' } },
  { cuda: 'modff', category: 'math', map: MODF },
  { cuda: 'modf', category: 'math', map: { ...MODF, note: 'modf(x, &i) with i in any address space (MSL takes a thread reference); of a double: exact, in software double (the default)' } },
  { cuda: 'sincosf', category: 'math', map: SINCOS },
  { cuda: 'sincos', category: 'math', map: SINCOS },
  { cuda: 'sincospif', category: 'math', map: SINCOSPI },
  { cuda: 'sincospi', category: 'math', map: SINCOSPI },
  { cuda: '__sincosf', category: 'math', map: FAST_SINCOS },
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
  { cuda: 'fdividef', category: 'math', map: replace('(float($1) / float($2))', 'the quotient as `/` computes it (tsne)') },
  { cuda: '__fsqrt_rn', category: 'math', map: rename('sqrt') },
  { cuda: '__frcp_rn', category: 'math', map: replace('(1.0f / ($1))') },
  { cuda: '__fmaf_rn', category: 'math', map: rename('fma') },
  { cuda: '__fadd_rn', category: 'math', map: replace('(float($1) + float($2))', 'round-to-nearest is the default mode') },
  { cuda: '__fsub_rn', category: 'math', map: replace('(float($1) - float($2))', 'round-to-nearest is the default mode') },
  { cuda: '__fmul_rn', category: 'math', map: replace('(float($1) * float($2))', 'round-to-nearest is the default mode') },
  { cuda: '__fdiv_rn', category: 'math', map: replace('(float($1) / float($2))', 'correctly rounded outside --fast-math') },
  { cuda: '__frsqrt_rn', category: 'math', map: replace('(1.0f / sqrt($1))', 'two correctly rounded steps, as cuda-cpu (Metal\'s rsqrt on msl-cpu gave the same): within 1.5 ulp; CUDA rounds to nearest, about 1.6% of arguments differ') },
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
  { cuda: '__mul64hi', category: 'integer', map: replace('mulhi(long($1), long($2))') },
  { cuda: '__umul64hi', category: 'integer', map: replace('mulhi(ulong($1), ulong($2))') },
  { cuda: '__sad', category: 'integer', map: replace('(absdiff(int($1), int($2)) + uint($3))') },
  { cuda: '__usad', category: 'integer', map: replace('(absdiff(uint($1), uint($2)) + uint($3))') },
  { cuda: '__hadd', category: 'integer', map: replace('hadd(int($1), int($2))', 'with integer arguments; otherwise the half addition (category half)') },
  { cuda: '__uhadd', category: 'integer', map: replace('hadd(uint($1), uint($2))') },
  { cuda: '__rhadd', category: 'integer', map: replace('rhadd(int($1), int($2))') },
  { cuda: '__urhadd', category: 'integer', map: replace('rhadd(uint($1), uint($2))') },
  { cuda: '__byte_perm', category: 'integer', map: polyfill('cu2m_byte_perm', 'uint x, uint y, uint s', 'ulong v = (ulong(y) << 32) | x;\n  uint r = 0;\n  for (int i = 0; i < 4; ++i) r |= uint((v >> (((s >> (4 * i)) & 7u) * 8)) & 0xffu) << (8 * i);\n  return r;', '__byte_perm: byte i of the result is the byte of y:x that nibble i of s selects') },
  { cuda: '__funnelshift_l', category: 'integer', map: polyfill('cu2m_funnelshift_l', 'uint lo, uint hi, uint s', 'return uint(((ulong(hi) << 32 | lo) << (s & 31u)) >> 32);', '__funnelshift_l: high word of hi:lo shifted left by s mod 32') },
  { cuda: '__funnelshift_lc', category: 'integer', map: polyfill('cu2m_funnelshift_lc', 'uint lo, uint hi, uint s', 'return uint(((ulong(hi) << 32 | lo) << min(s, 32u)) >> 32);', '__funnelshift_lc: high word of hi:lo shifted left by min(s, 32)') },
  { cuda: '__funnelshift_r', category: 'integer', map: polyfill('cu2m_funnelshift_r', 'uint lo, uint hi, uint s', 'return uint((ulong(hi) << 32 | lo) >> (s & 31u));', '__funnelshift_r: low word of hi:lo shifted right by s mod 32') },
  { cuda: '__funnelshift_rc', category: 'integer', map: polyfill('cu2m_funnelshift_rc', 'uint lo, uint hi, uint s', 'return uint((ulong(hi) << 32 | lo) >> min(s, 32u));', '__funnelshift_rc: low word of hi:lo shifted right by min(s, 32)') },
  { cuda: '__float_as_int', category: 'other', map: replace('as_type<int>(float($1))') },
  { cuda: '__float_as_uint', category: 'other', map: replace('as_type<uint>(float($1))') },
  { cuda: '__int_as_float', category: 'other', map: replace('as_type<float>(int($1))') },
  { cuda: '__uint_as_float', category: 'other', map: replace('as_type<float>(uint($1))') },
  { cuda: '__float2int_rz', category: 'other', map: replace('int($1)') },
  { cuda: '__float2int_rn', category: 'other', map: replace('int(rint(float($1)))') },
  { cuda: '__float2int_rd', category: 'other', map: replace('int(floor(float($1)))') },
  { cuda: '__float2int_ru', category: 'other', map: replace('int(ceil(float($1)))') },
  { cuda: '__float2uint_rz', category: 'other', map: replace('uint(float($1))') },
  { cuda: '__float2uint_rn', category: 'other', map: replace('uint(rint(float($1)))') },
  { cuda: '__float2uint_rd', category: 'other', map: replace('uint(floor(float($1)))') },
  { cuda: '__float2uint_ru', category: 'other', map: replace('uint(ceil(float($1)))') },
  { cuda: '__uint2float_rn', category: 'other', map: replace('float(uint($1))') },
  { cuda: '__ldg', category: 'other', map: replace('(*($1))', 'a read-only cached load in CUDA; a plain load in Metal') },
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
  ...SOFT_DOUBLE_VECTORS.map((v): FunctionRow => ({ cuda: `make_${v.cuda}`, category: 'vector', map: same(`software double: a ${v.msl} struct of f64 fields with CUDA's layout (${v.bytes} bytes, align ${v.align}), helper added to the MSL; ${v.n === 1 ? 'a struct of one float' : `float${v.n}`} with --double=float`) })),
  { cuda: 'make_longlong3', category: 'vector', map: rename('long3', 'in memory a struct of three longs with CUDA\'s 24-byte layout (src/translate/wideVector3.ts)') },
  { cuda: 'make_ulonglong3', category: 'vector', map: rename('ulong3', 'in memory a struct of three ulongs with CUDA\'s 24-byte layout (src/translate/wideVector3.ts)') },
  { cuda: 'make_longlong4', category: 'vector', map: rename('long4') },
  { cuda: 'make_ulonglong4', category: 'vector', map: rename('ulong4') },
);

// Warp operations → SIMD-group functions (Apple GPUs run 32-lane SIMD groups, as NVIDIA warps).
// The lane mask is not expressible in Metal: the active lanes take part, which is what a correct
// CUDA program's mask names. A `width` below 32 (segments of the warp) goes through a helper
// that knows the caller's lane (SUB_WARP_SHUFFLES in warps.ts). `$L3`: the lane or offset argument
// modulo 32, as PTX's shfl.sync takes it (a literal below 32 is written as is); Metal's simd
// shuffles leave an index of 32 or more undefined.
const WARP_NOTE = 'the mask argument is dropped: the active lanes take part';
const WIDTH_NOTE = `${WARP_NOTE}; a width below 32 splits the warp into segments (CUDA's rules)`;
rows.push(
  { cuda: '__shfl_sync', category: 'warp', map: replace('simd_shuffle($2, ushort($L3))', WIDTH_NOTE), fullWarpArg: 4, subWarp: SUB_WARP_SHUFFLES.idx },
  { cuda: '__shfl_up_sync', category: 'warp', map: replace('simd_shuffle_up($2, ushort($L3))', WIDTH_NOTE), fullWarpArg: 4, subWarp: SUB_WARP_SHUFFLES.up },
  { cuda: '__shfl_down_sync', category: 'warp', map: replace('simd_shuffle_down($2, ushort($L3))', WIDTH_NOTE), fullWarpArg: 4, subWarp: SUB_WARP_SHUFFLES.down },
  { cuda: '__shfl_xor_sync', category: 'warp', map: replace('simd_shuffle_xor($2, ushort($L3))', WIDTH_NOTE), fullWarpArg: 4, subWarp: SUB_WARP_SHUFFLES.xor },
  { cuda: '__shfl', category: 'warp', map: replace('simd_shuffle($1, ushort($L2))', 'pre-CUDA 9 form'), fullWarpArg: 3, subWarp: SUB_WARP_SHUFFLES.idx },
  { cuda: '__shfl_up', category: 'warp', map: replace('simd_shuffle_up($1, ushort($L2))', 'pre-CUDA 9 form'), fullWarpArg: 3, subWarp: SUB_WARP_SHUFFLES.up },
  { cuda: '__shfl_down', category: 'warp', map: replace('simd_shuffle_down($1, ushort($L2))', 'pre-CUDA 9 form'), fullWarpArg: 3, subWarp: SUB_WARP_SHUFFLES.down },
  { cuda: '__shfl_xor', category: 'warp', map: replace('simd_shuffle_xor($1, ushort($L2))', 'pre-CUDA 9 form'), fullWarpArg: 3, subWarp: SUB_WARP_SHUFFLES.xor },
  // The mask does select the bits: a lane outside it reads 0 (PTX vote.sync.ballot), which
  // `__popc(__ballot_sync(lanemask_lt, p))` prefix counts rely on (HeCBench bscan).
  { cuda: '__ballot_sync', category: 'warp', map: replace('(uint(simd_vote::vote_t(simd_ballot(bool($2)))) & uint($1))', 'the bits of lanes outside the mask are 0; the active lanes take part') },
  { cuda: '__any_sync', category: 'warp', map: replace('int(simd_any(bool($2)))', WARP_NOTE) },
  { cuda: '__all_sync', category: 'warp', map: replace('int(simd_all(bool($2)))', WARP_NOTE) },
  { cuda: '__activemask', category: 'warp', map: replace('uint(simd_vote::vote_t(simd_active_threads_mask()))') },
  { cuda: '__syncwarp', category: 'warp', map: replace('simdgroup_barrier(mem_flags::mem_threadgroup)', WARP_NOTE) },
  { cuda: '__reduce_add_sync', category: 'warp', map: replace('simd_sum($2)', WARP_NOTE) },
  { cuda: '__reduce_min_sync', category: 'warp', map: replace('simd_min($2)', WARP_NOTE) },
  { cuda: '__reduce_max_sync', category: 'warp', map: replace('simd_max($2)', WARP_NOTE) },
  { cuda: '__reduce_and_sync', category: 'warp', map: replace('simd_and($2)', WARP_NOTE) },
  { cuda: '__reduce_or_sync', category: 'warp', map: replace('simd_or($2)', WARP_NOTE) },
  { cuda: '__reduce_xor_sync', category: 'warp', map: replace('simd_xor($2)', WARP_NOTE) },
  { cuda: '__match_any_sync', category: 'warp', map: MATCH_ANY },
  { cuda: '__match_all_sync', category: 'warp', map: MATCH_ALL },
);

/** Calls that make a kernel's threads wait for each other (fibers on the CPU backends). */
export const WARP_FUNCTIONS: ReadonlySet<string> = new Set([...rows, ...MORE_FUNCTION_ROWS].filter((r) => r.category === 'warp' && r.map.kind !== 'unsupported').map((r) => r.cuda));

// Atomics (tables/atomics.ts): the prelude defines overloads with the CUDA names, so calls stay as written.
for (const a of ATOMICS) {
  const a16 = ATOMIC16_BY_NAME.get(a.cuda); // 16-bit overloads (tables/atomics16.ts), added only where the file uses the type
  const a64 = ATOMIC64_BY_NAME.get(a.cuda); // 64-bit overloads under a lock (tables/atomics64.ts), added only where a call needs them
  const wide = a64 ? `; ${a64.note}: under a per-address lock (MSL 3.2)` : '';
  const map: FunctionMapping = { kind: 'polyfill', msl: a.cuda, definition: atomicDefinition(a), note: `${a.types.join(', ')}: ${a.note}${a16 ? `; ${a16.note}` : ''}${wide}` };
  rows.push({ cuda: a.cuda, category: 'atomic', map });
  for (const scope of ATOMIC_SCOPES) rows.push({ cuda: `${a.cuda}${scope}`, category: 'atomic', map: { ...map, note: `same as ${a.cuda} (one GPU)` } });
}

// cuda_fp16.h / cuda_bf16.h (tables/fp16.ts); `__hadd` stays the integer row above (src/translate/fp16.ts picks).
const names = new Set(rows.map((r) => r.cuda));
rows.push(...FP16_ROWS.filter((r) => !names.has(r.cuda)));
// cuda_fp8.h (tables/fp8.ts): conversions written out in integer arithmetic, with the fp8 prelude.
rows.push(...FP8_ROWS);
// double intrinsics: defined by the software-double prelude under their CUDA names (tables/double.ts).
for (const [cuda, what] of SOFT_DOUBLE_INTRINSICS) rows.push({ cuda, category: 'other', map: same(`software double: ${what}`) });

// Float math polyfills, conversions with a rounding mode, directed-rounding arithmetic, SIMD video
// intrinsics (tables/floatMath.ts): in place of the rows above that refused them, the others appended.
const fmath = new Map(FLOAT_MATH_ROWS.map((r) => [r.cuda, r]));
rows.forEach((r, i) => {
  const m = fmath.get(r.cuda);
  if (m) rows[i] = m;
  fmath.delete(r.cuda);
});
rows.push(...fmath.values());
// Bessel functions (tables/bessel.ts), in place of the rows above that refused them.
const bessel = new Map(BESSEL_ROWS.map((r) => [r.cuda, r]));
rows.forEach((r, i) => {
  rows[i] = bessel.get(r.cuda) ?? r;
});

// More rows (tables/moreFunctions.ts): cache-hinted loads/stores and intrinsics refused with their reason.
const known = new Set(rows.map((r) => r.cuda));
rows.push(...MORE_FUNCTION_ROWS.filter((r) => !known.has(r.cuda)));
// cuComplex.h and the 1-component vectors' makers (tables/moreTypes.ts).
rows.push(...COMPLEX_FUNCTION_ROWS, ...VECTOR1_FUNCTION_ROWS);

export const DEVICE_FUNCTIONS: readonly FunctionRow[] = rows;
export const FUNCTION_BY_NAME: ReadonlyMap<string, FunctionRow> = new Map(rows.map((r) => [r.cuda, r]));
