// preprocessor.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 4 "preprocessor.cu"
#define BLOCK 128
#define CLAMP(v, lo, hi) ((v) < (lo) ? (lo) : ((v) > (hi) ? (hi) : (v)))
constant int kRadius = 2;


kernel void smooth(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]])
{
    int i = blockIdx.x * BLOCK + threadIdx.x;
    float s = 0.0f;
    for (int d = -kRadius; d <= kRadius; ++d) s += in[CLAMP(i + d, 0, n - 1)];
    if (i < n) out[i] = s / (2 * kRadius + 1);
}
