// printf.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// clock()/clock64(): the CPU's cycle counter on msl-cpu; Metal has none, so a monotonic device-wide ticket
inline long cu2m_clock64(device uint* buf) {
#if defined(__CU2M_METAL)
  (void)buf;
  return long(__builtin_readcyclecounter());
#else
  return long(atomic_fetch_add_explicit((device atomic_uint*)(buf + 4), 1u, memory_order_relaxed));
#endif
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
inline int cu2m_printf_6(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id, cu2m_parg a0, cu2m_parg a1, cu2m_parg a2, cu2m_parg a3, cu2m_parg a4, cu2m_parg a5) {
  device uint* p = cu2m_printf_reserve(buf, 22u, blockIdx, gridDim, id, 0u);
  if (p) {
    p[0] = a0.tag; p[1] = a0.lo; p[2] = a0.hi;
    p[3] = a1.tag; p[4] = a1.lo; p[5] = a1.hi;
    p[6] = a2.tag; p[7] = a2.lo; p[8] = a2.hi;
    p[9] = a3.tag; p[10] = a3.lo; p[11] = a3.hi;
    p[12] = a4.tag; p[13] = a4.lo; p[14] = a4.hi;
    p[15] = a5.tag; p[16] = a5.lo; p[17] = a5.hi;
  }
  return 0;
}
inline int cu2m_printf_0(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id) {
  device uint* p = cu2m_printf_reserve(buf, 4u, blockIdx, gridDim, id, 0u);
  (void)p;
  return 0;
}
inline int cu2m_printf_2(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id, cu2m_parg a0, cu2m_parg a1) {
  device uint* p = cu2m_printf_reserve(buf, 10u, blockIdx, gridDim, id, 0u);
  if (p) {
    p[0] = a0.tag; p[1] = a0.lo; p[2] = a0.hi;
    p[3] = a1.tag; p[4] = a1.lo; p[5] = a1.hi;
  }
  return 0;
}
#line 5 "printf.cu"
float scaled(uint3 blockIdx, uint3 gridDim, device uint* cu2m_printf_buffer, float x, int i) {
  cu2m_printf_2(cu2m_printf_buffer, blockIdx, gridDim, 0x0218c7dbu /* "scaled %d: %.2f\n" */, cu2m_pa(i), cu2m_pa(x));
  return 2.0f * x;
}

[[max_total_threads_per_threadgroup(256)]] kernel void report(device float* out [[buffer(0)]], device const float* in [[buffer(1)]], constant int& n [[buffer(2)]], device long* ticks [[buffer(3)]], device uint* cu2m_printf_buffer [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  long t0 = cu2m_clock64(cu2m_printf_buffer);
  ((i < 4 * n) ? (void)0 : cu2m_assert_fail(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0x2a6dcc93u));
  if (i < n) {
    out[i] = scaled(blockIdx, gridDim, cu2m_printf_buffer, in[i], i);
    cu2m_printf_6(cu2m_printf_buffer, blockIdx, gridDim, 0x41cef900u /* "%s %u/%d %e %c %lld %%\n" */, cu2m_ps(0xa2c55fecu), cu2m_pa((unsigned)i), cu2m_pa(n), cu2m_pa(out[i]), cu2m_pa('x'), cu2m_pa((long)i * 3));
  }
  if (i == 0) cu2m_printf_0(cu2m_printf_buffer, blockIdx, gridDim, 0xac50f67bu /* "done\n" */);
  ticks[i] = cu2m_clock64(cu2m_printf_buffer) - t0;
  long c0 = cu2m_clock64(cu2m_printf_buffer);
  ticks[i] += (long)(cu2m_clock64(cu2m_printf_buffer) - c0);
}
