// __syncthreads_count / __syncthreads_and / __syncthreads_or: a block barrier that also reduces a
// predicate over the block. Metal has no such barrier, so the vote goes through one threadgroup
// counter, declared at kernel scope like a hoisted `__shared__` variable (hoist.ts): a kernel that
// votes, directly or through helpers, declares `threadgroup atomic_int cu2m_block_vote;` and helpers
// that vote take it as a `threadgroup atomic_int&` parameter. The call becomes a helper of the MSL
// prelude that takes the counter:
//
//   int n = __syncthreads_count(v > 0);   →   int n = cu2m_syncthreads_count(cu2m_block_vote, v > 0);
//
// The helper: barrier; every thread stores 0; barrier; every thread adds its vote; barrier; read.
// The first barrier is CUDA's barrier (device and threadgroup memory ordered) and also keeps a later
// call's reset behind every thread's read of the previous count, so calls in a loop are safe without
// a fourth barrier. `and` counts the threads whose predicate is zero (no block size needed).
import type { HoistedShared } from './hoist';

/** The kernel-scope counter's name (one per kernel, shared by every vote of the block). */
export const BLOCK_VOTE_VARIABLE = 'cu2m_block_vote';

export const BLOCK_VOTE_FUNCTIONS: ReadonlySet<string> = new Set(['__syncthreads_count', '__syncthreads_and', '__syncthreads_or']);

/** The hoisted entry for the counter: one key for every function, so a kernel declares it once. */
export function blockVoteEntry(own: boolean): HoistedShared {
  return {
    key: `cu2m:${BLOCK_VOTE_VARIABLE}:atomic_int`,
    owner: 'cu2m',
    variable: BLOCK_VOTE_VARIABLE,
    type: 'atomic_int',
    dims: '',
    cudaType: 'int',
    name: BLOCK_VOTE_VARIABLE,
    own,
    fixedName: true,
  };
}

/** Does this function body call one of the votes (by name, as a call)? */
export function callsBlockVote(calleeNames: Iterable<string>): boolean {
  for (const n of calleeNames) if (BLOCK_VOTE_FUNCTIONS.has(n)) return true;
  return false;
}

export const BLOCK_VOTE_PRELUDE_KEY = 'cu2m_block_vote';

export const BLOCK_VOTE_PRELUDE = `// __syncthreads_count/and/or: a barrier that counts a predicate over the threadgroup in a
// threadgroup counter the kernel declares (${BLOCK_VOTE_VARIABLE}). The first barrier also keeps a
// new call's reset behind every thread's read of the previous count.
inline int cu2m_block_vote_sum(threadgroup atomic_int& count, int vote) {
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  atomic_store_explicit(&count, 0, memory_order_relaxed);
  threadgroup_barrier(mem_flags::mem_threadgroup);
  atomic_fetch_add_explicit(&count, vote, memory_order_relaxed);
  threadgroup_barrier(mem_flags::mem_threadgroup);
  return atomic_load_explicit(&count, memory_order_relaxed);
}
inline int cu2m_syncthreads_count(threadgroup atomic_int& count, int predicate) { return cu2m_block_vote_sum(count, predicate != 0 ? 1 : 0); }
inline int cu2m_syncthreads_and(threadgroup atomic_int& count, int predicate) { return cu2m_block_vote_sum(count, predicate == 0 ? 1 : 0) == 0 ? 1 : 0; }
inline int cu2m_syncthreads_or(threadgroup atomic_int& count, int predicate) { return cu2m_block_vote_sum(count, predicate != 0 ? 1 : 0) != 0 ? 1 : 0; }`;
