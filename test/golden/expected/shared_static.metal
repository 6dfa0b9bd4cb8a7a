// shared_static.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "shared_static.cu"
#define TILE 16

// Tiled transpose through a static shared tile; the +1 avoids bank conflicts.
kernel void transpose(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& w [[buffer(2)]], constant int& h [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]])
{
    threadgroup float tile[TILE][TILE + 1];
    int x = blockIdx.x * TILE + threadIdx.x;
    int y = blockIdx.y * TILE + threadIdx.y;
    if (x < w && y < h) tile[threadIdx.y][threadIdx.x] = in[y * w + x];
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    x = blockIdx.y * TILE + threadIdx.x;
    y = blockIdx.x * TILE + threadIdx.y;
    if (x < h && y < w) out[y * h + x] = tile[threadIdx.x][threadIdx.y];
}
