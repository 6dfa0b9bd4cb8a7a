// cu2metal — cooperative groups for the cuda-cpu reference backend: the thread block.
//
// Found before native/include/cooperative_groups.h (the host shim) because the reference module is
// compiled with -I native/cpu/cuda first. What the translator supports (src/translate/tables/
// cooperativeGroups.ts) is implemented here with CUDA's semantics; the other group kinds are
// rejected by the translator before anything is built.
#ifndef CU2M_CUDA_COOPERATIVE_GROUPS_H
#define CU2M_CUDA_COOPERATIVE_GROUPS_H

#include "cu2m_cuda_device.h"

namespace cooperative_groups {

class thread_block {
 public:
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
inline void sync(const thread_block& g) { g.sync(); }

// thread_block_tile<N>: N consecutive threads of the block within one warp (N a power of two up
// to 32); its operations are the warp primitives with width N, so they stay inside the tile.
template <unsigned N> class thread_block_tile {
  static_assert(N <= 32 && (N & (N - 1)) == 0, "thread_block_tile<N>: N must be a power of two up to 32");
  static unsigned rank() { return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; }
  static unsigned base() { return rank() % 32 & ~(N - 1); }

 public:
  unsigned long long thread_rank() const { return rank() % N; }
  unsigned long long size() const { return N; }
  unsigned long long num_threads() const { return N; }
  unsigned long long meta_group_rank() const { return rank() / N; }
  unsigned long long meta_group_size() const { return ((unsigned long long)blockDim.x * blockDim.y * blockDim.z + N - 1) / N; }
  void sync() const { __syncwarp(); }
  template <class T> T shfl(T v, int src) const { return __shfl_sync(0xffffffffu, v, src, N); }
  template <class T> T shfl_down(T v, unsigned d) const { return __shfl_down_sync(0xffffffffu, v, d, N); }
  template <class T> T shfl_up(T v, unsigned d) const { return __shfl_up_sync(0xffffffffu, v, d, N); }
  template <class T> T shfl_xor(T v, int m) const { return __shfl_xor_sync(0xffffffffu, v, m, N); }
  unsigned ballot(int p) const { return (__ballot_sync(0xffffffffu, p) >> base()) & (unsigned)((1ull << N) - 1); }
  bool any(int p) const { return ballot(p) != 0; }
  bool all(int p) const { return ballot(p) == ballot(1); }
};
template <unsigned N> inline thread_block_tile<N> tiled_partition(const thread_block&) { return thread_block_tile<N>(); }
template <unsigned N> inline void sync(const thread_block_tile<N>& g) { g.sync(); }

// cooperative_groups/reduce.h
template <class T> struct plus { T operator()(T a, T b) const { return a + b; } };
template <class T> struct less { T operator()(T a, T b) const { return a < b ? a : b; } };
template <class T> struct greater { T operator()(T a, T b) const { return a < b ? b : a; } };
template <class T> struct bit_and { T operator()(T a, T b) const { return a & b; } };
template <class T> struct bit_or { T operator()(T a, T b) const { return a | b; } };
template <class T> struct bit_xor { T operator()(T a, T b) const { return a ^ b; } };
// The same butterfly as the Metal translation, so both backends add in the same order.
template <unsigned N, class T, class Op> inline T reduce(const thread_block_tile<N>& g, T v, Op op) {
  for (unsigned m = N / 2; m > 0; m /= 2) v = op(v, g.shfl_xor(v, (int)m));
  return v;
}

} // namespace cooperative_groups

#endif // CU2M_CUDA_COOPERATIVE_GROUPS_H
