// grid_sync_helpers.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// cooperative_groups (CUDA), the thread block: a view of the threadgroup's built-ins
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

// coalesced_group: the lanes of the SIMD group in `mask` (coalesced_threads(): the active ones;
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
} // namespace cooperative_groups
// atomicOr (CUDA) on Metal atomics, relaxed order; returns the old value. atomic_fetch_or.
inline int atomicOr(device int* p, int v) { return atomic_fetch_or_explicit((device atomic_int*)p, v, memory_order_relaxed); }
inline int atomicOr(threadgroup int* p, int v) { return atomic_fetch_or_explicit((threadgroup atomic_int*)p, v, memory_order_relaxed); }
inline uint atomicOr(device uint* p, uint v) { return atomic_fetch_or_explicit((device atomic_uint*)p, v, memory_order_relaxed); }
inline uint atomicOr(threadgroup uint* p, uint v) { return atomic_fetch_or_explicit((threadgroup atomic_uint*)p, v, memory_order_relaxed); }
#line 4 "grid_sync_helpers.cu"
namespace cg = cooperative_groups;
#line 15 "grid_sync_helpers.cu"
struct relax_frame { int i; int s; };
#line 15 "grid_sync_helpers.cu"
/* relax: values live across its grid syncs, one per thread */
#line 15 "grid_sync_helpers.cu"
kernel void relax_part0(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) { const unsigned int cu2m_gt = ((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * (blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  cg::grid_group grid = cg::this_grid(threadIdx, blockIdx, blockDim, gridDim);
  const int i = grid.thread_rank();
  int s = 0; cu2m_frame[cu2m_gt].i = i; cu2m_frame[cu2m_gt].s = s; }
#line 18 "grid_sync_helpers.cu"
/* while (s < *sweeps) runs on the host: relax_part1 tests its condition on the device: relax continues in relax_part1 */
#line 18 "grid_sync_helpers.cu"
kernel void relax_part1(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]], device int* cu2m_test [[buffer(6)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) { const unsigned int cu2m_gt = ((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * (blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; int s = cu2m_frame[cu2m_gt].s; atomicOr(cu2m_test, (s < *sweeps) ? 1 : 2); cu2m_frame[cu2m_gt].s = s; }
#line 18 "grid_sync_helpers.cu"
/* the body of while (s < *sweeps): relax continues in relax_part2 */
#line 18 "grid_sync_helpers.cu"
kernel void relax_part2(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) { cg::grid_group grid = cg::this_grid(threadIdx, blockIdx, blockDim, gridDim); const unsigned int cu2m_gt = ((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * (blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; int i = cu2m_frame[cu2m_gt].i;
    if (i < n) x[i] *= 0.5f;
    cu2m_frame[cu2m_gt].i = i; }
#line 20 "grid_sync_helpers.cu"
/* grid-wide sync: relax continues in relax_part3 */
#line 20 "grid_sync_helpers.cu"
kernel void relax_part3(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) { cg::grid_group grid = cg::this_grid(threadIdx, blockIdx, blockDim, gridDim);
    /* publish(...) inlined: it synchronises the grid */ if (grid.thread_rank() == 0) { float publish_s = 0.0f; for (int publish_i = 0; publish_i < n; ++publish_i) publish_s += x[publish_i]; *total = publish_s; } }
#line 21 "grid_sync_helpers.cu"
/* grid-wide sync: relax continues in relax_part4 */
#line 21 "grid_sync_helpers.cu"
kernel void relax_part4(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]]) {
    }
#line 22 "grid_sync_helpers.cu"
/* if (*total < limit) runs on the host: relax_part5 tests its condition on the device: relax continues in relax_part5 */
#line 22 "grid_sync_helpers.cu"
kernel void relax_part5(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]], device int* cu2m_test [[buffer(6)]]) { atomicOr(cu2m_test, (*total < limit) ? 1 : 2); }
#line 22 "grid_sync_helpers.cu"
/* the then-branch of if (*total < limit): relax continues in relax_part6 */
#line 22 "grid_sync_helpers.cu"
kernel void relax_part6(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) { cg::grid_group grid = cg::this_grid(threadIdx, blockIdx, blockDim, gridDim); const unsigned int cu2m_gt = ((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * (blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; int i = cu2m_frame[cu2m_gt].i;
      if (i < n) x[i] += 1.0f;
      cu2m_frame[cu2m_gt].i = i; }
#line 24 "grid_sync_helpers.cu"
/* grid-wide sync: relax continues in relax_part7 */
#line 24 "grid_sync_helpers.cu"
kernel void relax_part7(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]]) {
    }
#line 25 "grid_sync_helpers.cu"
/* end of the host's if (*total < limit): relax continues in relax_part8 */
#line 25 "grid_sync_helpers.cu"
kernel void relax_part8(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) { const unsigned int cu2m_gt = ((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * (blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; int s = cu2m_frame[cu2m_gt].s;
  ++s; cu2m_frame[cu2m_gt].s = s; }
#line 26 "grid_sync_helpers.cu"
/* end of the host's while (s < *sweeps): relax continues in relax_part9 */
#line 26 "grid_sync_helpers.cu"
kernel void relax_part9(device float* x [[buffer(0)]], device float* total [[buffer(1)]], device const int* sweeps [[buffer(2)]], constant int& n [[buffer(3)]], constant float& limit [[buffer(4)]], device relax_frame* cu2m_frame [[buffer(5)]]) {
}
