// indexing3d.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "indexing3d.cu"
// threadIdx/blockIdx/blockDim/gridDim in x, y and z.
kernel void fill3d(device int* out [[buffer(0)]], constant int& nx [[buffer(1)]], constant int& ny [[buffer(2)]], constant int& nz [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]])
{
    unsigned int x = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned int y = blockIdx.y * blockDim.y + threadIdx.y;
    unsigned int z = blockIdx.z * blockDim.z + threadIdx.z;
    if (x < nx && y < ny && z < nz) {
        // encodes the grid shape so a swapped built-in is visible
        out[(z * ny + y) * nx + x] = gridDim.x * 100 + gridDim.y * 10 + gridDim.z;
    }
}
