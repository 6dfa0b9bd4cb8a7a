// CUDA cooperative groups → MSL. Data only: which names of namespace cooperative_groups device
// code may use, and the MSL that defines them. Supported names keep their spelling (`cg::sync(cta)`,
// `cta.thread_rank()`): the MSL gets a small `namespace cooperative_groups` (the prelude below)
// and the program's own `namespace cg = cooperative_groups;`. The one rewrite is
// `this_thread_block()`, which receives the built-ins it reads: `this_thread_block(threadIdx, blockIdx, blockDim)`.

export const CG_NAMESPACE = 'cooperative_groups';

export type CgSupport = 'supported' | 'unsupported';

export interface CgRow {
  readonly name: string;
  readonly kind: 'type' | 'function';
  readonly support: CgSupport;
  readonly note: string;
}

const s = (name: string, kind: CgRow['kind'], note: string): CgRow => ({ name, kind, support: 'supported', note });
const u = (name: string, kind: CgRow['kind'], note: string): CgRow => ({ name, kind, support: 'unsupported', note });

const WARPS = 'needs warp (SIMD-group) operations, a later issue';

export const COOPERATIVE_GROUPS: readonly CgRow[] = [
  s('thread_block', 'type', 'the threadgroup: sync(), thread_rank(), size(), num_threads(), group_index(), thread_index(), group_dim(), dim_threads()'),
  s('this_thread_block', 'function', 'receives threadIdx, blockIdx and blockDim'),
  s('sync', 'function', 'on a thread_block: threadgroup_barrier(mem_device | mem_threadgroup), as __syncthreads orders both'),
  u('thread_group', 'type', 'the generic group type; use thread_block'),
  u('thread_block_tile', 'type', WARPS),
  u('tiled_partition', 'function', WARPS),
  u('coalesced_group', 'type', WARPS),
  u('coalesced_threads', 'function', WARPS),
  u('labeled_partition', 'function', WARPS),
  u('binary_partition', 'function', WARPS),
  u('reduce', 'function', WARPS),
  u('inclusive_scan', 'function', WARPS),
  u('exclusive_scan', 'function', WARPS),
  u('memcpy_async', 'function', 'asynchronous copies are a later issue'),
  u('wait', 'function', 'asynchronous copies are a later issue'),
  u('block_tile_memory', 'type', WARPS),
  u('grid_group', 'type', 'Metal has no grid-wide barrier'),
  u('this_grid', 'function', 'Metal has no grid-wide barrier'),
  u('multi_grid_group', 'type', 'Metal has no grid-wide barrier'),
  u('this_multi_grid', 'function', 'Metal has no grid-wide barrier'),
];

export const CG_BY_NAME: ReadonlyMap<string, CgRow> = new Map(COOPERATIVE_GROUPS.map((r) => [r.name, r]));

/** Added to the MSL (once) when device code uses a supported cooperative-groups name. */
export const CG_PRELUDE = `// cooperative_groups (CUDA), the thread block: a view of the threadgroup's built-ins
namespace cooperative_groups {
struct thread_block {
  uint3 tid, bid, dim;
  void sync() const { threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup); }
  uint thread_rank() const { return (tid.z * dim.y + tid.y) * dim.x + tid.x; }
  uint size() const { return dim.x * dim.y * dim.z; }
  uint num_threads() const { return size(); }
  uint3 group_index() const { return bid; }
  uint3 thread_index() const { return tid; }
  uint3 group_dim() const { return dim; }
  uint3 dim_threads() const { return dim; }
};
inline thread_block this_thread_block(uint3 threadIdx, uint3 blockIdx, uint3 blockDim) { return thread_block{threadIdx, blockIdx, blockDim}; }
inline void sync(thread const thread_block& g) { g.sync(); }
} // namespace cooperative_groups`;

/** The built-ins `this_thread_block(...)` receives, in order. */
export const CG_BLOCK_BUILTINS = ['threadIdx', 'blockIdx', 'blockDim'] as const;
