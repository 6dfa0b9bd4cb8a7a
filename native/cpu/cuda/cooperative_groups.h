// cu2metal — cooperative groups for the cuda-cpu reference backend: the thread block.
//
// Found before native/include/cooperative_groups.h (the host shim) because the reference module is
// compiled with -I native/cpu/cuda first. What the translator supports (src/translate/tables/
// cooperativeGroups.ts) is implemented here with CUDA's semantics; the other group kinds are
// rejected by the translator before anything is built.
#ifndef CU2M_CUDA_COOPERATIVE_GROUPS_H
#define CU2M_CUDA_COOPERATIVE_GROUPS_H

#include "cu2m_cuda_device.h"

// C++ linkage even where a program includes this inside an extern "C" region (eigenvalues).
extern "C++" {
namespace cooperative_groups {

// block_tile_memory<MaxBlockSize>: one 8-byte slot per warp, for reduce over tiles above 32.
template <unsigned MaxBlockSize> struct block_tile_memory {
  unsigned long long slots[(MaxBlockSize + 31) / 32];
};

class thread_block {
 public:
  unsigned long long* scratch = nullptr;  // the block_tile_memory, if the block was made from one
  void sync() const { __syncthreads(); }
  unsigned long long thread_rank() const { return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; }
  unsigned long long size() const { return num_threads(); }
  unsigned long long num_threads() const { return (unsigned long long)blockDim.x * blockDim.y * blockDim.z; }
  dim3 group_index() const { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
  dim3 thread_index() const { return dim3(threadIdx.x, threadIdx.y, threadIdx.z); }
  dim3 group_dim() const { return dim3(blockDim.x, blockDim.y, blockDim.z); }
  dim3 dim_threads() const { return group_dim(); }
};

inline thread_block this_thread_block() { return thread_block(); }
template <unsigned M> inline thread_block this_thread_block(block_tile_memory<M>& m) {
  thread_block b;
  b.scratch = m.slots;
  return b;
}
inline void sync(const thread_block& g) { g.sync(); }

// thread_block_tile<N>: N consecutive threads of the block within one warp (N a power of two up
// to 32); its operations are the warp primitives with width N, so they stay inside the tile.
// N = 64..1024: whole warps; sync is a block barrier, and shuffles are refused (as on Metal).
template <unsigned N> class thread_block_tile {
  static_assert(N <= 1024 && (N & (N - 1)) == 0, "thread_block_tile<N>: N must be a power of two up to 1024");
  static unsigned base() { return rank() % 32 & ~(N - 1); }

 public:
  static unsigned rank() { return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; }
  unsigned long long* scratch = nullptr;  // the block's block_tile_memory (tiles above 32)
  unsigned long long thread_rank() const { return rank() % N; }
  unsigned long long size() const { return N; }
  unsigned long long num_threads() const { return N; }
  unsigned long long meta_group_rank() const { return rank() / N; }
  unsigned long long meta_group_size() const { return ((unsigned long long)blockDim.x * blockDim.y * blockDim.z + N - 1) / N; }
  void sync() const {
    if (N > 32) __syncthreads();
    else __syncwarp();
  }
#define CU2M_TILE_WARP(op) static_assert(N <= 32, "thread_block_tile<N>::" op ": cu2metal refuses shuffles and votes on a tile larger than a warp (Metal has no such operation)")
  template <class T> T shfl(T v, int src) const { CU2M_TILE_WARP("shfl"); return __shfl_sync(0xffffffffu, v, src, N); }
  template <class T> T shfl_down(T v, unsigned d) const { CU2M_TILE_WARP("shfl_down"); return __shfl_down_sync(0xffffffffu, v, d, N); }
  template <class T> T shfl_up(T v, unsigned d) const { CU2M_TILE_WARP("shfl_up"); return __shfl_up_sync(0xffffffffu, v, d, N); }
  template <class T> T shfl_xor(T v, int m) const { CU2M_TILE_WARP("shfl_xor"); return __shfl_xor_sync(0xffffffffu, v, m, N); }
  unsigned ballot(int p) const { CU2M_TILE_WARP("ballot"); return (__ballot_sync(0xffffffffu, p) >> base()) & (unsigned)((1ull << N) - 1); }
#undef CU2M_TILE_WARP
  bool any(int p) const { return ballot(p) != 0; }
  bool all(int p) const { return ballot(p) == ballot(1); }
};
template <unsigned N> inline thread_block_tile<N> tiled_partition(const thread_block& b) {
  thread_block_tile<N> t;
  t.scratch = b.scratch;
  return t;
}
template <unsigned N> inline void sync(const thread_block_tile<N>& g) { g.sync(); }

// cooperative_groups/reduce.h
template <class T> struct plus { T operator()(T a, T b) const { return a + b; } };
template <class T> struct less { T operator()(T a, T b) const { return a < b ? a : b; } };
template <class T> struct greater { T operator()(T a, T b) const { return a < b ? b : a; } };
template <class T> struct bit_and { T operator()(T a, T b) const { return a & b; } };
template <class T> struct bit_or { T operator()(T a, T b) const { return a | b; } };
template <class T> struct bit_xor { T operator()(T a, T b) const { return a ^ b; } };
// The same butterfly as the Metal translation, so both backends add in the same order.
// Above 32: each warp's butterfly result through the block_tile_memory, combined in warp order.
template <unsigned N, class T, class Op> inline T reduce(const thread_block_tile<N>& g, T v, Op op) {
  for (unsigned m = (N < 32 ? N : 32) / 2; m > 0; m /= 2) v = op(v, __shfl_xor_sync(0xffffffffu, v, (int)m, N < 32 ? N : 32));
  if constexpr (N > 32) {
    static_assert(sizeof(T) <= 8, "reduce over a thread_block_tile larger than 32: values of at most 8 bytes");
    T* slots = reinterpret_cast<T*>(g.scratch);
    const unsigned rank = g.rank();
    __syncthreads();  // an earlier reduce has read the slots
    if (rank % 32 == 0) slots[rank / 32] = v;
    __syncthreads();
    const unsigned first = rank / N * (N / 32);
    T r = slots[first];
    for (unsigned k = 1; k < N / 32; k++) r = op(r, slots[first + k]);
    return r;
  }
  return v;
}

// cooperative_groups/scan.h over a tile: the scan of the Metal translation (rank r: op(own,
// earlier) on shuffles up within each warp of the tile; a tile of several warps adds the totals of
// its earlier warps through the block_tile_memory). Exclusive: the rank below's result, T() for 0.
template <unsigned N, class T, class Op> inline T cg_scan(const thread_block_tile<N>& g, T v, Op op, bool inclusive) {
  constexpr unsigned W = N < 32 ? N : 32;
  const unsigned r = g.rank() % W;
  T x = v;
  for (unsigned d = 1; d < W; d *= 2) {
    T t = __shfl_up_sync(0xffffffffu, x, d, W);
    if (d <= r) x = op(x, t);
  }
  T e = __shfl_up_sync(0xffffffffu, x, 1, W);
  bool hasE = r > 0;
  if constexpr (N > 32) {
    static_assert(sizeof(T) <= 8, "scan over a thread_block_tile larger than 32: values of at most 8 bytes");
    T* slots = reinterpret_cast<T*>(g.scratch);
    const unsigned rank = g.rank();
    __syncthreads();  // an earlier reduce or scan has read the slots
    if (r == 31) slots[rank / 32] = x;
    __syncthreads();
    bool has = false;
    T acc = x;
    for (unsigned k = rank / N * (N / 32); k < rank / 32; k++) {
      acc = has ? op(slots[k], acc) : slots[k];
      has = true;
    }
    if (has) {
      x = op(x, acc);
      e = hasE ? op(e, acc) : acc;
      hasE = true;
    }
  }
  return inclusive ? x : (hasE ? e : T());
}
template <unsigned N, class T, class Op> inline T inclusive_scan(const thread_block_tile<N>& g, T v, Op op) { return cg_scan(g, v, op, true); }
template <unsigned N, class T> inline T inclusive_scan(const thread_block_tile<N>& g, T v) { return cg_scan(g, v, plus<T>(), true); }
template <unsigned N, class T, class Op> inline T exclusive_scan(const thread_block_tile<N>& g, T v, Op op) { return cg_scan(g, v, op, false); }
template <unsigned N, class T> inline T exclusive_scan(const thread_block_tile<N>& g, T v) { return cg_scan(g, v, plus<T>(), false); }

// coalesced_group: the lanes of a warp in `mask` (coalesced_threads(): the active ones; labeled and
// binary partitions: the members with the caller's label). Ranks count the members in lane order.
// Shuffles read the member of the given rank; reductions combine the members in lane order (the
// Metal translation does the same, so both backends agree bit for bit).
class coalesced_group {
  static unsigned laneId() { return ((threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x) & 31u; }
  unsigned laneOf(unsigned r) const {
    unsigned m = mask_;
    for (unsigned i = 0; i < r && m; ++i) m &= m - 1;
    return m ? (unsigned)__builtin_ctz(m) : laneId();
  }

 public:
  explicit coalesced_group(unsigned mask) : mask_(mask) {}
  unsigned mask_;
  unsigned long long thread_rank() const { return (unsigned)__builtin_popcount(mask_ & ((1u << laneId()) - 1u)); }
  unsigned long long size() const { return (unsigned)__builtin_popcount(mask_); }
  unsigned long long num_threads() const { return size(); }
  unsigned long long meta_group_rank() const { return 0; }
  unsigned long long meta_group_size() const { return 1; }
  void sync() const { __syncwarp(mask_); }
  template <class T> T shfl(T v, int rank) const { return __shfl_sync(mask_, v, (int)laneOf((unsigned)rank % (unsigned)size())); }
  template <class T> T shfl_down(T v, unsigned d) const {
    const unsigned r = (unsigned)thread_rank();
    T o = __shfl_sync(mask_, v, (int)laneOf(r + d < size() ? r + d : r));
    return r + d < size() ? o : v;
  }
  template <class T> T shfl_up(T v, unsigned d) const {
    const unsigned r = (unsigned)thread_rank();
    T o = __shfl_sync(mask_, v, (int)laneOf(r >= d ? r - d : r));
    return r >= d ? o : v;
  }
  unsigned ballot(int p) const {
    const unsigned b = __ballot_sync(mask_, p) & mask_;
    unsigned out = 0, r = 0;
    for (unsigned l = 0; l < 32; ++l) if (mask_ >> l & 1u) { if (b >> l & 1u) out |= 1u << r; ++r; }
    return out;
  }
  bool any(int p) const { return (__ballot_sync(mask_, p) & mask_) != 0; }
  bool all(int p) const { return (__ballot_sync(mask_, p) & mask_) == mask_; }
};
inline coalesced_group coalesced_threads() { return coalesced_group(__activemask()); }
inline void sync(const coalesced_group& g) { g.sync(); }
// The members of g holding the caller's label.
template <class L> inline coalesced_group labeled_partition(const coalesced_group& g, L label) { return coalesced_group(__match_any_sync(g.mask_, label) & g.mask_); }
template <unsigned N, class L> inline coalesced_group labeled_partition(const thread_block_tile<N>& t, L label) {
  const unsigned lane = ((threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x) & 31u;
  const unsigned tileMask = (unsigned)(((1ull << N) - 1) << (lane & ~(N - 1)));
  (void)t;
  return labeled_partition(coalesced_group(__activemask() & tileMask), label);
}
template <class G> inline coalesced_group binary_partition(const G& g, bool pred) { return labeled_partition(g, (unsigned)pred); }
// Every member gets op over the members' values, combined in lane order.
template <class T, class Op> inline T reduce(const coalesced_group& g, T v, Op op) {
  bool first = true;
  T r = v;
  for (unsigned l = 0; l < 32; ++l) {
    T o = __shfl_sync(g.mask_, v, (int)l);
    if (g.mask_ >> l & 1u) { r = first ? o : op(r, o); first = false; }
  }
  return r;
}

// Scans over a coalesced group: the same scan over ranks (members in lane order).
template <class T, class Op> inline T cg_scan(const coalesced_group& g, T v, Op op, bool inclusive) {
  const unsigned r = (unsigned)g.thread_rank(), n = (unsigned)g.size();
  T x = v;
  for (unsigned d = 1; d < n; d *= 2) {
    T t = g.shfl_up(x, d);
    if (d <= r) x = op(x, t);
  }
  T e = g.shfl_up(x, 1u);
  return inclusive ? x : (r > 0 ? e : T());
}
template <class T, class Op> inline T inclusive_scan(const coalesced_group& g, T v, Op op) { return cg_scan(g, v, op, true); }
template <class T> inline T inclusive_scan(const coalesced_group& g, T v) { return cg_scan(g, v, plus<T>(), true); }
template <class T, class Op> inline T exclusive_scan(const coalesced_group& g, T v, Op op) { return cg_scan(g, v, op, false); }
template <class T> inline T exclusive_scan(const coalesced_group& g, T v) { return cg_scan(g, v, plus<T>(), false); }

// grid_group: the whole grid, for grid-stride loops. grid.sync() is refused by the translator
// (Metal has no grid-wide barrier), so it is not declared here either.
class grid_group {
 public:
  unsigned long long thread_rank() const { return block_rank() * ((unsigned long long)blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; }
  unsigned long long size() const { return num_blocks() * ((unsigned long long)blockDim.x * blockDim.y * blockDim.z); }
  unsigned long long num_threads() const { return size(); }
  unsigned long long block_rank() const { return ((unsigned long long)blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x; }
  unsigned long long num_blocks() const { return (unsigned long long)gridDim.x * gridDim.y * gridDim.z; }
  dim3 block_index() const { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
  dim3 group_dim() const { return dim3(blockDim.x, blockDim.y, blockDim.z); }
  dim3 dim_blocks() const { return dim3(gridDim.x, gridDim.y, gridDim.z); }
  bool is_valid() const { return true; }
};
inline grid_group this_grid() { return grid_group(); }

// thread_group: a group whose kind is known at run time (a block, a tile, a coalesced group, or
// tiled_partition(group, n)): the caller's rank, the group's size, and how it synchronises (a
// block barrier, or __syncwarp over the warp lanes it lies in), as the Metal prelude does.
class thread_group {
 public:
  thread_group(unsigned long long rank, unsigned long long count, bool warp, unsigned mask = 0xffffffffu) : rank_(rank), count_(count), warp_(warp), mask_(mask) {}
  thread_group(const thread_block& b) : thread_group(b.thread_rank(), b.size(), false) {}
  template <unsigned N> thread_group(const thread_block_tile<N>& t) : thread_group(t.thread_rank(), N, N <= 32) {}
  thread_group(const coalesced_group& g) : thread_group(g.thread_rank(), g.size(), true, g.mask_) {}
  void sync() const {
    if (warp_) __syncwarp(mask_);
    else __syncthreads();
  }
  unsigned long long thread_rank() const { return rank_; }
  unsigned long long size() const { return count_; }
  unsigned long long num_threads() const { return count_; }
  bool is_valid() const { return count_ != 0; }
  unsigned long long rank_, count_;
  bool warp_;
  unsigned mask_;
};
inline void sync(const thread_group& g) { g.sync(); }
// cooperative_groups/memcpy_async.h: the copy done at once, each thread of the group copying the
// bytes at its rank plus multiples of the group size; wait is the group's barrier (as on Metal).
template <class G> inline void memcpy_async(const G& g, void* dst, const void* src, size_t bytes) {
  unsigned char* d = static_cast<unsigned char*>(dst);
  const unsigned char* s = static_cast<const unsigned char*>(src);
  for (size_t i = (size_t)g.thread_rank(); i < bytes; i += (size_t)g.size()) d[i] = s[i];
}
template <class G> inline void wait(const G& g) { g.sync(); }
template <unsigned N, class G> inline void wait_prior(const G& g) { g.sync(); }
// tiled_partition(parent, n): n consecutive ranks of the parent (n a power of two).
inline thread_group tiled_partition(const thread_group& parent, unsigned n) { return thread_group(parent.rank_ % n, n, parent.warp_ || n <= 32); }

} // namespace cooperative_groups
} // extern "C++"

#endif // CU2M_CUDA_COOPERATIVE_GROUPS_H
