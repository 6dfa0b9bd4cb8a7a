// shared_dynamic.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 3 "shared_dynamic.cu"
// Dynamic shared memory declared in the kernel, sized by the launch's third argument.
kernel void blockSum(device const float* in [[buffer(0)]], device float* partial [[buffer(1)]], constant int& n [[buffer(2)]], threadgroup float* sdata [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    /* extern __shared__ sdata[]: kernel parameter [[threadgroup(0)]] */
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    sdata[tid] = i < n ? in[i] : 0.0f;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) sdata[tid] += sdata[tid + s];
        threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    }
    if (tid == 0) partial[blockIdx.x] = sdata[0];
}

// The file-scope array, and a second extern array aliasing the same memory.
kernel void scaleViaShared(device float* data [[buffer(0)]], constant float& k [[buffer(1)]], threadgroup int* asInts [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]])
{ threadgroup float* fileScopeShared = (threadgroup float*)asInts;
    /* extern __shared__ asInts[]: kernel parameter [[threadgroup(0)]] */
    fileScopeShared[threadIdx.x] = data[threadIdx.x] * k;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    asInts[0] = 0;
    data[threadIdx.x] = fileScopeShared[blockDim.x - 1 - threadIdx.x];
}
