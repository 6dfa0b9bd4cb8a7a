// regressions.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// frexpf(x, &e) with e in any address space (MSL takes a thread reference)
template <typename P> inline float cu2m_frexp(float x, P e) { int t; float m = frexp(x, t); *e = t; return m; }
#line 1 "regressions.cu"
// Cases found in review: each once translated wrongly.
#define GID (blockIdx.x * blockDim.x + threadIdx.x)

struct Launch { packed_uint3 shape; float thread_; };
#line 9 "regressions.cu"
float scaleOf(const device float* p) { return 2.0f * p[0]; }


float hostOrDevice(uint3 blockIdx, uint3 gridDim, device uint* cu2m_printf_buffer, float v)
{
#ifdef __CUDA_ARCH__
    return v * 2.0f;
#else
    printf("host path\n");
    return v;
#endif
}

float withDefault(uint3 threadIdx, float x, float s = 2.0f) { return x * s + threadIdx.x; }

kernel void regressions(device float* o [[buffer(0)]], device const packed_uint3* shapes [[buffer(1)]], device Launch* launches [[buffer(2)]], device float* arg3 [[buffer(3)]], constant int& arg4 [[buffer(4)]], device uint* cu2m_printf_buffer [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]])
{
    threadgroup float s[64];
    float acc; threadgroup float *p; device float *q = o;            // one declaration, three memories
    p = s;
    acc = GID;                         // built-ins through a macro
    p[threadIdx.x] = acc + shapes[0].y + launches[0].thread_;
    int e;
    float m = cu2m_frexp(acc, &e) + hostOrDevice(blockIdx, gridDim, cu2m_printf_buffer, scaleOf(o)) + withDefault(threadIdx, acc);
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    q[threadIdx.x] = s[63 - threadIdx.x] + m + e;
}
