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
/** What the cuda-cpu reference (native/cpu/cuda/cu2m_cuda_device.h) does for the address-space tests. */
const SPACE_TEST_REFERENCE = 'cuda-cpu, which runs the CUDA itself, answers at run time: shared = inside a static or dynamic __shared__ region of the block, local = on the thread\'s stack, constant = never (its __constant__ variables are ordinary globals), global = any other pointer';

const ROUNDING = { rz: 'toward zero', rd: 'down (toward -infinity)', ru: 'up (toward +infinity)' } as const;
const VIDEO = 'SIMD video intrinsics (4×8-bit / 2×16-bit lanes of a 32-bit word) have no Metal equivalent yet';

/** __pipeline_memcpy_async: the copy done at once; the call casts the pointers to `uchar*` in their spaces (function.ts). */
const PIPELINE_COPY = '// __pipeline_memcpy_async(dst, src, size, zfill): done at once; size - zfill bytes copied, the last zfill zeroed\ntemplate <typename D, typename S> inline void cu2m_pipeline_memcpy(D dst, S src, size_t size, size_t zfill = 0) {\n  size_t n = zfill < size ? size - zfill : 0;\n  for (size_t i = 0; i < n; ++i) dst[i] = src[i];\n  for (size_t i = n; i < size; ++i) dst[i] = uchar(0);\n}';
/** __uni_sync(mask, p): the predicate is uniform over the active lanes. */
const UNI_SYNC = '// __uni_sync(mask, p): 1 when p is the same in every active lane of mask\ninline int cu2m_uni_sync(uint mask, bool p) {\n  uint lanes = uint(simd_vote::vote_t(simd_active_threads_mask())) & mask;\n  uint set = uint(simd_vote::vote_t(simd_ballot(p))) & lanes;\n  return int(set == 0u || set == lanes);\n}';
/** __fns(mask, base, offset): PTX fns. */
const FNS = '// __fns(mask, base, offset): the position of the |offset|-th set bit of mask from bit base (included),\n// upward for offset > 0, downward for offset < 0; offset 0: base if its bit is set; else 0xffffffff\ninline uint cu2m_fns(uint mask, uint base, int offset) {\n  if (base > 31u) return 0xffffffffu;\n  if (offset == 0) return ((mask >> base) & 1u) != 0u ? base : 0xffffffffu;\n  uint count = offset > 0 ? uint(offset - 1) : uint(-(offset + 1));\n  int step = offset > 0 ? 1 : -1;\n  for (int pos = int(base); pos >= 0 && pos < 32; pos += step) {\n    if (((mask >> uint(pos)) & 1u) != 0u) {\n      if (count == 0u) return uint(pos);\n      count--;\n    }\n  }\n  return 0xffffffffu;\n}';

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
  { cuda: '__threadfence_system', category: 'synchronization', map: { kind: 'replace', msl: 'atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device)', note: 'the device-scope fence of __threadfence: the strongest Metal has (it does not order with the host or other GPUs, which no Metal program can observe during a launch; the host sees device memory once the command buffer completes); MSL 3.2 (macOS 15), as __threadfence' } },
  { cuda: '__nanosleep', category: 'synchronization', map: { kind: 'replace', msl: '((void)($1) /* __nanosleep: no sleep in Metal */)', note: 'a no-op (the argument is evaluated): CUDA only promises a sleep of about 0 to 2*ns nanoseconds, and Metal threads cannot sleep; a spin loop around it keeps spinning' } },
  { cuda: '__trap', category: 'other', map: { kind: 'same', note: "as a failed assert: the message `file:line: function: block: [x,y,z], thread: [x,y,z] __trap() called.` on stderr after the launch, which fails (later calls return cudaErrorAssert, sticky; CUDA returns cudaErrorLaunchFailure); the thread continues (Metal cannot stop it); not removed by NDEBUG" } },
  { cuda: '__brkpt', category: 'other', map: { kind: 'same', note: 'as __trap (no debugger breakpoints in Metal kernels): the message names __brkpt() and the launch fails' } },
  // The device runtime of dynamic parallelism (launches from device code: src/translate/deviceLaunch.ts).
  { cuda: 'cudaStreamCreateWithFlags', category: 'other', map: { kind: 'polyfill', msl: 'cu2m_stream_create', definition: '// cudaStreamCreateWithFlags in device code: a stream value for launch records (children run after the parent grid)\ntemplate <typename S> inline int cu2m_stream_create(S s, uint flags) { (void)flags; *s = 0ul; return 0; }', note: 'device code (dynamic parallelism): the stream is a value the launch records carry; children of any device-created stream run after the parent grid, in launch order (each child\'s own children before its next sibling), which CUDA allows for non-blocking streams' } },
  { cuda: 'cudaStreamDestroy', category: 'other', map: { kind: 'polyfill', msl: 'cu2m_stream_destroy', definition: '// cudaStreamDestroy in device code: nothing to free (launches already recorded still run)\ninline int cu2m_stream_destroy(ulong s) { (void)s; return 0; }', note: 'device code: returns cudaSuccess; launches already made into the stream still run' } },
  { cuda: 'cudaGetLastError', category: 'other', map: { kind: 'replace', msl: '0 /* cudaGetLastError: device launches are recorded, their errors reach the host */', note: 'device code: cudaSuccess. A launch from device code is a record; a child that cannot launch (configuration, pending-launch count, nesting depth) fails the host launch of its root instead, with a message (docs/DESIGN.md, launches from device code)' } },
  { cuda: 'cudaPeekAtLastError', category: 'other', map: { kind: 'replace', msl: '0 /* cudaPeekAtLastError: device launches are recorded, their errors reach the host */', note: 'device code: as cudaGetLastError' } },
  { cuda: 'cudaDeviceSynchronize', category: 'other', map: unsupported('device-side cudaDeviceSynchronize was removed in CUDA 12 (CDP2): a parent grid cannot wait for its children; move the work after the wait into a child launched into cudaStreamTailLaunch, or into the host') },
  { cuda: 'cudaMalloc', category: 'other', map: unsupported('Metal has no device-side allocation: allocate on the host and pass the memory to the kernel') },
  { cuda: 'cudaFree', category: 'other', map: unsupported('Metal has no device-side allocation: free on the host') },
  { cuda: '__prof_trigger', category: 'other', map: unsupported('no profiler counters in Metal kernels') },
  { cuda: '__assertfail', category: 'other', map: unsupported('an internal of assert; call assert(cond)') },
  { cuda: '__isGlobal', category: 'other', map: { kind: 'same', note: `constant-folded: 1 where the translator knows the pointer points into device memory (kernel buffers), else 0; refused (C2M1005) where it cannot tell; ${SPACE_TEST_REFERENCE}` } },
  { cuda: '__isShared', category: 'other', map: { kind: 'same', note: `constant-folded: 1 for a pointer into threadgroup memory (__shared__), else 0; refused (C2M1005) where unknown; ${SPACE_TEST_REFERENCE}` } },
  { cuda: '__isConstant', category: 'other', map: { kind: 'same', note: `constant-folded: 1 for a pointer into constant memory (__constant__), else 0; refused (C2M1005) where unknown; ${SPACE_TEST_REFERENCE}` } },
  { cuda: '__isLocal', category: 'other', map: { kind: 'same', note: `constant-folded: 1 for a pointer into thread memory (locals), else 0; refused (C2M1005) where unknown; ${SPACE_TEST_REFERENCE}` } },
  { cuda: '__cvta_generic_to_shared', category: 'other', map: unsupported('Metal has no generic or numeric shared-memory addresses; the value only serves as an operand of inline PTX (cp.async, ldmatrix), which is refused too: index the __shared__ array instead') },
  { cuda: '__cvta_generic_to_global', category: 'other', map: unsupported('Metal has no generic addresses and no pointer-to-integer conversion of buffer pointers; the value only serves as an operand of inline PTX, which is refused too: pass the pointer itself') },
  { cuda: '__pipeline_memcpy_async', category: 'synchronization', map: { kind: 'polyfill', msl: 'cu2m_pipeline_memcpy', definition: PIPELINE_COPY, note: '__pipeline_memcpy_async(dst, src, size, zfill = 0): performed at once by the calling thread, a byte loop (size - zfill bytes copied, the last zfill bytes zeroed), the pointers cast to `uchar*` in their address spaces (C2M1005 where unknown); waiting for it is then a no-op, and the __syncthreads() CUDA needs before other threads read the data orders it as on the GPU' } },
  { cuda: '__pipeline_commit', category: 'synchronization', map: { kind: 'replace', msl: '((void)0 /* __pipeline_commit: the copies are done */)', note: 'a no-op: the copies of __pipeline_memcpy_async are already done' } },
  { cuda: '__pipeline_wait_prior', category: 'synchronization', map: { kind: 'replace', msl: '((void)($1) /* __pipeline_wait_prior: the copies are done */)', note: 'a no-op: the copies of __pipeline_memcpy_async are already done (the calling thread wrote them; other threads see them after the __syncthreads() the program needs anyway)' } },
  { cuda: '__ballot', category: 'warp', map: { kind: 'replace', msl: 'uint(simd_vote::vote_t(simd_ballot(bool($1))))', note: 'the pre-CUDA 9 vote (removed for sm_70 and later): __ballot_sync over the active lanes (bit l set when lane l is active and its predicate is non-zero)' } },
  { cuda: '__any', category: 'warp', map: { kind: 'replace', msl: 'int(simd_any(bool($1)))', note: 'the pre-CUDA 9 vote: __any_sync over the active lanes' } },
  { cuda: '__all', category: 'warp', map: { kind: 'replace', msl: 'int(simd_all(bool($1)))', note: 'the pre-CUDA 9 vote: __all_sync over the active lanes' } },
  { cuda: '__uni_sync', category: 'warp', map: { kind: 'polyfill', msl: 'cu2m_uni_sync', definition: UNI_SYNC, note: '1 when the predicate is the same (all zero or all non-zero) in every active lane of the mask, else 0' } },
  { cuda: '__fns', category: 'integer', map: { kind: 'polyfill', msl: 'cu2m_fns', definition: FNS, note: '__fns(mask, base, offset): the bit position of the |offset|-th set bit of mask counting from bit base (included) upward for offset > 0, downward for offset < 0; offset 0: base when that bit is set; 0xffffffff when there is none or base > 31 (PTX fns)' } },
  { cuda: '__dp4a', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__dp2a_lo', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__dp2a_hi', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vadd2', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vadd4', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vsub2', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vsub4', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vabsdiff2', category: 'integer', map: unsupported('not a CUDA function: the signed and unsigned forms are __vabsdiffs2 and __vabsdiffu2 (translated)') },
  { cuda: '__vabsdiff4', category: 'integer', map: unsupported('not a CUDA function: the signed and unsigned forms are __vabsdiffs4 and __vabsdiffu4 (translated)') },
  { cuda: '__vcmpeq4', category: 'integer', map: unsupported(VIDEO) },
  { cuda: '__vsetgtu4', category: 'integer', map: unsupported(VIDEO) },
  // Directed rounding of floats (the _rn forms are in functions.ts; the double ones in double.ts: software double computes them).
  ...['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt', 'frcp', 'frsqrt', 'fmaf', 'int2float', 'uint2float'].flatMap((op) =>
    (['rz', 'rd', 'ru'] as const).map((mode): Row => ({ cuda: `__${op}_${mode}`, category: 'math', map: unsupported(`rounds ${ROUNDING[mode]}; Metal arithmetic and conversions round to nearest only (the _rn form is translated)`) })),
  ),  // nan/nanf (src/translate/complexDouble.ts replaces the call): C leaves the string's payload implementation-defined; an H100 puts the tag's number there, as glibc.
  { cuda: 'nanf', category: 'math', map: { kind: 'replace', msl: 'as_type<float>(0x7fc00000u)', note: 'nanf(tag): the quiet NaN 0x7fc00000, a string literal tag\'s number (strtoull base 0, as glibc) in its low 22 bits (nanf("0x12") is 0x7fc00012, as on an H100)' } },
  { cuda: 'nan', category: 'math', map: { kind: 'replace', msl: 'f64::from_bits(0x7FF8000000000000ul)', note: 'nan(tag): the quiet NaN 0x7ff8000000000000 in software double (default), a string literal tag\'s number (strtoull base 0, as glibc) in its low 52 bits (nan("7") is 0x7ff8000000000007, as on an H100); float\'s quiet NaN with --double=float; refused (C2M1003) with --double=error' } },
];
