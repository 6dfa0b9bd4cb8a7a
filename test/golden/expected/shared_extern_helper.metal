// shared_extern_helper.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "shared_extern_helper.cu"
// extern __shared__ in __device__ helpers: the kernel's dynamic memory, passed down.
float stage(uint3 threadIdx, uint3 blockDim, threadgroup uchar* cu2m_dynamic_shared, float v)
{
    threadgroup float* buf = (threadgroup float*)cu2m_dynamic_shared; /* extern __shared__ buf[] */
    buf[threadIdx.x] = v;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    return buf[blockDim.x - 1 - threadIdx.x];
}

float twice(uint3 threadIdx, uint3 blockDim, threadgroup uchar* cu2m_dynamic_shared, float v) { return stage(threadIdx, blockDim, cu2m_dynamic_shared, stage(threadIdx, blockDim, cu2m_dynamic_shared, v)); }

kernel void viaHelpers(device float* data [[buffer(0)]], threadgroup uchar* cu2m_dynamic_shared [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]])
{
    data[threadIdx.x] = twice(threadIdx, blockDim, cu2m_dynamic_shared, data[threadIdx.x]);
}

kernel void ownAndHelper(device int* data [[buffer(0)]], threadgroup int* own [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]])
{
    /* extern __shared__ own[]: kernel parameter [[threadgroup(0)]] */
    own[threadIdx.x] = data[threadIdx.x];
    atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_threadgroup);
    data[threadIdx.x] = (int)stage(threadIdx, blockDim, (threadgroup uchar*)own, (float)own[threadIdx.x]);
}
