// warps.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "warps.cu"
// Warp operations become SIMD-group functions; the mask is dropped (the active lanes take part).
kernel void warpOps(device const int* in [[buffer(0)]], device int* out [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  int v = in[threadIdx.x];
  int s = v;
  for (int offset = 16; offset > 0; offset >>= 1) s += simd_shuffle_down(s, ushort(offset & 31));
  unsigned votes = (uint(simd_vote::vote_t(simd_ballot(bool(v > 0)))) & uint(0xffffffff));
  if (int(simd_any(bool(v < 0)))) s = -s;
  simdgroup_barrier(mem_flags::mem_threadgroup);
  out[threadIdx.x] = s + simd_shuffle(v, ushort(0)) + (int)votes + simd_max(v);
}
