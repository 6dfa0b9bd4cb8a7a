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

} // namespace cooperative_groups

#endif // CU2M_CUDA_COOPERATIVE_GROUPS_H
