// device_idioms.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
template <typename T>
T cu2m_value(T x) {
  return x;
}
template <typename T1, typename T2>
struct cu2m_pair {
  T1 first;
  T2 second;
  cu2m_pair() = default;
  cu2m_pair(T1 a, T2 b) : first(a), second(b) {}
};
template <typename T1, typename T2>
struct cu2m_tied {
  thread T1 *first;
  thread T2 *second;
  template <typename U1, typename U2>
  void operator=(cu2m_pair<U1, U2> p) {
    *first = p.first;
    *second = p.second;
  }
};
template <typename T1, typename T2>
cu2m_tied<T1, T2> cu2m_tie(thread T1 &a, thread T2 &b) {
  return cu2m_tied<T1, T2>{&a, &b};
}
template <typename T1, typename T2>
cu2m_pair<T1, T2> cu2m_make_pair(T1 a, T2 b) {
  return cu2m_pair<T1, T2>(a, b);
}
// the lane of the calling thread in its 32-wide SIMD group (warp): its linear index in the block mod 32
inline uint cu2m_lane_id(uint3 threadIdx, uint3 blockDim) { return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u; }
// __shfl_down_sync(mask, v, delta, width): the lane delta above, or the own value when that leaves the segment
template <typename T> inline T cu2m_shfl_down_width(T v, int x, int width, uint lane) {
  uint seg = uint(width) - 1u;
  uint d = uint(x) & 31u;
  T r = simd_shuffle(v, ushort((lane + d) & 31u));
  return (lane & seg) + d <= seg ? r : v;
}
#line 9 "device_idioms.cu"
template <typename T>
T shfl_down_any(uint3 threadIdx, uint3 blockDim, T v, unsigned delta, int width = 32) {
  return cu2m_shfl_down_width(v, delta, width, cu2m_lane_id(threadIdx, blockDim));
}

struct MinMax {
  float lo, hi;
};

template <typename ScaOp>
struct Apply {
  ScaOp scalar_op;
  float operator()(float x) const { return scalar_op(x) + 1.0f; }
};

struct Twice {
  float operator()(float x) const { return 2.0f * x; }
};

template <typename ScaOp>
float apply(float x, ScaOp op) {
  Apply<typename metal::remove_cv<typename metal::remove_reference<ScaOp>::type>::type> a{op};
  return a(x);
}

cu2m_pair<float, int> tagged(float v, int i) { return cu2m_make_pair(v, i); }

kernel void idioms(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], device int* where [[buffer(2)]], constant int& n [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  threadgroup MinMax shared[1];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  MinMax local = {0.0f, 1.0f};
  if (threadIdx.x == 0) shared[0] = MinMax{-1.0f, 1.0f};
  threadgroup_barrier(mem_flags::mem_threadgroup);
  MinMax m = (i % 2 == 0) ? cu2m_value(shared[0]) : cu2m_value(local);
  if (i >= n) return;
  float v;
  int at;
  cu2m_tie(v, at) = tagged(in[i] * m.hi, i);
  out[i] = apply(shfl_down_any(threadIdx, blockDim, v, 1), Twice{});
  where[i] = at;
}
