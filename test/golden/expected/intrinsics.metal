// intrinsics.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// __uni_sync(mask, p): 1 when p is the same in every active lane of mask
inline int cu2m_uni_sync(uint mask, bool p) {
  uint lanes = uint(simd_vote::vote_t(simd_active_threads_mask())) & mask;
  uint set = uint(simd_vote::vote_t(simd_ballot(p))) & lanes;
  return int(set == 0u || set == lanes);
}
// __fns(mask, base, offset): the position of the |offset|-th set bit of mask from bit base (included),
// upward for offset > 0, downward for offset < 0; offset 0: base if its bit is set; else 0xffffffff
inline uint cu2m_fns(uint mask, uint base, int offset) {
  if (base > 31u) return 0xffffffffu;
  if (offset == 0) return ((mask >> base) & 1u) != 0u ? base : 0xffffffffu;
  uint count = offset > 0 ? uint(offset - 1) : uint(-(offset + 1));
  int step = offset > 0 ? 1 : -1;
  for (int pos = int(base); pos >= 0 && pos < 32; pos += step) {
    if (((mask >> uint(pos)) & 1u) != 0u) {
      if (count == 0u) return uint(pos);
      count--;
    }
  }
  return 0xffffffffu;
}
// __pipeline_memcpy_async(dst, src, size, zfill): done at once; size - zfill bytes copied, the last zfill zeroed
template <typename D, typename S> inline void cu2m_pipeline_memcpy(D dst, S src, size_t size, size_t zfill = 0) {
  size_t n = zfill < size ? size - zfill : 0;
  for (size_t i = 0; i < n; ++i) dst[i] = src[i];
  for (size_t i = n; i < size; ++i) dst[i] = uchar(0);
}
// Device printf (cu2metal): records appended to the runtime's printf buffer, printed after the launch
struct cu2m_parg { uint tag; uint lo; uint hi; };
inline cu2m_parg cu2m_pa(float v) { return {2u, as_type<uint>(v), 0u}; }
template <typename T> inline cu2m_parg cu2m_pa(T v) {
  if (is_floating_point<T>::value) return {2u, as_type<uint>(float(v)), 0u}; // half
  long w = is_signed<T>::value ? long(v) : long(ulong(v));
  return {is_signed<T>::value ? 0u : 1u, uint(ulong(w)), uint(ulong(w) >> 32)};
}
inline cu2m_parg cu2m_ps(uint id) { return {3u, id, 0u}; }
inline device uint* cu2m_printf_reserve(device uint* buf, uint words, uint3 blockIdx, uint3 gridDim, uint id, uint flags) {
  uint at = atomic_fetch_add_explicit((device atomic_uint*)buf, words, memory_order_relaxed);
  if (at > buf[1] || words > buf[1] - at) {
    atomic_fetch_add_explicit((device atomic_uint*)(buf + 2), 1u, memory_order_relaxed);
    return nullptr;
  }
  buf[at] = words;
  buf[at + 1] = id;
  buf[at + 2] = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  buf[at + 3] = flags;
  return buf + at + 4;
}
inline void cu2m_assert_fail(device uint* buf, uint3 blockIdx, uint3 gridDim, uint3 threadIdx, uint id) {
  device uint* p = cu2m_printf_reserve(buf, 4u + 18u, blockIdx, gridDim, id, 2u);
  if (!p) return;
  uint v[6] = {blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z};
  for (uint i = 0; i < 6u; i++) { p[3 * i] = 1u; p[3 * i + 1] = v[i]; p[3 * i + 2] = 0u; }
}
#line 5 "intrinsics.cu"
unsigned isShared(const threadgroup void* p) { return 1u /* __isShared: threadgroup */; }
#line 5 "intrinsics.cu"
unsigned isShared(const device void* p) { return 0u /* __isShared: device */; }

void requirePositive(uint3 threadIdx, uint3 blockIdx, uint3 gridDim, device uint* cu2m_printf_buffer, int v) {
  if (v <= 0) cu2m_assert_fail(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0x7a5fd5bbu);
}

kernel void votes(device unsigned* out [[buffer(0)]], device const int* in [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int p = i < n && in[i] > 0;
  unsigned ballot = uint(simd_vote::vote_t(simd_ballot(bool(p))));
  int any = int(simd_any(bool(p))), all = int(simd_all(bool(p)));
  int uniform = cu2m_uni_sync(0xffffffffu, p);
  unsigned third = cu2m_fns(ballot, 0, 3);
  ((void)(200) /* __nanosleep: no sleep in Metal */);
  out[i] = ballot ^ (unsigned)(any + 2 * all + 4 * uniform) ^ third;
  atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device);
}

kernel void staged(device float* out [[buffer(0)]], device const float4* in [[buffer(1)]], device const int* flags [[buffer(2)]], device uint* cu2m_printf_buffer [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 gridDim [[threadgroups_per_grid]]) {
  threadgroup float4 tile[64];
  float4 mine[1];
  cu2m_pipeline_memcpy((threadgroup uchar*)(&tile[threadIdx.x]), (const device uchar*)(&in[blockIdx.x * 64 + threadIdx.x]), sizeof(float4));
  ((void)0 /* __pipeline_commit: the copies are done */);
  ((void)(0) /* __pipeline_wait_prior: the copies are done */);
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  mine[0] = tile[63 - threadIdx.x];
  requirePositive(threadIdx, blockIdx, gridDim, cu2m_printf_buffer, flags[blockIdx.x]);
  if (flags[blockIdx.x] > 1000) cu2m_assert_fail(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0xc58e3156u);
  unsigned where = 1u /* __isGlobal: device */ + 2 * isShared(tile) + 4 * isShared(flags) + 8 * 1u /* __isLocal: thread */;
  out[blockIdx.x * 64 + threadIdx.x] = mine[0].x + mine[0].w + (float)where;
}
