// math.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// __ffs: 1-based position of the least significant set bit, 0 for 0
inline int cu2m_ffs(int x) { return x == 0 ? 0 : int(ctz(x)) + 1; }
#line 1 "math.cu"
// Math functions (float and double spellings), fast intrinsics, integer intrinsics, literals,
// math_constants.h constants.
kernel void math(device const float* x [[buffer(0)]], device float* y [[buffer(1)]], device const unsigned int* bits [[buffer(2)]], device int* ibits [[buffer(3)]], constant int& n [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    float a = sqrt(fabs(v)) + exp(-v * v) + sin(v) * cos(v) + pow(2.0f, v) + log(1.0f + fabs(v));
    float b = fmin(fmax(v, -1.0f), 1.5f) + floor(v) + ceil(v) + fast::exp(0.5f * v) + saturate(v) + rsqrt(1.0f + v * v);
    float c = atan2(v, 2.0f) + tanh(v) + fma(v, 2.0f, 1e-3f) + copysign(1.0f, v) + exp2(v) + log2(2.0f + v * v);
    float d = M_PI_F * v + M_SQRT1_2_F - INFINITY * 0.0f;
    y[i] = a + b + c + (isnan(d) ? 0.0f : d);
    ibits[i] = popcount(uint(bits[i])) + clz(int(bits[i])) + cu2m_ffs(bits[i]) + min(i, 7) + max(i, 3) + abs(i - 5);
}

// Integer arguments of float functions are converted (Metal overloads them for float and half);
// hexadecimal float literals get their f too; ldexp keeps its int exponent.
kernel void intArgs(device float* o [[buffer(0)]], constant int& n [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    int i = threadIdx.x;
    o[i] = sqrt(float(i)) + pow(2.0f, float(n)) + 0x1.8p1f + ldexp(o[i], n);
}
