// device_launch.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
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
// cudaStreamCreateWithFlags in device code: a stream value for launch records (children run after the parent grid)
template <typename S> inline int cu2m_stream_create(S s, uint flags) { (void)flags; *s = 0ul; return 0; }
// Launches from device code (cu2metal): a record in the printf buffer that the runtime launches
// once this grid has completed (buf[5]: launches refused, buf[6]: launches recorded,
// buf[7]: cudaLimitDevRuntimePendingLaunchCount)
inline uint3 cu2m_dim(uint3 d) { return d; }
template <typename T> inline uint3 cu2m_dim(T x) { return uint3(uint(x), 1u, 1u); }
template <typename T> inline uint cu2m_la_words() { return 1u + (uint(sizeof(T)) + 3u) / 4u; }
template <typename T> inline device uint* cu2m_la_put(device uint* p, T v) {
  p[0] = uint(sizeof(T));
  thread const uchar* s = reinterpret_cast<thread const uchar*>(&v);
  device uchar* d = reinterpret_cast<device uchar*>(p + 1);
  for (uint i = 0; i < uint(sizeof(T)); i++) d[i] = s[i];
  return p + cu2m_la_words<T>();
}
inline device uint* cu2m_launch_reserve(device uint* buf, uint words, uint3 blockIdx, uint3 gridDim, uint id, uint3 grid, uint3 block, uint shmem, ulong stream, uint nargs) {
  uint n = atomic_fetch_add_explicit((device atomic_uint*)(buf + 6), 1u, memory_order_relaxed);
  uint at = n < buf[7] ? atomic_fetch_add_explicit((device atomic_uint*)buf, words, memory_order_relaxed) : 0u;
  if (n >= buf[7] || at > buf[1] || words > buf[1] - at) {
    atomic_fetch_add_explicit((device atomic_uint*)(buf + 5), 1u, memory_order_relaxed);
    return nullptr;
  }
  device uint* p = buf + at;
  p[0] = words;
  p[1] = id;
  p[2] = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  p[3] = 4u;
  p[4] = grid.x; p[5] = grid.y; p[6] = grid.z;
  p[7] = block.x; p[8] = block.y; p[9] = block.z;
  p[10] = shmem; p[11] = uint(stream); p[12] = uint(stream >> 32); p[13] = nargs;
  return p + 14;
}
template <typename A0, typename A1, typename A2>
inline void cu2m_launch_3(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id, uint3 grid, uint3 block, uint shmem, ulong stream, A0 a0, A1 a1, A2 a2) {
  device uint* p = cu2m_launch_reserve(buf, 14u + cu2m_la_words<A0>() + cu2m_la_words<A1>() + cu2m_la_words<A2>(), blockIdx, gridDim, id, grid, block, shmem, stream, 3u);
  if (!p) return;
  p = cu2m_la_put(p, a0);
  p = cu2m_la_put(p, a1);
  p = cu2m_la_put(p, a2);
}
// cudaStreamDestroy in device code: nothing to free (launches already recorded still run)
inline int cu2m_stream_destroy(ulong s) { (void)s; return 0; }
inline int cu2m_printf_0(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id) {
  device uint* p = cu2m_printf_reserve(buf, 4u, blockIdx, gridDim, id, 0u);
  (void)p;
  return 0;
}
template <typename A0>
inline void cu2m_launch_1(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id, uint3 grid, uint3 block, uint shmem, ulong stream, A0 a0) {
  device uint* p = cu2m_launch_reserve(buf, 14u + cu2m_la_words<A0>(), blockIdx, gridDim, id, grid, block, shmem, stream, 1u);
  if (!p) return;
  p = cu2m_la_put(p, a0);
}
#line 5 "device_launch.cu"
struct Span {
  int first;
  int count;
};

kernel void scale(device float* data [[buffer(0)]], constant Span& span [[buffer(1)]], constant float& factor [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = span.first + blockIdx.x * blockDim.x + threadIdx.x;
  if (i < span.first + span.count) data[i] *= factor;
}

kernel void done(device const float* data [[buffer(0)]], device uint* cu2m_printf_buffer [[buffer(1)]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 gridDim [[threadgroups_per_grid]]) { cu2m_printf_1(cu2m_printf_buffer, blockIdx, gridDim, 0xad1cde99u /* "first value %f\n" */, cu2m_pa(data[0])); }

void launchHalf(uint3 blockIdx, uint3 gridDim, device uint* cu2m_printf_buffer, device float *data, Span span, float factor) {
  uint3 block = uint3(64, 1, 1);
  cu2m_launch_3(cu2m_printf_buffer, blockIdx, gridDim, 0x82971c71u /* scale */, cu2m_dim((span.count + 63) / 64), cu2m_dim(block), 0u, 0ul, static_cast<device float*>(data), static_cast<Span>(span), static_cast<float>(factor));
}

kernel void parent(device float* data [[buffer(0)]], constant int& n [[buffer(1)]], device uint* cu2m_printf_buffer [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 gridDim [[threadgroups_per_grid]]) {
  if (threadIdx.x == 0) {
    Span low = {0, n / 2};
    launchHalf(blockIdx, gridDim, cu2m_printf_buffer, data, low, 2.0f);
    ulong s;
    cu2m_stream_create(&s, 1u);
    Span high = {n / 2, n - n / 2};
    cu2m_launch_3(cu2m_printf_buffer, blockIdx, gridDim, 0x82971c71u /* scale */, cu2m_dim((high.count + 63) / 64), cu2m_dim(64), uint(0), ulong(s), static_cast<device float*>(data), static_cast<Span>(high), static_cast<float>(3.0f));
    cu2m_stream_destroy(s);
    if (0 /* cudaGetLastError: device launches are recorded, their errors reach the host */ != 0) cu2m_printf_0(cu2m_printf_buffer, blockIdx, gridDim, 0x1cfb5fa1u /* "launch failed\n" */);
    cu2m_launch_1(cu2m_printf_buffer, blockIdx, gridDim, 0x26f38071u /* done */, cu2m_dim(1), cu2m_dim(1), uint(0), ulong(3ul), static_cast<device const float*>(data));
  }
}
