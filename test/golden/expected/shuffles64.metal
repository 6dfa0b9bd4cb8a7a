// shuffles64.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// Warp shuffles of 64-bit integers (__shfl*_sync, __match_*_sync, cooperative-groups tiles): their two 32-bit halves.
inline long simd_shuffle(long v, ushort lane) { return as_type<long>(simd_shuffle(as_type<uint2>(v), lane)); }
inline long simd_shuffle_up(long v, ushort d) { return as_type<long>(simd_shuffle_up(as_type<uint2>(v), d)); }
inline long simd_shuffle_down(long v, ushort d) { return as_type<long>(simd_shuffle_down(as_type<uint2>(v), d)); }
inline long simd_shuffle_xor(long v, ushort mask) { return as_type<long>(simd_shuffle_xor(as_type<uint2>(v), mask)); }
inline ulong simd_shuffle(ulong v, ushort lane) { return as_type<ulong>(simd_shuffle(as_type<uint2>(v), lane)); }
inline ulong simd_shuffle_up(ulong v, ushort d) { return as_type<ulong>(simd_shuffle_up(as_type<uint2>(v), d)); }
inline ulong simd_shuffle_down(ulong v, ushort d) { return as_type<ulong>(simd_shuffle_down(as_type<uint2>(v), d)); }
inline ulong simd_shuffle_xor(ulong v, ushort mask) { return as_type<ulong>(simd_shuffle_xor(as_type<uint2>(v), mask)); }
// the lane of the calling thread in its 32-wide SIMD group (warp): its linear index in the block mod 32
inline uint cu2m_lane_id(uint3 threadIdx, uint3 blockDim) { return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u; }
// __shfl_xor_sync(mask, v, laneMask, width): lane ^ laneMask, or the own value when that is in a later segment
template <typename T> inline T cu2m_shfl_xor_width(T v, int x, int width, uint lane) {
  uint seg = uint(width) - 1u;
  uint src = lane ^ (uint(x) & 31u);
  T r = simd_shuffle(v, ushort(src));
  return src <= (lane | seg) ? r : v;
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
#line 1 "shuffles64.cu"
// 64-bit integer shuffles and matches: the two 32-bit halves (simd_shuffle overloads first).
kernel void shuffles64(device ulong* p [[buffer(0)]], device long* q [[buffer(1)]], device unsigned* groups [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]])
{
    int t = threadIdx.x;
    ulong v = p[t];
    long w = q[t];
    for (int offset = 16; offset > 0; offset /= 2) v += simd_shuffle_down(v, ushort(offset & 31));
    p[t] = simd_shuffle(v, ushort(0));
    q[t] = cu2m_shfl_xor_width(w, 1, 8, cu2m_lane_id(threadIdx, blockDim));
    groups[t] = cu2m_match_any(0xffffffffu, (ulong)(p + (t & 3)));
}
