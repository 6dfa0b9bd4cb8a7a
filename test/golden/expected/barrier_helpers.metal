// barrier_helpers.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 1 "barrier_helpers.cu"
// __device__ helpers with barriers that only some threads of the block call (barrierLoops.ts,
// Masking): the helper takes cu2m_active, guards its work with it and still reaches every barrier;
// the calls that need it pass their flag.
#define BLOCK 128

// A tree reduction over the first `count` values of the block.
template <typename T>
T blockSum(uint3 threadIdx, threadgroup T* buf, T v, int count, bool cu2m_active = true)
{
    // cu2metal: some calls come from threads that do not take part (cu2m_active false: they left a loop, skipped a branch or returned); they still reach every barrier, as Metal requires
    const int t = threadIdx.x;
    if (count == 1) { if (cu2m_active) { return v; } return {}; }
    if (cu2m_active) {
        buf[t] = v;
    }
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    for (int s = 1; s < count; s *= 2) {
        if (cu2m_active) {
            if (t % (2 * s) == 0 && t + s < count) buf[t] += buf[t + s];
        }
        threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    }
    if (cu2m_active) {
        return buf[0];
    }
    return {};
}
#line 21 "barrier_helpers.cu"
// The threads past the end return before the reduction.
kernel void partialSums(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    threadgroup float buf[BLOCK];
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    const int count = min((int)blockDim.x, n - (int)(blockIdx.x * blockDim.x));
    // cu2metal: a thread that returns early stays alive (cu2m_done), skips the work and still reaches every barrier, as Metal requires
    bool cu2m_done = (i >= n);
    float v;
    if (!cu2m_done) {
        v = in[i] * in[i];
    }
    float s = blockSum(threadIdx, buf, v, count, !cu2m_done);
    if (!cu2m_done) {
        if (threadIdx.x == 0) out[blockIdx.x] = s;
    }
}
#line 33 "barrier_helpers.cu"
// Each thread reduces until its own work list is empty; the block sums what the threads still in
// the loop hold in each round.
kernel void rounds(device const int* lengths [[buffer(0)]], device const float* in [[buffer(1)]], device float* out [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{ threadgroup atomic_int cu2m_block_vote; /* __syncthreads_count/and/or */
    threadgroup float buf[BLOCK];
    const int g = blockIdx.x * blockDim.x + threadIdx.x;
    const int len = lengths[g];
    float acc = 0.0f;
    // cu2metal: threads that leave a loop with barriers (or skip an `if` with barriers) keep reaching its barriers until the whole block has left it, as Metal requires (cu2m_loop/cu2m_if flags)
    bool cu2m_loop1 = true;
    for (int k = 0; cu2m_syncthreads_or(cu2m_block_vote, cu2m_loop1 = cu2m_loop1 && (k < len)); ++k) {
        float x;
        if (cu2m_loop1) {
            x = in[g * 8 + k];
        }
        const auto cu2m_ret1 = blockSum(threadIdx, buf, x, blockDim.x, cu2m_loop1); if (cu2m_loop1) acc += cu2m_ret1;
    }
    out[g] = acc;
}
