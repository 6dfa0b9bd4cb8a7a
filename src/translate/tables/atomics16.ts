// CUDA's 16-bit atomics → Metal. Data only (plus the text generator for the MSL helpers).
//
// CUDA 12/13 has, for 16-bit values (cuda_fp16.h, cuda_bf16.h, sm_70_rt.h):
//   __half atomicAdd(__half*, __half)                     __half2 atomicAdd(__half2*, __half2)
//   __nv_bfloat16 atomicAdd(__nv_bfloat16*, ...)          __nv_bfloat162 atomicAdd(__nv_bfloat162*, ...)
//   unsigned short atomicCAS(unsigned short*, unsigned short compare, unsigned short val)
// each returning the old value (no atomicMax/atomicMin/atomicExch on 16-bit types exists).
//
// Metal has no 16-bit atomics. Each helper is a weak compare-exchange loop on the aligned 32-bit
// word that holds the value (`device atomic_uint*` / `threadgroup atomic_uint*`): it changes only
// the value's half-word and returns its old bits; the other half-word is written back exactly as
// found (a CAS that lost a race to a change of either half retries). The pair types fill their
// word, which CUDA aligns to 4 bytes. The add is the 16-bit type's own `+`: the exact sum rounded
// to nearest even, what CUDA's atomic does. Apple GPUs are little-endian: the value at the lower
// address is the low half-word. The word's address comes from the pointer's bits as PyTorch's MPS
// kernels compute it (`reinterpret_cast<ulong>`; for a threadgroup pointer: uncertain, the msl-cpu
// model accepts it).

export type Sixteen = 'half' | 'bfloat' | 'ushort';

export interface Atomic16Row {
  /** The CUDA function (its _block/_system forms share the helpers). */
  readonly cuda: string;
  /** The 16-bit MSL types it has an overload for. */
  readonly types: readonly Sixteen[];
  /** The pair type (half2, bfloat2) gets an overload too. */
  readonly pairs: boolean;
  /** The new value from `old_` and `v` (and `c`, atomicCAS's compare value). */
  readonly update: string;
  readonly params: readonly string[];
  /** The support matrix's note (every type). */
  readonly note: string;
  /** What the helper computes, for the comment above it. */
  readonly how: string;
}

export const ATOMICS_16: readonly Atomic16Row[] = [
  {
    cuda: 'atomicAdd',
    types: ['half', 'bfloat'],
    pairs: true,
    update: 'old_ + v',
    params: [],
    note: '__half, __half2, __nv_bfloat16, __nv_bfloat162: a compare-exchange loop on the containing 32-bit word, the sum rounded to nearest even (pairs: both halves in one exchange)',
    how: 'the sum is rounded to nearest even, as CUDA rounds it',
  },
  {
    cuda: 'atomicCAS',
    types: ['ushort'],
    pairs: false,
    update: 'v',
    params: ['c'],
    note: 'unsigned short: a compare-exchange loop on the containing 32-bit word that changes only its half-word',
    how: 'returns at once with the value found when it differs from c',
  },
];

export const ATOMIC16_BY_NAME: ReadonlyMap<string, Atomic16Row> = new Map(ATOMICS_16.map((r) => [r.cuda, r]));

/** A file uses CUDA's half type (cuda_fp16.h names, or the `half` typedef). */
export const HALF_TYPES = /\b(__half2?|half2?)\b/;
/** A file uses a 16-bit unsigned integer type. */
export const USHORT_TYPES = /\b(unsigned\s+short|ushort|uint16_t)\b/;

const SPACES = ['device', 'threadgroup'] as const;

/** The scalar helper: the value's half-word inside its aligned 32-bit word. */
function scalar(r: Atomic16Row, T: string, s: string): string {
  const params = [`${s} ${T}* p`, ...r.params.map((x) => `${T} ${x}`), `${T} v`].join(', ');
  const bits = (x: string): string => (T === 'ushort' ? x : `as_type<ushort>(${x})`);
  const fromBits = (x: string): string => (T === 'ushort' ? `ushort(${x})` : `as_type<${T}>(ushort(${x}))`);
  return [
    `inline ${T} ${r.cuda}(${params}) {`,
    `  uint sh = uint(reinterpret_cast<ulong>(p) & 2ul) * 8u; // 0: the low half-word of its word, 16: the high one`,
    `  ${s} atomic_uint* a = (${s} atomic_uint*)((${s} uchar*)p - sh / 8u);`,
    `  uint seen = atomic_load_explicit(a, memory_order_relaxed);`,
    `  for (;;) {`,
    `    ${T} old_ = ${fromBits('seen >> sh')};`,
    ...(r.params.includes('c') ? [`    if (${bits('old_')} != ${bits('c')}) return old_;`] : []),
    `    uint next = (seen & ~(0xffffu << sh)) | (uint(${bits(`${T}(${r.update})`)}) << sh);`,
    `    if (atomic_compare_exchange_weak_explicit(a, &seen, next, memory_order_relaxed, memory_order_relaxed)) return old_;`,
    `  }`,
    `}`,
  ].join('\n');
}

/** The pair helper: the pair is the whole word. */
function pair(r: Atomic16Row, T2: string, s: string): string {
  return [
    `inline ${T2} ${r.cuda}(${s} ${T2}* p, ${T2} v) {`,
    `  ${s} atomic_uint* a = (${s} atomic_uint*)p;`,
    `  uint seen = atomic_load_explicit(a, memory_order_relaxed);`,
    `  for (;;) {`,
    `    ${T2} old_ = as_type<${T2}>(seen);`,
    `    if (atomic_compare_exchange_weak_explicit(a, &seen, as_type<uint>(${T2}(${r.update})), memory_order_relaxed, memory_order_relaxed)) return old_;`,
    `  }`,
    `}`,
  ].join('\n');
}

/** The MSL helpers of `r` for one 16-bit type (and its pair), both address spaces. */
export function atomic16Definition(r: Atomic16Row, T: Sixteen): string {
  const what = r.pairs ? `${T} and ${T}2` : T;
  const lines = [
    `// ${r.cuda} (CUDA) on ${what}: Metal has no 16-bit atomics, so a compare-exchange loop on the aligned 32-bit word that holds the value changes only its half-word${r.pairs ? ' (a pair fills its word)' : ''}; ${r.how}. Returns the old value.`,
  ];
  for (const s of SPACES) lines.push(scalar(r, T, s));
  if (r.pairs) for (const s of SPACES) lines.push(pair(r, `${T}2`, s));
  return lines.join('\n');
}
