// c_macros.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 5 "c_macros.cu"
kernel void k(device const float* in [[buffer(0)]], device int* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    int i = threadIdx.x;
    const device float* p = i < n ? in : nullptr;
    out[i] = (p != nullptr ? (int)p[i] : INT_MAX) + (INT_MIN < 0 ? 1 : 0) + (UINT_MAX > 0u ? 1 : 0);
}
