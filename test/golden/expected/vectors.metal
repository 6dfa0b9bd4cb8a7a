// vectors.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "vectors.cu"
// float2/float4 values and make_* constructors.
kernel void vectors(device const float4* in [[buffer(0)]], device float2* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float4 v = in[i];
    float4 w = float4(v.x * 2.0f, v.y + 1.0f, v.z, v.w);
    float2 s = float2(w.x + w.y, w.z - w.w);
    int2 k = int2(i, -i);
    out[i] = float2(s.x + k.x, s.y + k.y);
}

// helper_math.h-style operators: Metal has them built in (warning C2M1013), so they are not emitted.
/* operator+(float2, float2): built into Metal's vector types */

kernel void addVectors(device const float2* a [[buffer(0)]], device float2* out [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    out[threadIdx.x] = a[threadIdx.x] + a[0];
}
