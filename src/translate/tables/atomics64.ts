// CUDA's 64-bit atomics → Metal, emulated under a lock. Data only (the MSL text: src/translate/atomics64.ts).
//
// CUDA has (device_atomic_functions.h, sm_32/sm_60_atomic_functions.h), each returning the old value:
//   unsigned long long: atomicAdd, atomicExch, atomicCAS, atomicMin, atomicMax, atomicAnd, atomicOr, atomicXor
//   long long:          atomicMin, atomicMax, atomicAnd, atomicOr, atomicXor
//   double:             atomicAdd (sm_60)
// and their _block/_system forms (one GPU: the same operations). There is no 64-bit atomicSub,
// atomicInc or atomicDec, and no long long atomicAdd/atomicExch/atomicCAS: nvcc rejects those calls,
// so the translator refuses them too (C2M1002).
//
// Metal (MSL-FACTS.md) has no 64-bit read-modify-write that returns a value: atomic_ulong has only
// min/max with no result, and no compare-exchange. So EVERY 64-bit atomic of a program, whatever
// the operation, runs under one scheme (mixing schemes on one address would break atomicity): a
// spin lock taken from a table of 4096 `atomic_uint` words in a hidden device buffer the runtime
// binds (`cu2m_atomic64_locks`, native/runtime/symbols.cpp), hashed by the value's 8-byte address.
// Inside the lock the two 32-bit halves are read and written with 32-bit atomic loads and stores,
// between device-scope seq_cst fences (atomic_thread_fence, MSL 3.2: the MSL refuses to compile
// below). The lock is taken in the SIMT-safe form (a lane that does not get it retries in a loop
// around the critical section, no lane spins while holding one), so lanes of one SIMD group cannot
// deadlock. Plain (non-atomic) reads and writes of the same 8 bytes are not ordered by the lock, as
// in CUDA, where they are not atomic either (a CAS loop that starts from a plain read re-checks it).

export type Wide = 'ulong' | 'long' | 'double';

export interface Atomic64Row {
  /** The CUDA function (its _block/_system forms share the helpers). */
  readonly cuda: string;
  /** The 64-bit types CUDA has it for. */
  readonly types: readonly Wide[];
  /** The new value from `old_` and `v` (and `c`, atomicCAS's compare value). */
  readonly update: string;
  /** Extra parameters before `v` (atomicCAS has `c`). */
  readonly params: readonly string[];
  /** The support matrix's note. */
  readonly note: string;
}

const row = (cuda: string, types: readonly Wide[], update: string, note: string, params: readonly string[] = []): Atomic64Row => ({ cuda, types, update, params, note });

export const ATOMICS_64: readonly Atomic64Row[] = [
  row('atomicAdd', ['ulong', 'double'], 'old_ + v', 'unsigned long long: wrap-around sum; double: the software-double sum (exact, rounded to nearest even, as the GPU adds)'),
  row('atomicExch', ['ulong'], 'v', 'unsigned long long'),
  row('atomicCAS', ['ulong'], 'old_ == c ? v : old_', 'unsigned long long: writes v only where the value found equals c; returns the value found', ['c']),
  row('atomicMin', ['ulong', 'long'], 'v < old_ ? v : old_', 'unsigned long long, long long'),
  row('atomicMax', ['ulong', 'long'], 'old_ < v ? v : old_', 'unsigned long long, long long'),
  row('atomicAnd', ['ulong', 'long'], 'old_ & v', 'unsigned long long, long long'),
  row('atomicOr', ['ulong', 'long'], 'old_ | v', 'unsigned long long, long long'),
  row('atomicXor', ['ulong', 'long'], 'old_ ^ v', 'unsigned long long, long long'),
];

export const ATOMIC64_BY_NAME: ReadonlyMap<string, Atomic64Row> = new Map(ATOMICS_64.map((r) => [r.cuda, r]));

/** The hidden device buffer of lock words, bound by name like printf's buffer (runtime: symbols.cpp). */
export const ATOMIC64_LOCKS = 'cu2m_atomic64_locks';
/** How many lock words (a power of two; the runtime allocates as many, zeroed). */
export const ATOMIC64_LOCK_COUNT = 4096;
