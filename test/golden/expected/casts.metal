// casts.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "casts.cu"
// Pointer casts and local pointers take the address space of the memory they point into.
kernel void casts(device float* data [[buffer(0)]], constant int& n [[buffer(1)]], threadgroup char* raw [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    /* extern __shared__ raw[]: kernel parameter [[threadgroup(0)]] */
    threadgroup float* sf = (threadgroup float*)raw;
    device float4* d4 = reinterpret_cast<device float4*>(data);
    const device float* tail = data + 4 * (n / 4);
    float local[2] = {1.0f, 2.0f};
    thread float* lp = &local[0];
    sf[threadIdx.x] = d4[threadIdx.x].x + *lp;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    if (threadIdx.x == 0 && n % 4 != 0) data[0] += tail[0] + sf[0];
}
