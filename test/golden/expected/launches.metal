// launches.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 4 "launches.cu"
float twice(float v) { return 2.0f * v; }

kernel void scale(device float* data [[buffer(0)]], constant float& k [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) data[i] = twice(data[i]) * k;
}

kernel void reduce(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], threadgroup float* s [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]])
{
    /* extern __shared__ s[]: kernel parameter [[threadgroup(0)]] */
    s[threadIdx.x] = in[threadIdx.x];
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}
