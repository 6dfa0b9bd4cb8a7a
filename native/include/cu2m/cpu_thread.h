// The GPU thread a CPU backend is running, shared by both emulation headers
// (native/cpu/cuda/cu2m_cuda_device.h and native/cpu/msl/metal_stdlib).
//
// The threads of one block run as fibers on one OS thread and switch only inside barriers, so the
// current thread's context is an OS-thread-local pointer that each fiber re-establishes after a
// barrier (other fibers overwrite it while it waits).
#ifndef CU2M_CPU_THREAD_H
#define CU2M_CPU_THREAD_H

#include <stdint.h>
#include <type_traits>

#include "abi.h"
#include "shared_mem.h"

// A source-location string: __builtin_FILE() is a __constant array in C++ for OpenCL.
#if defined(__OPENCL_CPP_VERSION__)
typedef const __constant char* cu2m_cstr;
#else
typedef const char* cu2m_cstr;
#endif

namespace cu2m_cpu {

// Warp collective (see cu2m_thread_ctx::warp_exchange): every active lane of the caller's warp
// contributes a value of up to 64 bits; each gets all of them and the active-lane mask.
struct WarpValues {
  uint64_t v[32];
  uint32_t active;
  uint32_t lane;
  uint32_t exists; // the lanes of the warp that exist (a block's last warp may be partial)
  template <class T> T get(uint32_t l) const {
    T r;
    __builtin_memcpy(&r, &v[l], sizeof(T));
    return r;
  }
  bool has(uint32_t l) const { return l < 32 && (active >> l & 1u) != 0; }
  // A lane of the warp that no thread runs: a shuffle reading it gets 0, as on an H200
  // (test/fixtures/gpu/warpprobe.cu).
  bool absent(uint32_t l) const { return l < 32 && (exists >> l & 1u) == 0; }
};

#if defined(__OPENCL_CPP_VERSION__)
} // namespace cu2m_cpu
// C++ for OpenCL has neither thread_local nor calls through function pointers: the msl-cpu module
// links native/cpu/msl/cu2m_msl_support.cpp, plain C++ built on the definitions of the #else branch.
// Hidden: the support object is linked into the module itself, so these are direct calls (no PLT).
#define CU2M_MSL_SUPPORT extern "C" __attribute__((visibility("hidden")))
CU2M_MSL_SUPPORT void cu2m_msl_enter(cu2m_thread_ctx* ctx);
CU2M_MSL_SUPPORT void cu2m_msl_barrier(cu2m_cstr file, uint32_t line);
CU2M_MSL_SUPPORT void cu2m_msl_trap(cu2m_thread_ctx* ctx, cu2m_cstr message);
CU2M_MSL_SUPPORT uint32_t cu2m_msl_warp_exchange(uint64_t value, uint64_t* values, uint32_t* active, uint32_t* exists);
CU2M_MSL_SUPPORT void cu2m_msl_warp_step();
namespace cu2m_cpu {
inline void warp_step() { cu2m_msl_warp_step(); }
inline void enter(cu2m_thread_ctx* ctx) { cu2m_msl_enter(ctx); }
inline void barrier(cu2m_cstr file = __builtin_FILE(), uint32_t line = __builtin_LINE()) { cu2m_msl_barrier(file, line); }
template <class T> inline WarpValues warp_exchange(T value) {
  static_assert(sizeof(T) <= 8, "warp operations take values of at most 64 bits");
  uint64_t bits = 0;
  __builtin_memcpy(&bits, &value, sizeof(T));
  WarpValues w;
  w.lane = cu2m_msl_warp_exchange(bits, w.v, &w.active, &w.exists);
  return w;
}
#else
inline thread_local cu2m_thread_ctx* current = nullptr;
// Thread 0 enters first in every block (native/cpu/scheduler.h): its shared memory starts poisoned.
inline void enter(cu2m_thread_ctx* ctx) {
  current = ctx;
  if (ctx->linear_tid == 0) cu2m_shared::blockBegin(ctx);
}

// Block-wide barrier (__syncthreads / threadgroup_barrier). The defaults name the caller's source
// line (clang evaluates __builtin_FILE/__builtin_LINE at the call site): the emulations forward
// their own callers' location, so a divergent barrier is reported at the user's call.
inline void barrier(cu2m_cstr file = __builtin_FILE(), uint32_t line = __builtin_LINE()) {
  cu2m_thread_ctx* self = current;
  // The threads of a block share one OS thread: a compiler fence orders their memory accesses
  // (a hardware fence here cost two MFENCEs per thread per barrier).
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  self->barrier(self, file, line);
  current = self;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

template <class T> inline WarpValues warp_exchange(T value) {
  static_assert(sizeof(T) <= 8, "warp operations take values of at most 64 bits");
  uint64_t bits = 0;
  __builtin_memcpy(&bits, &value, sizeof(T));
  cu2m_thread_ctx* self = current;
  WarpValues w;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  self->warp_exchange(self, bits, w.v, &w.active);
  current = self;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  w.lane = self->linear_tid % 32;
  const uint32_t left = self->block_dim.x * self->block_dim.y * self->block_dim.z - (self->linear_tid & ~31u);
  w.exists = left >= 32 ? ~0u : (1u << left) - 1u;
  return w;
}

// A lockstep step (cu2m/lockstep.h): waits for the lanes of the warp that are at a step too (no
// values: warp_exchange with none), before the lanes waiting at a collective.
inline void warp_step() {
  cu2m_thread_ctx* self = current;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  self->warp_exchange(self, 0, nullptr, nullptr);
  current = self;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}
#endif

// Atomic read-modify-write through compare-and-swap, for floats and operations the compiler has
// no builtin for (blocks run in parallel on worker threads).
template <class T> using bits_t = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
template <class T, class F> inline T cas_loop(T* p, F f) {
  bits_t<T> old = __atomic_load_n(reinterpret_cast<bits_t<T>*>(p), __ATOMIC_RELAXED), want;
  do {
    want = __builtin_bit_cast(bits_t<T>, T(f(__builtin_bit_cast(T, old))));
  } while (!__atomic_compare_exchange_n(reinterpret_cast<bits_t<T>*>(p), &old, want, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
  return __builtin_bit_cast(T, old);
}

} // namespace cu2m_cpu

#endif // CU2M_CPU_THREAD_H
