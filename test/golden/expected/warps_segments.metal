// warps_segments.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// the lane of the calling thread in its 32-wide SIMD group (warp): its linear index in the block mod 32
inline uint cu2m_lane_id(uint3 threadIdx, uint3 blockDim) { return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u; }
// __shfl_sync(mask, v, src, width): lane src mod width of the caller's segment of width lanes
template <typename T> inline T cu2m_shfl_width(T v, int x, int width, uint lane) {
  uint seg = uint(width) - 1u;
  return simd_shuffle(v, ushort((lane & ~seg) | (uint(x) & seg)));
}
// __shfl_up_sync(mask, v, delta, width): the lane delta below, or the own value when that leaves the segment
template <typename T> inline T cu2m_shfl_up_width(T v, int x, int width, uint lane) {
  uint seg = uint(width) - 1u;
  uint d = uint(x) & 31u;
  T r = simd_shuffle(v, ushort((lane - d) & 31u));
  return (lane & seg) >= d ? r : v;
}
// __shfl_down_sync(mask, v, delta, width): the lane delta above, or the own value when that leaves the segment
template <typename T> inline T cu2m_shfl_down_width(T v, int x, int width, uint lane) {
  uint seg = uint(width) - 1u;
  uint d = uint(x) & 31u;
  T r = simd_shuffle(v, ushort((lane + d) & 31u));
  return (lane & seg) + d <= seg ? r : v;
}
// __match_any_sync(mask, v): the active lanes of the warp whose v equals the caller's (mask: the active lanes take part)
template <typename T> inline uint cu2m_match_any(uint mask, T v) {
  (void)mask;
  uint active = uint(simd_vote::vote_t(simd_active_threads_mask()));
  uint r = 0u;
  for (ushort l = 0; l < 32; l++) {
    T o = simd_shuffle(v, l);
    if (((active >> l) & 1u) != 0u && o == v) r |= 1u << l;
  }
  return r;
}
// __match_all_sync(mask, v, &pred): the active lanes when they all hold the caller's v (*pred = 1), else 0 (*pred = 0)
template <typename T, typename P> inline uint cu2m_match_all(uint mask, T v, P pred) {
  (void)mask;
  uint active = uint(simd_vote::vote_t(simd_active_threads_mask()));
  uint equal = 0u;
  for (ushort l = 0; l < 32; l++) {
    T o = simd_shuffle(v, l);
    if (((active >> l) & 1u) != 0u && o == v) equal |= 1u << l;
  }
  bool same = equal == active; // the same answer in every lane: one differing value breaks all
  *pred = same ? 1 : 0;
  return same ? active : 0u;
}
// __shfl_xor_sync(mask, v, laneMask, width): lane ^ laneMask, or the own value when that is in a later segment
template <typename T> inline T cu2m_shfl_xor_width(T v, int x, int width, uint lane) {
  uint seg = uint(width) - 1u;
  uint src = lane ^ (uint(x) & 31u);
  T r = simd_shuffle(v, ushort(src));
  return src <= (lane | seg) ? r : v;
}
#line 1 "warps_segments.cu"
// Shuffles over segments of the warp and match: helpers with CUDA's segment rules.
float segmentSum(uint3 threadIdx, uint3 blockDim, float v, int width) {
    for (int offset = width / 2; offset > 0; offset /= 2) v += cu2m_shfl_xor_width(v, offset, width, cu2m_lane_id(threadIdx, blockDim));
    return v;
}

kernel void segments(device float* data [[buffer(0)]], device unsigned* groups [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]], uint warpSize [[threads_per_simdgroup]]) {
    float v = data[threadIdx.x];
    float first = cu2m_shfl_width(v, 0, 16, cu2m_lane_id(threadIdx, blockDim));
    float prev = cu2m_shfl_up_width(v, 1, 8, cu2m_lane_id(threadIdx, blockDim));
    float next = cu2m_shfl_down_width(v, 2, 4, cu2m_lane_id(threadIdx, blockDim));
    float whole = simd_shuffle_down(v, ushort(1));
    data[threadIdx.x] = segmentSum(threadIdx, blockDim, v, 8) + first + prev + next + whole;
    int same = 0;
    groups[threadIdx.x] = cu2m_match_any(0xffffffffu, (int)v) | cu2m_match_all(0xffffffffu, threadIdx.x / 32, &same) | same;
}
