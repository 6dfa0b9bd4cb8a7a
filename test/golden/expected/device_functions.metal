// device_functions.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "device_functions.cu"
// Helpers: __device__, __host__ __device__, built-ins used inside helpers, pointer parameters
// called with device and threadgroup memory (two overloads), and reference parameters.
inline float square(float v) { return v * v; }

inline unsigned int globalIndex(uint3 threadIdx, uint3 blockIdx, uint3 blockDim) { return blockIdx.x * blockDim.x + threadIdx.x; }

float sumTwo(const threadgroup float* p, int i) { return p[i] + p[i + 1]; }
#line 7 "device_functions.cu"
float sumTwo(const device float* p, int i) { return p[i] + p[i + 1]; }

void accumulate(thread float& acc, float v) { acc += v; }

kernel void helpers(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    threadgroup float cache[64];
    unsigned int i = globalIndex(threadIdx, blockIdx, blockDim);
    cache[threadIdx.x] = i < n ? in[i] : 0.0f;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    float acc = 0.0f;
    accumulate(acc, square(cache[threadIdx.x]));
    if (threadIdx.x + 1 < blockDim.x && i + 1 < n) acc += sumTwo(cache, threadIdx.x) + sumTwo(in, i);
    if (i < n) out[i] = acc;
}
