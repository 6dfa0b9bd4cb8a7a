// block_vote.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// __syncthreads_count/and/or: a barrier that counts a predicate over the threadgroup in a
// threadgroup counter the kernel declares (cu2m_block_vote). The first barrier also keeps a
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
inline int cu2m_syncthreads_or(threadgroup atomic_int& count, int predicate) { return cu2m_block_vote_sum(count, predicate != 0 ? 1 : 0) != 0 ? 1 : 0; }
#line 1 "block_vote.cu"
// __syncthreads_count/and/or: the kernel declares one threadgroup counter and passes it to the
// helpers that vote (directly or through another helper).
int anyNegative(threadgroup atomic_int& cu2m_block_vote, float v) { return cu2m_syncthreads_or(cu2m_block_vote, v < 0.0f); }

int blockStats(threadgroup atomic_int& cu2m_block_vote, float v) { return cu2m_syncthreads_count(cu2m_block_vote, v > 1.0f) + anyNegative(cu2m_block_vote, v); }

kernel void vote(device const float* in [[buffer(0)]], device int* out [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{ threadgroup atomic_int cu2m_block_vote; /* __syncthreads_count/and/or */
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float v = in[i];
    int positive = cu2m_syncthreads_count(cu2m_block_vote, v > 0.0f);
    int all = cu2m_syncthreads_and(cu2m_block_vote, v != 0.0f);
    out[i] = positive + 1000 * all + blockStats(cu2m_block_vote, v);
}
