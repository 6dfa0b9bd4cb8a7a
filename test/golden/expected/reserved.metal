// reserved.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "reserved.cu"
// CUDA names that are Metal keywords are renamed; the program's own dot()/clamp() are called
// as ::dot()/::clamp() so they cannot be ambiguous with Metal's.
float dot(float2 a, float2 b) { return a.x * b.x + a.y * b.y; }
float clamp(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

kernel void keywords(device const float2* vertex_ [[buffer(0)]], device float* half_ [[buffer(1)]], constant int& thread_ [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int device_ = blockIdx.x * blockDim.x + threadIdx.x;
    if (device_ >= thread_) return;
    float constant_ = ::dot(vertex_[device_], vertex_[device_]);
    half_[device_] = ::clamp(constant_, 0.0f, 1.0f);
}
