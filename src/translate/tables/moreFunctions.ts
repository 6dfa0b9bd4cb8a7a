// More CUDA device functions: cache-hinted loads and stores (plain memory accesses in Metal) and
// the device intrinsics with no Metal equivalent, so that a call names the construct and its
// reason instead of "not a __device__ function of this file". Appended to DEVICE_FUNCTIONS
// (tables/functions.ts) after the rows there, which win where both have a name.
import type { FunctionCategory, FunctionMapping } from './functions';

interface Row {
  readonly cuda: string;
  readonly category: FunctionCategory;
  readonly map: FunctionMapping;
}

const load = (hint: string): FunctionMapping => ({ kind: 'replace', msl: '(*($1))', note: `a load with the cache hint "${hint}" in CUDA; a plain load in Metal` });
const store = (hint: string): FunctionMapping => ({ kind: 'replace', msl: '(*($1) = ($2))', note: `a store with the cache hint "${hint}" in CUDA; a plain store in Metal` });
const unsupported = (reason: string): FunctionMapping => ({ kind: 'unsupported', reason });

const ROUNDING = { rz: 'toward zero', rd: 'down (toward -infinity)', ru: 'up (toward +infinity)' } as const;
const VIDEO = 'SIMD video intrinsics (4×8-bit / 2×16-bit lanes of a 32-bit word) have no Metal equivalent yet';
const PIPELINE = 'the asynchronous copy pipeline (cuda_pipeline.h) has no Metal equivalent yet: copy with plain loads and stores, then __syncthreads()';

/** A compiler hint of clang/GCC: a helper that drops it (Metal's compiler may not know the builtin). */
const hint = (msl: string, signature: string, body: string, what: string): FunctionMapping => ({
  kind: 'polyfill',
  msl,
  definition: `// ${what}\ninline ${signature.replace('NAME', msl)} {${body ? ` ${body} ` : ''}}`,
  note: `${what}; the hint is dropped`,
});

export const MORE_FUNCTION_ROWS: readonly Row[] = [
  { cuda: '__builtin_expect', category: 'other', map: hint('cu2m_expect', 'long NAME(long v, long)', 'return v;', '__builtin_expect(v, c): v') },
  { cuda: '__builtin_assume', category: 'other', map: hint('cu2m_assume', 'void NAME(bool)', '', '__builtin_assume(c): nothing') },
  { cuda: '__builtin_unreachable', category: 'other', map: hint('cu2m_unreachable', 'void NAME()', '', '__builtin_unreachable(): nothing') },
  { cuda: '__ldca', category: 'other', map: load('cache at all levels') },
  { cuda: '__ldcg', category: 'other', map: load('cache globally (L2)') },
  { cuda: '__ldcs', category: 'other', map: load('streaming') },
  { cuda: '__ldlu', category: 'other', map: load('last use') },
  { cuda: '__ldcv', category: 'other', map: load('volatile, fetch again') },
  { cuda: '__stwb', category: 'other', map: store('write back') },
  { cuda: '__stcg', category: 'other', map: store('cache globally (L2)') },
  { cuda: '__stcs', category: 'other', map: store('streaming') },
  { cuda: '__stwt', category: 'other', map: store('write through') },
  { cuda: '__threadfence_system', category: 'synchronization', map: unsupported('Metal has no fence that orders memory with the host and other devices') },
  { cuda: '__nanosleep', category: 'synchronization', map: unsupported('Metal threads cannot sleep') },
  { cuda: '__trap', category: 'other', map: unsupported('Metal cannot abort a kernel from a thread; report the error through a buffer (or use assert)') },
  { cuda: '__brkpt', category: 'other', map: unsupported('no debugger breakpoints in Metal kernels') },
  { cuda: '__prof_trigger', category: 'other', map: unsupported('no profiler counters in Metal kernels') },
  { cuda: '__assertfail', category: 'other', map: unsupported('an internal of assert; call assert(cond)') },
  { cuda: '__isGlobal', category: 'other', map: unsupported('Metal pointers carry their address space in the type; there is no generic pointer to test') },
  { cuda: '__isShared', category: 'other', map: unsupported('Metal pointers carry their address space in the type; there is no generic pointer to test') },
  { cuda: '__isConstant', category: 'other', map: unsupported('Metal pointers carry their address space in the type; there is no generic pointer to test') },
  { cuda: '__isLocal', category: 'other', map: unsupported('Metal pointers carry their address space in the type; there is no generic pointer to test') },
  { cuda: '__cvta_generic_to_shared', category: 'other', map: unsupported('Metal has no generic addresses to convert') },
  { cuda: '__cvta_generic_to_global', category: 'other', map: unsupported('Metal has no generic addresses to convert') },
  { cuda: '__pipeline_memcpy_async', category: 'synchronization', map: unsupported(PIPELINE) },
  { cuda: '__pipeline_commit', category: 'synchronization', map: unsupported(PIPELINE) },
  { cuda: '__pipeline_wait_prior', category: 'synchronization', map: unsupported(PIPELINE) },
  { cuda: '__ballot', category: 'warp', map: unsupported('the pre-CUDA 9 warp vote without a mask (removed for sm_70 and later); use __ballot_sync') },
  { cuda: '__any', category: 'warp', map: unsupported('the pre-CUDA 9 warp vote without a mask (removed for sm_70 and later); use __any_sync') },
  { cuda: '__all', category: 'warp', map: unsupported('the pre-CUDA 9 warp vote without a mask (removed for sm_70 and later); use __all_sync') },
  { cuda: '__uni_sync', category: 'warp', map: unsupported('not translated yet: compare __all_sync results instead') },
  { cuda: '__fns', category: 'integer', map: unsupported('not translated yet (find the n-th set bit)') },
  { cuda: '__dp4a', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__dp2a_lo', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__dp2a_hi', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vadd2', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vadd4', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vsub2', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vsub4', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vabsdiff2', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vabsdiff4', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vcmpeq4', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vsetgtu4', category: 'integer', map: unsupported(VIDEO) },
  // Directed rounding of floats (the _rn forms are in functions.ts; the double ones in double.ts: software double computes them).
  ...['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt', 'frcp', 'frsqrt', 'fmaf', 'int2float', 'uint2float'].flatMap((op) =>
    (['rz', 'rd', 'ru'] as const).map((mode): Row => ({ cuda: `__${op}_${mode}`, category: 'math', map: unsupported(`rounds ${ROUNDING[mode]}; Metal arithmetic and conversions round to nearest only (the _rn form is translated)`) })),
  ),  // nan/nanf (src/translate/complexDouble.ts replaces the call): C leaves the string's payload implementation-defined; CUDA returns a quiet NaN.
  { cuda: 'nanf', category: 'math', map: { kind: 'replace', msl: 'as_type<float>(0x7fc00000u)', note: 'nanf(tag): the quiet NaN 0x7fc00000 whatever the tag (its payload is implementation-defined; CUDA returns a quiet NaN)' } },
  { cuda: 'nan', category: 'math', map: { kind: 'replace', msl: 'f64::from_bits(0x7FF8000000000000ul)', note: 'nan(tag): the quiet NaN 0x7ff8000000000000 in software double (default), whatever the tag (its payload is implementation-defined; CUDA returns a quiet NaN); float\'s quiet NaN with --double=float; refused (C2M1003) with --double=error' } },
];
