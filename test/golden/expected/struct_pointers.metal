// struct_pointers.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "struct_pointers.cu"
// Pointer fields in structs: device pointers in Metal; the host stub lists their offsets.
struct Buffer {
    device float* data;
    unsigned int count;
};

struct Pass {
    Buffer src;
    Buffer dst;
    const device int* lut[2];
    device packed_float3* normals;
};

float fetch(const constant Buffer& b, unsigned int i) {
    return i < b.count ? b.data[i] : 0.0f;
}

kernel void run(constant Pass& pass [[buffer(0)]], constant float& gain [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    device float* out = pass.dst.data;
    if (i < pass.dst.count) out[i] = gain * fetch(pass.src, i) + pass.lut[i & 1][0] + pass.normals[i].z;
}
