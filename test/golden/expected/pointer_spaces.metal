// pointer_spaces.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 3 "pointer_spaces.cu"
template <typename T, int W>
void load(thread T *dst, const device T *src);

template <>
void load<float, 2>(thread float *dst, const device float *src) {
  dst[0] = src[0];
  dst[1] = src[1];
}

struct Cursor {
  thread float *at;
  int left;
};

struct Link {
  threadgroup Link *next;
  float w;
};

float drain(Cursor c) {
  float s = 0.0f;
  while (c.left-- > 0) s += *c.at++;
  return s;
}

kernel void gather(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup Link chain[64];
  float pair[2];
  load<float, 2>(pair, in + 2 * threadIdx.x);
  Cursor c;
  c.at = pair;
  c.left = 2;
  chain[threadIdx.x].w = pair[0];
  chain[threadIdx.x].next = &chain[(threadIdx.x + 1) % 64];
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  out[threadIdx.x] = drain(c) + chain[threadIdx.x].next->w;
}
