// params.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 3 "params.cu"
struct Params { float scale; int offset; };

// Kernel parameter kinds: const and mutable pointers, scalars of several types, a scalar the
// kernel modifies (copied to a local), size_t (ulong in Metal), float3 buffers (packed_float3)
// and a struct passed by value.
kernel void params(device const int* src [[buffer(0)]], device float* dst [[buffer(1)]], device packed_float3* points [[buffer(2)]], constant unsigned int& count [[buffer(3)]], constant ulong& stride [[buffer(4)]], constant long& bias [[buffer(5)]], constant bool& flag [[buffer(6)]], constant Params& p [[buffer(7)]], constant int& steps_arg [[buffer(8)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{ int steps = steps_arg;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    while (steps > 1) { steps--; }
    // field access: the msl-cpu model cannot copy a whole packed_float3 out of device memory
    float qx = points[i].x, qy = points[i].y;
    dst[i * stride] = (src[i] + p.offset + bias + steps) * p.scale + (flag ? qx : qy);
    points[i].z = 0.0f;
}
