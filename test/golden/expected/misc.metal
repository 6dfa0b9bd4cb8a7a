// misc.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "misc.cu"
// Struct member functions, prototypes, static inline helpers, #pragma in bodies, const pointers,
// casts and sizeof, grid-stride loops.
struct Acc { float sum; int count;
  void add(float v) { sum += v; count++; } };

float helperLater(const device float* p, int i);


static inline int lane(uint3 threadIdx) { return threadIdx.x & 31; }

kernel void strided(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], device float* unused [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]])
{
    Acc acc = {0.0f, 0};
    #pragma unroll 4
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        acc.add(helperLater(in, i));
    }
    const device float* const p = in + (n > 0 ? 0 : 1);
    float f = (float)lane(threadIdx) + sizeof(float) * 0 + (acc.count > 0 ? acc.sum / acc.count : 0.0f);
    unsigned u = threadIdx.x;
    if (blockIdx.x * blockDim.x + threadIdx.x < n) out[blockIdx.x * blockDim.x + threadIdx.x] = f + p[0] * 0 + u * 0;
}

float helperLater(const device float* p, int i) { return p[i] * 0.5f; }

kernel void proto(device float* out [[buffer(0)]], constant int& k [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]]) { out[threadIdx.x] = k; }

// dim3 values in device code are uint3; __restrict__ has no MSL spelling.
float first(const device float* p) { return p[0]; }

kernel void dims(device const float* in [[buffer(0)]], device unsigned int* out [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    uint3 t = threadIdx;
    out[t.x] = t.y + t.z + (unsigned int)first(in);
}
