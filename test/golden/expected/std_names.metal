// std_names.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 9 "std_names.cu"
template <typename T>
T largest() { return metal::numeric_limits<T>::max(); }

template <typename T>
int bitsOf(T) { return metal::is_same<T, float>::value ? 32 : 16; }

kernel void limits(device const int* in [[buffer(0)]], device float* out [[buffer(1)]], device uint64_t* wide [[buffer(2)]], device unsigned* bits [[buffer(3)]], constant int& n [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float x = (float)in[i] - 3.5f;
  float lowest = metal::numeric_limits<float>::lowest();
  float inf = metal::numeric_limits<float>::infinity();
  out[i] = abs(x) + sqrt(fabs(x)) + fmin(x, 0.0f);
  out[i] += (isinf(inf) ? 1.0f : 0.0f) + (lowest < -1e30f ? 2.0f : 0.0f);
  out[i] += (float)bitsOf(x) + (largest<int>() == 2147483647 ? 4.0f : 0.0f);
  wide[i] = metal::numeric_limits<uint64_t>::max() - (uint64_t)i;
  typename metal::make_unsigned<int>::type u = (unsigned)in[i] * 3u;
  bits[i] = u + (unsigned)metal::numeric_limits<short>::max();
}
