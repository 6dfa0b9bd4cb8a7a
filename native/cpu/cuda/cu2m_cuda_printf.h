// cu2metal — device printf and assert for the cuda-cpu reference backend.
//
// The translated kernels (msl-cpu, Metal) append printf records to the runtime's printf buffer,
// which the runtime formats and prints after the launch in block order (native/runtime/printf.cpp).
// The reference formats with the C library here and appends the finished text to the SAME buffer
// (bound by the module glue as cu2m_sym_cu2m_printf_buffer, the kernel's "cu2m_printf_buffer"
// symbol), so both backends print the same text in the same order. A failed assert is a record
// too: the runtime prints CUDA's message and fails the launch with cudaErrorAssert.
// Without a bound buffer (device code the translator did not see print) printf writes to stdout
// and assert traps as before.
#ifndef CU2M_CUDA_PRINTF_H
#define CU2M_CUDA_PRINTF_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h> // device clock(): the C library's (clock64 is the cycle counter, cu2m_cuda_device.h)

// Set at each thread entry of a kernel that prints (src/build/glue.ts); null otherwise.
inline void* cu2m_sym_cu2m_printf_buffer = nullptr;

namespace cu2m_cuda {

// Appends a text record ([words, id, block, flags, bytes, text...]); false when no buffer is bound.
inline bool printf_append(const char* text, size_t n, uint32_t flags) {
  uint32_t* b = static_cast<uint32_t*>(cu2m_sym_cu2m_printf_buffer);
  if (!b) return false;
  const cu2m_dim3 bi = current->block_idx, g = current->grid_dim;
  const uint64_t words64 = 5 + (uint64_t(n) + 3) / 4;
  const uint32_t words = words64 > 0x40000000u ? 0x40000000u : uint32_t(words64);
  const uint32_t at = __atomic_fetch_add(&b[0], words, __ATOMIC_RELAXED);
  if (words64 > 0x40000000u || at > b[1] || words > b[1] - at) {
    __atomic_fetch_add(&b[2], 1u, __ATOMIC_RELAXED);
    return true;
  }
  b[at + 1] = 0;
  b[at + 2] = bi.x + g.x * (bi.y + g.y * bi.z);
  b[at + 3] = flags;
  b[at + 4] = uint32_t(n);
  memcpy(b + at + 5, text, n);
  __atomic_store_n(&b[at], words, __ATOMIC_RELEASE);
  return true;
}

inline int device_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
inline int device_printf(const char* fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) { va_end(ap2); return n; }
  char* text = small;
  if (size_t(n) >= sizeof small) {
    text = static_cast<char*>(malloc(size_t(n) + 1));
    if (!text) { va_end(ap2); return -1; }
    vsnprintf(text, size_t(n) + 1, fmt, ap2);
  }
  va_end(ap2);
  if (!printf_append(text, size_t(n), 1u)) fwrite(text, 1, size_t(n), stdout);
  if (text != small) free(text);
  return n;
}

// CUDA's message for a failed device assert; the thread goes on (as on msl-cpu, whose Metal
// code cannot stop a thread) and the launch fails once it completes.
inline void device_assert_fail(const char* expr, const char* file, unsigned line, const char* func) {
  char buf[1024];
  int n = snprintf(buf, sizeof buf, "%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` failed.\n", file,
                   line, func, current->block_idx.x, current->block_idx.y, current->block_idx.z,
                   current->thread_idx.x, current->thread_idx.y, current->thread_idx.z, expr);
  if (n < 0) n = 0;
  if (size_t(n) >= sizeof buf) n = sizeof buf - 1;
  if (!printf_append(buf, size_t(n), 1u | 2u)) assert_fail(expr, file, line, func);
}

// __trap()/__brkpt(): the message of a failed assert naming the call; the launch then fails.
inline void device_trap(const char* what, const char* file, unsigned line, const char* func) {
  char buf[1024];
  int n = snprintf(buf, sizeof buf, "%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] %s() called.\n", file, line, func,
                   current->block_idx.x, current->block_idx.y, current->block_idx.z, current->thread_idx.x,
                   current->thread_idx.y, current->thread_idx.z, what);
  if (n < 0) n = 0;
  if (size_t(n) >= sizeof buf) n = sizeof buf - 1;
  if (!printf_append(buf, size_t(n), 1u | 2u)) trap(buf);
}

// ---- Launches from device code (dynamic parallelism) ------------------------------------------
// `k<<<g, b, shmem, stream>>>(args)` in device code is written `device_launch(id, &k, g, b, shmem,
// stream, args...)` (src/host/host.ts): the same record as the MSL's (src/translate/deviceLaunch.ts,
// layout in native/runtime/printf.cpp), each argument converted to the kernel's parameter type, so
// that the runtime launches the children after the parent grid on both CPU backends alike.
template <typename T> inline void launch_put(uint32_t*& p, const T& v) {
  p[0] = uint32_t(sizeof(T));
  memcpy(p + 1, &v, sizeof(T));
  p += 1 + (sizeof(T) + 3) / 4;
}

template <typename... P, typename... A>
inline void device_launch(uint32_t id, void (*)(P...), dim3 grid, dim3 block, size_t shmem, cudaStream_t stream, A&&... args) {
  static_assert(sizeof...(P) == sizeof...(A), "a launch from device code passes every parameter of the kernel");
  uint32_t* b = static_cast<uint32_t*>(cu2m_sym_cu2m_printf_buffer);
  if (!b) trap("a kernel launched a kernel without the runtime's launch buffer (the translator did not see the launch)");
  const uint32_t words = 4 + 10 + (0u + ... + uint32_t(1 + (sizeof(P) + 3) / 4));
  const cu2m_dim3 bi = current->block_idx, g = current->grid_dim;
  const uint32_t n = __atomic_fetch_add(&b[6], 1u, __ATOMIC_RELAXED);
  const uint32_t at = n < b[7] ? __atomic_fetch_add(&b[0], words, __ATOMIC_RELAXED) : 0u;
  if (n >= b[7] || at > b[1] || words > b[1] - at) {
    __atomic_fetch_add(&b[5], 1u, __ATOMIC_RELAXED);
    return;
  }
  uint32_t* p = b + at;
  p[1] = id;
  p[2] = bi.x + g.x * (bi.y + g.y * bi.z);
  p[3] = 4u;
  const uint64_t s = uint64_t(uintptr_t(stream));
  const uint32_t config[10] = {grid.x, grid.y, grid.z, block.x, block.y, block.z, uint32_t(shmem), uint32_t(s), uint32_t(s >> 32), uint32_t(sizeof...(P))};
  memcpy(p + 4, config, sizeof config);
  uint32_t* q = p + 14;
  (launch_put<P>(q, P(static_cast<A&&>(args))), ...);
  __atomic_store_n(&p[0], words, __ATOMIC_RELEASE);
}

// The device runtime's stream and error calls: streams are values the records carry.
inline cudaError_t device_stream_create(cudaStream_t* s, unsigned int flags) {
  (void)flags;
  *s = nullptr;
  return cudaSuccess;
}
inline cudaError_t device_stream_destroy(cudaStream_t) { return cudaSuccess; }
inline cudaError_t device_last_error() { return cudaSuccess; }

} // namespace cu2m_cuda

// The cuda-cpu source names the device code's calls so (src/host/host.ts), since a later
// #include <assert.h> would redefine `assert` and host code keeps the C library's printf.
#define CU2M_DEVICE_PRINTF ::cu2m_cuda::device_printf
#define CU2M_DEVICE_ASSERT(...) \
  ((__VA_ARGS__) ? (void)0 : ::cu2m_cuda::device_assert_fail(#__VA_ARGS__, __FILE__, __LINE__, __func__))

#endif // CU2M_CUDA_PRINTF_H
