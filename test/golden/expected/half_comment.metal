// half_comment.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// atomicAdd (CUDA) on Metal atomics, relaxed order; returns the old value. int/unsigned: atomic_fetch_add; float: atomic_float in device memory, a CAS loop in threadgroup memory.
inline int atomicAdd(device int* p, int v) { return atomic_fetch_add_explicit((device atomic_int*)p, v, memory_order_relaxed); }
inline int atomicAdd(threadgroup int* p, int v) { return atomic_fetch_add_explicit((threadgroup atomic_int*)p, v, memory_order_relaxed); }
inline uint atomicAdd(device uint* p, uint v) { return atomic_fetch_add_explicit((device atomic_uint*)p, v, memory_order_relaxed); }
inline uint atomicAdd(threadgroup uint* p, uint v) { return atomic_fetch_add_explicit((threadgroup atomic_uint*)p, v, memory_order_relaxed); }
inline float atomicAdd(device float* p, float v) { return atomic_fetch_add_explicit((device atomic_float*)p, v, memory_order_relaxed); }
inline float atomicAdd(threadgroup float* p, float v) {
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    float old_ = as_type<float>(seen);
    if (atomic_compare_exchange_weak_explicit(a, &seen, as_type<uint>(float(old_ + v)), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
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
inline int cu2m_printf_1(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id, cu2m_parg a0) {
  device uint* p = cu2m_printf_reserve(buf, 7u, blockIdx, gridDim, id, 0u);
  if (p) {
    p[0] = a0.tag; p[1] = a0.lo; p[2] = a0.hi;
  }
  return 0;
}
#line 6 "half_comment.cu"
kernel void countOdd(device const int* in [[buffer(0)]], device int* count [[buffer(1)]], device uint* cu2m_printf_buffer [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]])
{
    /* ushort, __half2, nv_bfloat162 */
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (in[i] % 2 != 0) atomicAdd(count, 1); // half of them, roughly
    if (i == 0) cu2m_printf_1(cu2m_printf_buffer, blockIdx, gridDim, 0x54b57bd9u /* "counting in half / __nv_bfloat16 / unsigned short %c\n" */, cu2m_pa('h'));
}
