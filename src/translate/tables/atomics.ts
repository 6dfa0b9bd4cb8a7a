// CUDA atomic functions → Metal atomics. Data only: each row says which value types Metal can do
// atomically and how; the MSL prelude gets overloads with the CUDA names (so call sites stay as
// written: `atomicAdd(&hist[b], 1u)`), one per address space (device, threadgroup) and type,
// generated from these rows (src/translate/atomics.ts) only when a kernel uses the function.
//
// Metal facts (MSL spec §6.15): atomic_int/atomic_uint support add, sub, and, or, xor, min, max,
// exchange and weak compare-exchange in device and threadgroup memory; atomic_float (MSL 3.0)
// supports add, sub and exchange in device memory only; memory_order_relaxed only; no 64-bit
// add/CAS and no double. What has no native form is a compare-exchange loop on the 32-bit word,
// which is atomic too. 64-bit and double atomics are emulated under a per-address lock
// (tables/atomics64.ts); 16-bit ones by a CAS loop on their word (tables/atomics16.ts).

export type AtomicValue = 'int' | 'uint' | 'float';
export type Space = 'device' | 'threadgroup';

/** How one (type, space) pair is implemented. */
type Impl =
  | { readonly kind: 'native'; readonly fn: string } // atomic_<fn>_explicit on atomic_<type>
  | { readonly kind: 'cas'; readonly update: string }; // CAS loop: new value from `old` and `v` (and `c` for atomicCAS)

export interface AtomicRow {
  readonly cuda: string;
  /** Value types CUDA and Metal share for this function. */
  readonly types: readonly AtomicValue[];
  readonly note: string;
  /** Extra leading parameter names after the pointer (atomicCAS has `c`, the compare value). */
  readonly params: readonly string[];
  impl(type: AtomicValue, space: Space): Impl;
}

const native = (fn: string): Impl => ({ kind: 'native', fn });
const cas = (update: string): Impl => ({ kind: 'cas', update });
/** Native on int/uint; float: native in device memory, CAS loop in threadgroup memory (MSL 3.0). */
const intOrFloat = (fn: string, floatUpdate: string) => (t: AtomicValue, s: Space): Impl => (t === 'float' && s === 'threadgroup' ? cas(floatUpdate) : native(fn));

const row = (cuda: string, types: readonly AtomicValue[], note: string, impl: AtomicRow['impl'], params: readonly string[] = []): AtomicRow => ({ cuda, types, note, impl, params });

export const ATOMICS: readonly AtomicRow[] = [
  row('atomicAdd', ['int', 'uint', 'float'], 'int/unsigned: atomic_fetch_add; float: atomic_float in device memory, a CAS loop in threadgroup memory', intOrFloat('fetch_add', 'old + v')),
  row('atomicSub', ['int', 'uint'], 'atomic_fetch_sub', () => native('fetch_sub')),
  row('atomicExch', ['int', 'uint', 'float'], 'atomic_exchange; float in threadgroup memory: a CAS loop', intOrFloat('exchange', 'v')),
  row('atomicMin', ['int', 'uint'], 'atomic_fetch_min', () => native('fetch_min')),
  row('atomicMax', ['int', 'uint'], 'atomic_fetch_max', () => native('fetch_max')),
  row('atomicAnd', ['int', 'uint'], 'atomic_fetch_and', () => native('fetch_and')),
  row('atomicOr', ['int', 'uint'], 'atomic_fetch_or', () => native('fetch_or')),
  row('atomicXor', ['int', 'uint'], 'atomic_fetch_xor', () => native('fetch_xor')),
  row('atomicInc', ['uint'], 'CAS loop: old >= v ? 0 : old + 1', () => cas('old >= v ? 0u : old + 1u')),
  row('atomicDec', ['uint'], 'CAS loop: (old == 0 || old > v) ? v : old - 1', () => cas('(old == 0u || old > v) ? v : old - 1u')),
  row('atomicCAS', ['int', 'uint'], 'weak compare-exchange in a loop; returns the value it found (the old value), as CUDA does', () => cas('v'), ['c']),
];

/** CUDA's scoped variants: on one GPU they are the same operations. */
export const ATOMIC_SCOPES = ['_block', '_system'] as const;

export const ATOMIC_BY_NAME: ReadonlyMap<string, AtomicRow> = new Map(ATOMICS.map((r) => [r.cuda, r]));
