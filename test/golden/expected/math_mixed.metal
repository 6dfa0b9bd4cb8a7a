// math_mixed.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// nextafterf(x, y): the next float after x toward y (Metal has nextafter from MSL 3.1)
inline float cu2m_nextafter(float x, float y) {
#if __METAL_VERSION__ >= 310
  return nextafter(x, y);
#else
  if (isnan(x) || isnan(y)) return x + y;
  if (x == y) return y;
  if (x == 0.0f) return as_type<float>(y > 0.0f ? 1u : 0x80000001u);
  uint b = as_type<uint>(x);
  return as_type<float>((y > x) == (x > 0.0f) ? b + 1 : b - 1);
#endif
}
#line 1 "math_mixed.cu"
// min/max/abs with mixed or literal argument types, and nextafterf (a helper below MSL 3.1).
kernel void mixed(device const unsigned* u [[buffer(0)]], device const int* s [[buffer(1)]], device const short* h [[buffer(2)]], device long* out [[buffer(3)]], device float* f [[buffer(4)]], constant int& n [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]]) {
  unsigned x = u[threadIdx.x];
  int a = s[threadIdx.x];
  long wide = out[0];
  short small = h[0];
  out[1] = min(x, uint(0));
  f[0] = max(float(a), 1.0f);
  out[2] = max(uint(n - 1), blockDim.x);
  out[3] = abs(long(a));
  out[4] = max(wide, long(x));
  out[5] = abs(int(small)) + abs(int((char)a)) + abs(a);
  out[6] = max(uint(a), uint(3)) + min(long(a), wide);
  out[7] = min(x + 1u, uint(2)) + max(-a, 0);
  f[1] = fmax(float(a), float(0)) + cu2m_nextafter(f[2], 0.0f);
}
