// barrier_loops.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 1 "barrier_loops.cu"
// Loops with barriers that threads leave after different trip counts (barrierLoops.ts): the
// loops become block-uniform, a flag per thread says who still does the work.
#define EMPTY (-1)

// List ranking by pointer jumping: the threads past the end skip the `if`; the others leave the
// loop when their successor is the end of the list.
kernel void rank(device int* next [[buffer(0)]], device int* rank [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{ threadgroup atomic_int cu2m_block_vote; /* __syncthreads_count/and/or */
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    // cu2metal: threads that leave a loop with barriers (or skip an `if` with barriers) keep reaching its barriers until the whole block has left it, as Metal requires (cu2m_loop/cu2m_if flags)
    const bool cu2m_if1 = (i < n);
    {
        int succ;
        bool cu2m_loop1 = cu2m_if1;
        while (cu2m_syncthreads_or(cu2m_block_vote, cu2m_loop1 = cu2m_loop1 && ((succ = next[i]) != EMPTY && next[succ] != EMPTY))) {
            int r;
            int nn;
            if (cu2m_loop1) {
                r = rank[succ];
                nn = next[succ];
            }
            threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
            if (cu2m_loop1) {
                rank[i] += r;
                next[i] = nn;
            }
            threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
        }
    }
}
#line 23 "barrier_loops.cu"
// A search that leaves with break once the thread's key is found, and skips a round with continue.
kernel void search(device const float* keys [[buffer(0)]], device const float* table [[buffer(1)]], device int* found [[buffer(2)]], constant int& rounds [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{ threadgroup atomic_int cu2m_block_vote; /* __syncthreads_count/and/or */
    threadgroup float window[128];
    const int t = threadIdx.x;
    const float key = keys[blockIdx.x * blockDim.x + t];
    int at = -1;
    // cu2metal: threads that leave a loop with barriers (or skip an `if` with barriers) keep reaching its barriers until the whole block has left it, as Metal requires (cu2m_loop/cu2m_if flags)
    bool cu2m_loop1 = true;
    for (int r = 0; cu2m_syncthreads_or(cu2m_block_vote, cu2m_loop1 = cu2m_loop1 && (r < rounds)); ++r) {
        bool cu2m_trip1 = cu2m_loop1;
        if (cu2m_trip1) {
            window[t] = table[r * blockDim.x + t];
        }
        threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
        if (cu2m_trip1) {
            if (window[(t + r) % 128] == key) {
                at = r;
                cu2m_loop1 = cu2m_trip1 = false;
            }
        }
        threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
        if (cu2m_trip1) {
            if (r % 2) cu2m_trip1 = false;
        }
        if (cu2m_trip1) {
            at = -2 - r;
        }
    }
    found[blockIdx.x * blockDim.x + t] = at;
}
#line 44 "barrier_loops.cu"
// Block-uniform loops stay as written.
kernel void reduce(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& passes [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    threadgroup float s[128];
    const int t = threadIdx.x;
    s[t] = in[blockIdx.x * 128 + t];
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    for (int p = 0; p < passes; ++p) {
        for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
            if (t < stride) s[t] += s[t + stride];
            threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
        }
    }
    if (t == 0) out[blockIdx.x] = s[0];
}
