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


export const COOPERATIVE_GROUPS: readonly CgRow[] = [
  s('thread_block', 'type', 'the threadgroup: sync(), thread_rank(), size(), num_threads(), group_index(), thread_index(), group_dim(), dim_threads()'),
  s('this_thread_block', 'function', 'receives threadIdx, blockIdx and blockDim'),
  s('sync', 'function', 'on a thread_block: threadgroup_barrier(mem_device | mem_threadgroup), as __syncthreads orders both'),
  s('thread_block_tile', 'type', 'N a power of two up to 32 (a SIMD group or part of one): shfl, shfl_up, shfl_down, shfl_xor, any, all, ballot, sync, thread_rank, size, num_threads, meta_group_rank, meta_group_size; N = 64 to 1024 (whole SIMD groups): sync (a threadgroup barrier: every thread of the block must call it), thread_rank, size, num_threads, meta_group_rank, meta_group_size and reduce; shfl/ballot/any/all on such a tile do not compile (static_assert)'),
  s('tiled_partition', 'function', 'tiled_partition<N>(block) with N a power of two up to 1024; above 32 the block should come from this_thread_block(block_tile_memory) for reduce; tiled_partition(group, n) (n a power of two, known at run time) returns a thread_group of n consecutive ranks of the group'),
  s('reduce', 'function', 'reduce(group, value, op) over a thread_block_tile (butterfly; a tile of several SIMD groups adds each group\'s result through the block_tile_memory, in group order, with two threadgroup barriers) or a coalesced group (members in lane order), op one of plus, less, greater, bit_and, bit_or, bit_xor, or a `__device__` function of the program (a functor stands for it); a struct value over a tile is shuffled word by word; values of at most 8 bytes for tiles above 32'),
  s('plus', 'type', 'reduction operator'),
  s('less', 'type', 'reduction operator (minimum)'),
  s('greater', 'type', 'reduction operator (maximum)'),
  s('bit_and', 'type', 'reduction operator'),
  s('bit_or', 'type', 'reduction operator'),
  s('bit_xor', 'type', 'reduction operator'),
  s('thread_group', 'type', 'the group type known at run time: holds a thread_block, a thread_block_tile<N>, a coalesced_group or a tiled_partition(group, n); sync(), thread_rank(), size(), num_threads(), is_valid(); sync is a SIMD-group barrier for a group inside one SIMD group (a tile of at most 32, a coalesced group), else a threadgroup barrier'),
  s('coalesced_group', 'type', 'the active lanes of a SIMD group (or a partition of them), ranked in lane order: thread_rank, size, num_threads, shfl, shfl_up, shfl_down, ballot (by rank), any, all, sync'),
  s('coalesced_threads', 'function', 'receives threadIdx and blockDim (for the caller\'s lane)'),
  s('labeled_partition', 'function', 'labeled_partition(coalesced group or thread_block_tile, label): the members with the caller\'s label'),
  s('binary_partition', 'function', 'binary_partition(group, pred): labeled_partition by pred'),
  s('inclusive_scan', 'function', 'inclusive_scan(group, value[, op]) over a thread_block_tile or a coalesced group (as in CUDA: not a thread_block, C2M1002), op plus (the default), less, greater, bit_and, bit_or, bit_xor or the program\'s own: a scan on SIMD shuffles as CUDA does it (rank r gets op(own, earlier ranks)); a tile above 32 adds the totals of its earlier SIMD groups through the block_tile_memory (two threadgroup barriers, values of at most 8 bytes)'),
  s('exclusive_scan', 'function', 'exclusive_scan(group, value[, op]): the inclusive result of the rank below; rank 0 gets T() (0), as CUDA\'s does'),
  s('memcpy_async', 'function', 'memcpy_async(group, dst, src, bytes): done at once, each thread of the group copying the bytes at its rank plus multiples of the group size (the pointers cast to `uchar*` in their address spaces, C2M1005 where unknown); bytes may be a cuda::aligned_size_t<N> (<cuda/barrier>, <cuda/pipeline>); the form with element counts and layouts is refused'),
  s('wait', 'function', 'wait(group): group.sync() (the copies are done; the barrier makes every thread\'s share visible to the group)'),
  s('wait_prior', 'function', 'wait_prior<N>(group): group.sync(), as wait'),
  s('block_tile_memory', 'type', '`__shared__ block_tile_memory<MaxBlockSize> m; this_thread_block(m)`: threadgroup scratch (8 bytes per SIMD group) that reduce over a tile larger than 32 uses'),
  s('grid_group', 'type', 'the grid for grid-stride loops: thread_rank, size, num_threads, block_rank, num_blocks, block_index, group_dim, dim_blocks, is_valid; sync() as a statement at the top level of a kernel (or of a for loop there whose header the host can evaluate, or of a while loop there, whose condition a part of its own tests on the device; also inside #if __CUDA_ARCH__) splits the kernel there into parts that cudaLaunchCooperativeKernel launches in order (docs/DESIGN.md); elsewhere it is refused (C2M1002 at the call)'),
  s('this_grid', 'function', 'receives threadIdx, blockIdx, blockDim and gridDim'),
  u('multi_grid_group', 'type', 'Metal has no grid-wide barrier'),
  u('this_multi_grid', 'function', 'Metal has no grid-wide barrier'),
];

export const CG_BY_NAME: ReadonlyMap<string, CgRow> = new Map(COOPERATIVE_GROUPS.map((r) => [r.name, r]));

/** Added to the MSL (once) when device code uses a supported cooperative-groups name.
 * The free functions take groups by value (a few uints): a temporary such as
 * `tiled_partition<8>(this_thread_block())` then deduces N, which it does not for a `thread const&`. */
export const CG_PRELUDE = `// cooperative_groups (CUDA), the thread block: a view of the threadgroup's built-ins
namespace cooperative_groups {
struct thread_block {
  uint3 tid, bid, dim;
  threadgroup ulong* scratch; // block_tile_memory, for tiles larger than a SIMD group
  void sync() const { threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup); }
  uint thread_rank() const { return (tid.z * dim.y + tid.y) * dim.x + tid.x; }
  uint size() const { return dim.x * dim.y * dim.z; }
  uint num_threads() const { return size(); }
  uint3 group_index() const { return bid; }
  uint3 thread_index() const { return tid; }
  uint3 group_dim() const { return dim; }
  uint3 dim_threads() const { return dim; }
};
inline thread_block this_thread_block(uint3 threadIdx, uint3 blockIdx, uint3 blockDim) { return thread_block{threadIdx, blockIdx, blockDim, nullptr}; }
// block_tile_memory<MaxBlockSize>: one 8-byte slot per SIMD group, for reduce over tiles above 32.
template <uint MaxBlockSize> struct block_tile_memory { ulong slots[(MaxBlockSize + 31) / 32]; };
template <uint M> inline thread_block this_thread_block(uint3 threadIdx, uint3 blockIdx, uint3 blockDim, threadgroup block_tile_memory<M>& m) { return thread_block{threadIdx, blockIdx, blockDim, m.slots}; }
inline void sync(thread_block g) { g.sync(); }

// thread_block_tile<N>: N consecutive threads of the block inside one 32-lane SIMD group.
// Shuffles that would leave the tile return the caller's own value, as CUDA's do.
// N = 64..1024: whole SIMD groups; sync is a threadgroup barrier; no shuffles (static_assert).
template <uint N> struct thread_block_tile {
  static_assert(N <= 1024 && (N & (N - 1)) == 0, "thread_block_tile<N>: N must be a power of two up to 1024");
  uint rank;        // the thread's rank in the block
  uint blockSize;   // threads in the block
  threadgroup ulong* scratch; // the block's block_tile_memory (tiles above 32)
  uint lane() const { return rank % 32; }
  uint base() const { return lane() & ~(N - 1); }
  uint thread_rank() const { return rank % N; }
  uint size() const { return N; }
  uint num_threads() const { return N; }
  uint meta_group_rank() const { return rank / N; }
  uint meta_group_size() const { return (blockSize + N - 1) / N; }
  void sync() const {
    if (N > 32) threadgroup_barrier(mem_flags::mem_threadgroup | mem_flags::mem_device);
    else simdgroup_barrier(mem_flags::mem_threadgroup | mem_flags::mem_device);
  }
#define CU2M_TILE_SIMD(op) static_assert(N <= 32, "thread_block_tile<N>::" op ": a tile larger than a SIMD group (32 threads) cannot shuffle or vote in Metal")
  template <typename T> T shfl(T v, uint src) const { CU2M_TILE_SIMD("shfl"); return simd_shuffle(v, ushort(base() + (src & (N - 1)))); }
  template <typename T> T shfl_down(T v, uint d) const { CU2M_TILE_SIMD("shfl_down"); T r = simd_shuffle_down(v, ushort(d)); return thread_rank() + d < N ? r : v; }
  template <typename T> T shfl_up(T v, uint d) const { CU2M_TILE_SIMD("shfl_up"); T r = simd_shuffle_up(v, ushort(d)); return thread_rank() >= d ? r : v; }
  template <typename T> T shfl_xor(T v, uint m) const { CU2M_TILE_SIMD("shfl_xor"); T r = simd_shuffle_xor(v, ushort(m)); return ((lane() ^ m) & ~(N - 1)) == base() ? r : v; }
  uint ballot(bool p) const { CU2M_TILE_SIMD("ballot"); return uint(simd_vote::vote_t(simd_ballot(p)) >> base()) & uint((1ul << N) - 1); }
#undef CU2M_TILE_SIMD
  bool any(bool p) const { return ballot(p) != 0; }
  bool all(bool p) const { return ballot(p) == ballot(true); }
};
template <uint N> inline thread_block_tile<N> tiled_partition(thread_block b) { return thread_block_tile<N>{b.thread_rank(), b.size(), b.scratch}; }
template <uint N> inline void sync(thread_block_tile<N> g) { g.sync(); }

// reduce(tile, v, op): a butterfly over the tile; every thread gets the result.
template <typename T> struct plus { T operator()(T a, T b) const { return a + b; } };
template <typename T> struct less { T operator()(T a, T b) const { return a < b ? a : b; } };
template <typename T> struct greater { T operator()(T a, T b) const { return a < b ? b : a; } };
template <typename T> struct bit_and { T operator()(T a, T b) const { return a & b; } };
template <typename T> struct bit_or { T operator()(T a, T b) const { return a | b; } };
template <typename T> struct bit_xor { T operator()(T a, T b) const { return a ^ b; } };
// A struct value (struct SumMax { float sum, max; }) crosses the SIMD group word by word: Metal
// shuffles scalars and vectors only (a vector may go either way; a value whose size is no multiple
// of 4 bytes is shuffled whole).
template <typename T> inline T reduce_shuffle_xor(T v, ushort m, integral_constant<bool, true>) { return simd_shuffle_xor(v, m); }
template <typename T> inline T reduce_shuffle_xor(T v, ushort m, integral_constant<bool, false>) {
  T r = v;
  thread uint *from = (thread uint*)&v, *to = (thread uint*)&r;
  for (uint i = 0; i < sizeof(T) / 4; i++) to[i] = simd_shuffle_xor(from[i], m);
  return r;
}
template <uint N, typename T, typename Op> inline T reduce(thread_block_tile<N> g, T v, Op op) {
  for (uint m = (N < 32 ? N : 32) / 2; m > 0; m /= 2) v = op(v, reduce_shuffle_xor(v, ushort(m), integral_constant<bool, is_scalar<T>::value || sizeof(T) % 4 != 0>())); // (m < N: stays in the tile)
  if (N <= 32) return v;
  // Several SIMD groups: each group's result through the block_tile_memory, combined in group order.
  static_assert(sizeof(T) <= 8, "reduce over a thread_block_tile larger than 32: values of at most 8 bytes");
  threadgroup T* slots = (threadgroup T*)g.scratch;
  threadgroup_barrier(mem_flags::mem_threadgroup); // an earlier reduce has read the slots
  if (g.lane() == 0) slots[g.rank / 32] = v;
  threadgroup_barrier(mem_flags::mem_threadgroup);
  uint first = g.rank / N * (N / 32);
  T r = slots[first];
  for (uint k = 1; k < N / 32; k++) r = op(r, slots[first + k]);
  return r;
}

// coalesced_group: the lanes of the SIMD group in \`mask\` (coalesced_threads(): the active ones;
// labeled/binary partitions: the members with the caller's label); ranks count members in lane
// order. Every operation runs the same simd_shuffle in every active lane (Metal's rule).
struct coalesced_group {
  uint mask;  // the members' lanes
  uint lane;  // the caller's lane
  uint laneOf(uint r) const { uint m = mask; for (uint i = 0; i < r && m != 0; i++) m &= m - 1; return m != 0 ? ctz(m) : lane; }
  uint thread_rank() const { return popcount(mask & ((1u << lane) - 1u)); }
  uint size() const { return popcount(mask); }
  uint num_threads() const { return size(); }
  uint meta_group_rank() const { return 0; }
  uint meta_group_size() const { return 1; }
  void sync() const { simdgroup_barrier(mem_flags::mem_threadgroup | mem_flags::mem_device); }
  template <typename T> T shfl(T v, uint r) const { return simd_shuffle(v, ushort(laneOf(r % size()))); }
  template <typename T> T shfl_down(T v, uint d) const { uint r = thread_rank(); T o = simd_shuffle(v, ushort(laneOf(r + d < size() ? r + d : r))); return r + d < size() ? o : v; }
  template <typename T> T shfl_up(T v, uint d) const { uint r = thread_rank(); T o = simd_shuffle(v, ushort(laneOf(r >= d ? r - d : r))); return r >= d ? o : v; }
  uint ballot(bool p) const {
    uint b = uint(simd_vote::vote_t(simd_ballot(p))) & mask;
    uint out = 0, r = 0;
    for (uint l = 0; l < 32; l++) if (((mask >> l) & 1u) != 0) { if (((b >> l) & 1u) != 0) out |= 1u << r; r++; }
    return out;
  }
  bool any(bool p) const { return (uint(simd_vote::vote_t(simd_ballot(p))) & mask) != 0; }
  bool all(bool p) const { return (uint(simd_vote::vote_t(simd_ballot(p))) & mask) == mask; }
};
inline coalesced_group coalesced_threads(uint3 threadIdx, uint3 blockDim) {
  return coalesced_group{uint(simd_vote::vote_t(simd_active_threads_mask())), (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u};
}
inline void sync(coalesced_group g) { g.sync(); }
// The members of g holding the caller's label.
template <typename L> inline coalesced_group labeled_partition(coalesced_group g, L label) {
  uint same = 0;
  for (ushort l = 0; l < 32; l++) { L o = simd_shuffle(label, l); if (((g.mask >> l) & 1u) != 0 && o == label) same |= 1u << l; }
  return coalesced_group{same, g.lane};
}
template <uint N, typename L> inline coalesced_group labeled_partition(thread_block_tile<N> t, L label) {
  uint tileMask = uint(((1ul << N) - 1) << t.base());
  return labeled_partition(coalesced_group{uint(simd_vote::vote_t(simd_active_threads_mask())) & tileMask, t.lane()}, label);
}
template <typename G> inline coalesced_group binary_partition(G g, bool pred) { return labeled_partition(g, uint(pred)); }
// Every member gets op over the members' values, combined in lane order.
template <typename T, typename Op> inline T reduce(coalesced_group g, T v, Op op) {
  bool first = true;
  T r = v;
  for (ushort l = 0; l < 32; l++) { T o = simd_shuffle(v, l); if (((g.mask >> l) & 1u) != 0) { r = first ? o : op(r, o); first = false; } }
  return r;
}

// grid_group: the whole grid. grid.sync() is not here: the kernel is split at it before translation
// (src/translate/gridSync.ts), since Metal has no grid-wide barrier.
struct grid_group {
  uint3 tid, bid, dim, grid;
  ulong block_rank() const { return (ulong(bid.z) * grid.y + bid.y) * grid.x + bid.x; }
  ulong num_blocks() const { return ulong(grid.x) * grid.y * grid.z; }
  ulong thread_rank() const { return block_rank() * (ulong(dim.x) * dim.y * dim.z) + (tid.z * dim.y + tid.y) * dim.x + tid.x; }
  ulong size() const { return num_blocks() * (ulong(dim.x) * dim.y * dim.z); }
  ulong num_threads() const { return size(); }
  uint3 block_index() const { return bid; }
  uint3 group_dim() const { return dim; }
  uint3 dim_blocks() const { return grid; }
  bool is_valid() const { return true; }
};
inline grid_group this_grid(uint3 threadIdx, uint3 blockIdx, uint3 blockDim, uint3 gridDim) { return grid_group{threadIdx, blockIdx, blockDim, gridDim}; }

// thread_group: a group whose kind is known at run time (a block, a tile, a coalesced group, or
// tiled_partition(group, n)). It keeps the caller's rank and the group's size; sync is a SIMD-group
// barrier when the group lies inside one SIMD group, else a threadgroup barrier.
struct thread_group {
  uint rank;   // the thread's rank in the group
  uint count;  // threads in the group
  bool simd;   // the group lies inside one SIMD group
  thread_group(uint r, uint n, bool inSimd) : rank(r), count(n), simd(inSimd) {}
  thread_group(thread_block b) : rank(b.thread_rank()), count(b.size()), simd(false) {}
  template <uint N> thread_group(thread_block_tile<N> t) : rank(t.thread_rank()), count(N), simd(N <= 32) {}
  thread_group(coalesced_group g) : rank(g.thread_rank()), count(g.size()), simd(true) {}
  void sync() const {
    if (simd) simdgroup_barrier(mem_flags::mem_threadgroup | mem_flags::mem_device);
    else threadgroup_barrier(mem_flags::mem_threadgroup | mem_flags::mem_device);
  }
  uint thread_rank() const { return rank; }
  uint size() const { return count; }
  uint num_threads() const { return count; }
  bool is_valid() const { return count != 0; }
};
inline void sync(thread_group g) { g.sync(); }
// tiled_partition(parent, n): n consecutive ranks of the parent (n a power of two).
inline thread_group tiled_partition(thread_group parent, uint n) { return thread_group(parent.rank % n, n, parent.simd || n <= 32); }
} // namespace cooperative_groups`;

/** The built-ins `coalesced_threads(...)` and `this_grid(...)` receive, in order. */
export const CG_COALESCED_BUILTINS = ['threadIdx', 'blockDim'] as const;
export const CG_GRID_BUILTINS = ['threadIdx', 'blockIdx', 'blockDim', 'gridDim'] as const;

/** The built-ins `this_thread_block(...)` receives, in order. */
export const CG_BLOCK_BUILTINS = ['threadIdx', 'blockIdx', 'blockDim'] as const;

/** Added after CG_PRELUDE when device code scans (cooperative_groups/scan.h). */
export const CG_SCAN_PRELUDE = `// cooperative_groups scans (cooperative_groups/scan.h)
namespace cooperative_groups {
// inclusive_scan/exclusive_scan over a tile: a scan on SIMD shuffles in each SIMD group of the
// tile (rank r: op(own, earlier)); a tile of several SIMD groups then adds the totals of its earlier
// groups through the block_tile_memory. Exclusive: the result of the rank below, T() for rank 0.
template <uint N, typename T, typename Op> inline T cu2m_cg_scan(thread_block_tile<N> g, T v, Op op, bool inclusive) {
  const uint W = N < 32 ? N : 32;
  uint r = g.rank % W;
  T x = v;
  for (uint d = 1; d < W; d *= 2) { T t = simd_shuffle_up(x, ushort(d)); if (d <= r) x = op(x, t); }
  T e = simd_shuffle_up(x, ushort(1));
  bool hasE = r > 0;
  if (N > 32) {
    static_assert(sizeof(T) <= 8, "scan over a thread_block_tile larger than 32: values of at most 8 bytes");
    threadgroup T* slots = (threadgroup T*)g.scratch;
    threadgroup_barrier(mem_flags::mem_threadgroup); // an earlier reduce or scan has read the slots
    if (r == 31) slots[g.rank / 32] = x;
    threadgroup_barrier(mem_flags::mem_threadgroup);
    bool has = false;
    T acc = x;
    for (uint k = g.rank / N * (N / 32); k < g.rank / 32; k++) { acc = has ? op(slots[k], acc) : slots[k]; has = true; }
    if (has) { x = op(x, acc); e = hasE ? op(e, acc) : acc; hasE = true; }
  }
  return inclusive ? x : (hasE ? e : T());
}
template <uint N, typename T, typename Op> inline T inclusive_scan(thread_block_tile<N> g, T v, Op op) { return cu2m_cg_scan(g, v, op, true); }
template <uint N, typename T> inline T inclusive_scan(thread_block_tile<N> g, T v) { return cu2m_cg_scan(g, v, plus<T>(), true); }
template <uint N, typename T, typename Op> inline T exclusive_scan(thread_block_tile<N> g, T v, Op op) { return cu2m_cg_scan(g, v, op, false); }
template <uint N, typename T> inline T exclusive_scan(thread_block_tile<N> g, T v) { return cu2m_cg_scan(g, v, plus<T>(), false); }

// Scans over a coalesced group: the same scan, over ranks (members in lane order).
template <typename T, typename Op> inline T cu2m_cg_scan(coalesced_group g, T v, Op op, bool inclusive) {
  uint r = g.thread_rank(), n = g.size();
  T x = v;
  for (uint d = 1; d < n; d *= 2) { T t = g.shfl_up(x, d); if (d <= r) x = op(x, t); }
  T e = g.shfl_up(x, 1u);
  return inclusive ? x : (r > 0 ? e : T());
}
template <typename T, typename Op> inline T inclusive_scan(coalesced_group g, T v, Op op) { return cu2m_cg_scan(g, v, op, true); }
template <typename T> inline T inclusive_scan(coalesced_group g, T v) { return cu2m_cg_scan(g, v, plus<T>(), true); }
template <typename T, typename Op> inline T exclusive_scan(coalesced_group g, T v, Op op) { return cu2m_cg_scan(g, v, op, false); }
template <typename T> inline T exclusive_scan(coalesced_group g, T v) { return cu2m_cg_scan(g, v, plus<T>(), false); }
} // namespace cooperative_groups`;

/** Added after CG_PRELUDE when device code copies with memcpy_async (cooperative_groups/memcpy_async.h). */
export const CG_MEMCPY_PRELUDE = `// cooperative_groups copies (cooperative_groups/memcpy_async.h)
namespace cooperative_groups {
// memcpy_async(group, dst, src, bytes) (cooperative_groups/memcpy_async.h): done at once, each
// thread copying the bytes at its rank plus multiples of the group size (dst and src are cast to
// uchar pointers at the call); wait(group) is then the group's barrier, which makes them visible.
template <typename G, typename D, typename S> inline void memcpy_async(G g, D dst, S src, size_t bytes) {
  for (size_t i = g.thread_rank(); i < bytes; i += g.size()) dst[i] = src[i];
}
template <typename G> inline void wait(G g) { g.sync(); }
template <uint N, typename G> inline void wait_prior(G g) { g.sync(); }
} // namespace cooperative_groups`;

/** The names that need a part of the prelude of their own, and its key. */
export const CG_EXTRA_PRELUDES: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['inclusive_scan', ['cooperative_groups_scan', CG_SCAN_PRELUDE]],
  ['exclusive_scan', ['cooperative_groups_scan', CG_SCAN_PRELUDE]],
  ['memcpy_async', ['cooperative_groups_memcpy', CG_MEMCPY_PRELUDE]],
  ['wait', ['cooperative_groups_memcpy', CG_MEMCPY_PRELUDE]],
  ['wait_prior', ['cooperative_groups_memcpy', CG_MEMCPY_PRELUDE]],
] as const);
