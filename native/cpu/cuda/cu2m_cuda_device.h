// cu2metal — CUDA device-side emulation for the cuda-cpu backend (the golden reference).
//
// Force-included (`-include cu2m_cuda_device.h`) when the ORIGINAL .cu device code is compiled as
// C++ for the CPU:
//   clang++ -x c++ -std=c++17 -O2 -fPIC -shared -I native/include -I native/cpu/cuda \
//           -include cu2m_cuda_device.h app.cuda-cpu.cpp
// native/include/cuda_runtime.h (the host shim: dim3, vector types, make_*, error codes, the
// __global__/__device__/... qualifiers as empty macros) comes first; this header adds what only
// device code uses: the built-in variables, __shared__, barriers, fences, device math, integer
// intrinsics, atomics, assert/__trap.
//
// Execution model (native/cpu scheduler): blocks run in parallel on a pool of OS threads; the
// threads of one block run on ONE OS thread, as fibers when the kernel uses barriers, else in a
// plain loop. Hence:
//   * `__shared__` is `thread_local` (static storage): one copy per worker OS thread, which is one
//     copy per running block. Fibers must never migrate between OS threads.
//   * the current thread's cu2m_thread_ctx lives in a thread_local set by cu2m_cuda::enter(ctx)
//     (called by the module glue at each thread entry); fibers of the block overwrite it, so
//     every function that can suspend (the barriers) saves its own pointer and restores it.
//
// Dynamic shared memory needs a source rewrite (applied by src/ when it prepares the cuda-cpu
// translation unit), because `extern __shared__ T s[];` cannot be bound to per-block memory by a
// macro:
//   extern __shared__ SPECS NAME[];   →   CU2M_EXTERN_SHARED(NAME, SPECS);        (block scope)
//                                     →   CU2M_EXTERN_SHARED_GLOBAL(NAME, SPECS); (namespace scope)
// SPECS is the declaration's type specifiers with alignment specifiers (__align__(n), alignas(n),
// __attribute__((aligned(n)))) removed: the memory is 16-byte aligned. Same line, so line numbers
// do not move. The block-scope form makes NAME a reference to an array of unknown bound in
// ctx->dynamic_shared: indexing, decay to a pointer and reinterpret_cast work as in CUDA. The
// namespace-scope form is a small proxy object (indexing, implicit and C-style/static casts to
// pointers work; reinterpret_cast<T*>(NAME) does not — use (T*)NAME).
#ifndef CU2M_CUDA_DEVICE_H
#define CU2M_CUDA_DEVICE_H

#include <cuda_runtime.h>
#include <cu2m/abi.h>

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmath>
#include <type_traits>

// Qualifiers the host shim may or may not define.
#ifndef __global__
#define __global__
#endif
#ifndef __device__
#define __device__
#endif
#ifndef __host__
#define __host__
#endif
#ifndef __constant__
#define __constant__
#endif
#ifndef __forceinline__
#define __forceinline__ inline
#endif
#ifndef __noinline__
#define __noinline__
#endif
#ifndef __launch_bounds__
#define __launch_bounds__(...)
#endif
#ifndef __align__
#define __align__(n) alignas(n)
#endif
#ifndef __CUDA_ARCH__
#define __CUDA_ARCH__ 800 // device code is being compiled (it is, for the CPU)
#endif
#define __CU2M_CUDA_CPU__ 1

// `thread_local` at block scope implies static; at namespace scope it is a per-thread global.
#undef __shared__
#define __shared__ thread_local

#include <cu2m/cpu_thread.h>

namespace cu2m_cuda {

using ::cu2m_cpu::barrier;
using ::cu2m_cpu::bits_t;
using ::cu2m_cpu::cas_loop;
using ::cu2m_cpu::current;
using ::cu2m_cpu::enter;

inline uint3 thread_idx() { const cu2m_dim3& d = current->thread_idx; return make_uint3(d.x, d.y, d.z); }
inline uint3 block_idx() { const cu2m_dim3& d = current->block_idx; return make_uint3(d.x, d.y, d.z); }
inline dim3 block_dim() { const cu2m_dim3& d = current->block_dim; return dim3(d.x, d.y, d.z); }
inline dim3 grid_dim() { const cu2m_dim3& d = current->grid_dim; return dim3(d.x, d.y, d.z); }

[[noreturn]] inline void trap(const char* message) {
  cu2m_thread_ctx* c = current;
  c->trap(c, message);
  abort(); // trap does not return
}

[[noreturn]] inline void assert_fail(const char* expr, const char* file, unsigned line, const char* func) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` failed.", file, line, func,
           current->block_idx.x, current->block_idx.y, current->block_idx.z, current->thread_idx.x,
           current->thread_idx.y, current->thread_idx.z, expr);
  trap(buf);
}

// __syncthreads_count/and/or: the fibers of a block share one OS thread and switch only inside
// barriers, so per-OS-thread accumulators need no atomics. The first arriver resets them; all read
// after the first barrier; `arrived` is cleared by everyone before the second, so the next call
// (after the second barrier) starts clean.
struct vote_state { unsigned arrived, count, all, any; };
inline thread_local vote_state vote = {0, 0, 1, 0};
inline vote_state block_vote(int predicate, const char* file, uint32_t line) {
  if (vote.arrived == 0) { vote.count = 0; vote.all = 1; vote.any = 0; }
  vote.arrived++;
  if (predicate) { vote.count++; vote.any = 1; } else { vote.all = 0; }
  barrier(file, line);
  vote_state r = vote;
  vote.arrived = 0;
  barrier(file, line);
  return r;
}

// Dynamic shared memory (see the rewrite at the top of this file).
template <class A> inline A& extern_shared() { return *reinterpret_cast<A*>(current->dynamic_shared); }
template <class T> struct extern_shared_proxy {
  T* get() const { return static_cast<T*>(current->dynamic_shared); }
  T& operator[](size_t i) const { return get()[i]; }
  operator T*() const { return get(); }
  template <class U> explicit operator U*() const { return reinterpret_cast<U*>(current->dynamic_shared); }
};

template <class T> using id_t = typename std::common_type<T>::type;

} // namespace cu2m_cuda

#define CU2M_EXTERN_SHARED(name, ...) auto& name = ::cu2m_cuda::extern_shared<__VA_ARGS__[]>()
// `extern __shared__ half s[][W];` (rows of W): CU2M_EXTERN_SHARED_ROWS(s, [W], half).
#define CU2M_EXTERN_SHARED_ROWS(name, rows, ...) auto& name = ::cu2m_cuda::extern_shared<__VA_ARGS__[] rows>()
#define CU2M_EXTERN_SHARED_GLOBAL(name, ...) static constexpr ::cu2m_cuda::extern_shared_proxy<__VA_ARGS__> name{}
// Static shared memory starts each block filled with 0xFF bytes (cu2m/shared_mem.h): src/ writes
// `CU2M_SHARED_DECLARED(NAME);` after each block-scope `__shared__` declaration, on its line.
#define CU2M_SHARED_DECLARED(name) ::cu2m_shared::declared((void*)__builtin_addressof(name), sizeof(name))
#ifdef CU2M_SANITIZE
CU2M_SHARED_DEFINE_CALLBACKS(::cu2m_cpu::current)
#endif

// ---- Built-in variables -----------------------------------------------------------------------
#define threadIdx (::cu2m_cuda::thread_idx())
#define blockIdx (::cu2m_cuda::block_idx())
#define blockDim (::cu2m_cuda::block_dim())
#define gridDim (::cu2m_cuda::grid_dim())
static constexpr int warpSize = 32;

// ---- Synchronisation and fences -----------------------------------------------------------------
// The defaulted arguments carry the caller's file and line to the scheduler (divergent barriers
// are reported there).
#define __CU2M_SITE const char* file = __builtin_FILE(), uint32_t line = __builtin_LINE()
inline void __syncthreads(__CU2M_SITE) { ::cu2m_cuda::barrier(file, line); }
inline int __syncthreads_count(int p, __CU2M_SITE) { return int(::cu2m_cuda::block_vote(p, file, line).count); }
inline int __syncthreads_and(int p, __CU2M_SITE) { return int(::cu2m_cuda::block_vote(p, file, line).all); }
inline int __syncthreads_or(int p, __CU2M_SITE) { return int(::cu2m_cuda::block_vote(p, file, line).any); }
#undef __CU2M_SITE
inline void __threadfence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
inline void __threadfence_block() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
inline void __threadfence_system() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

// ---- Warp-level primitives (32-wide warps) ------------------------------------------------------
// Built on one collective (cu2m/cpu_thread.h warp_exchange): the lanes of a warp that reach a warp
// operation together (its active lanes) swap their values. The mask argument is not needed to
// find them; a source lane that is not active gives the caller its own value (CUDA leaves it
// undefined), one that does not exist (past the block's last thread) gives 0, as on an H200. `width` splits the warp into segments as CUDA does.
namespace cu2m_cuda {
template <class T> inline T shfl_from(const ::cu2m_cpu::WarpValues& w, uint32_t src, T own) {
  if (w.absent(src)) {
    T zero;
    __builtin_memset(&zero, 0, sizeof(T));
    return zero;
  }
  return w.has(src) ? w.template get<T>(src) : own;
}
inline uint32_t segment(uint32_t lane, int width) { return lane & ~uint32_t(width - 1); }
// The lane whose value a shuffle gives `lane` (itself: its own value); shared with the work-item
// loops' warp cuts (cu2m_cuda_warp_cuts.h).
inline uint32_t shfl_src(uint32_t lane, int src, int width) { return segment(lane, width) + (uint32_t(src) & uint32_t(width - 1)); }
inline uint32_t shfl_up_src(uint32_t lane, unsigned delta, int width) {
  delta &= 31u;
  return (lane & uint32_t(width - 1)) < delta ? lane : lane - delta;
}
inline uint32_t shfl_down_src(uint32_t lane, unsigned delta, int width) {
  delta &= 31u;
  return (lane & uint32_t(width - 1)) + delta >= uint32_t(width) ? lane : lane + delta;
}
inline uint32_t shfl_xor_src(uint32_t lane, int laneMask, int width) {
  const uint32_t src = lane ^ (uint32_t(laneMask) & 31u);
  return src > (lane | uint32_t(width - 1)) ? lane : src;
}
// A value wider than 64 bits (a uint4: cooperative groups' tiles shuffle any trivially copyable
// type) moves as one exchange per 8 bytes; every lane makes the same number of exchanges.
template <class T, class F> inline T shfl_chunks(T v, F shfl) {
  constexpr unsigned n = (sizeof(T) + 7) / 8;
  uint64_t c[n] = {};
  __builtin_memcpy(c, &v, sizeof(T));
  for (unsigned i = 0; i < n; ++i) c[i] = shfl(c[i]);
  T r;
  __builtin_memcpy(&r, c, sizeof(T));
  return r;
}
} // namespace cu2m_cuda
template <class T> inline T __shfl_sync(unsigned m, T v, int src, int width = 32) {
  if constexpr (sizeof(T) > 8) {
    return ::cu2m_cuda::shfl_chunks(v, [&](uint64_t c) { return __shfl_sync(m, c, src, width); });
  } else {
    (void)m;
    auto w = ::cu2m_cpu::warp_exchange(v);
    return ::cu2m_cuda::shfl_from(w, ::cu2m_cuda::shfl_src(w.lane, src, width), v);
  }
}
// As PTX's shfl.sync: the offset or lane mask counts modulo 32; _xor may read an earlier segment
// and gives the own value for a later one.
template <class T> inline T __shfl_up_sync(unsigned m, T v, unsigned delta, int width = 32) {
  if constexpr (sizeof(T) > 8) {
    return ::cu2m_cuda::shfl_chunks(v, [&](uint64_t c) { return __shfl_up_sync(m, c, delta, width); });
  } else {
    (void)m;
    auto w = ::cu2m_cpu::warp_exchange(v);
    return ::cu2m_cuda::shfl_from(w, ::cu2m_cuda::shfl_up_src(w.lane, delta, width), v);
  }
}
template <class T> inline T __shfl_down_sync(unsigned m, T v, unsigned delta, int width = 32) {
  if constexpr (sizeof(T) > 8) {
    return ::cu2m_cuda::shfl_chunks(v, [&](uint64_t c) { return __shfl_down_sync(m, c, delta, width); });
  } else {
    (void)m;
    auto w = ::cu2m_cpu::warp_exchange(v);
    return ::cu2m_cuda::shfl_from(w, ::cu2m_cuda::shfl_down_src(w.lane, delta, width), v);
  }
}
template <class T> inline T __shfl_xor_sync(unsigned m, T v, int laneMask, int width = 32) {
  if constexpr (sizeof(T) > 8) {
    return ::cu2m_cuda::shfl_chunks(v, [&](uint64_t c) { return __shfl_xor_sync(m, c, laneMask, width); });
  } else {
    (void)m;
    auto w = ::cu2m_cpu::warp_exchange(v);
    return ::cu2m_cuda::shfl_from(w, ::cu2m_cuda::shfl_xor_src(w.lane, laneMask, width), v);
  }
}
// The mask selects the bits (PTX vote.sync.ballot: a lane outside it reads 0); any/all ignore it.
inline unsigned __ballot_sync(unsigned m, int p) {
  auto w = ::cu2m_cpu::warp_exchange(uint32_t(p != 0));
  unsigned r = 0;
  for (uint32_t l = 0; l < 32; ++l) if (w.has(l) && w.v[l]) r |= 1u << l;
  return r & m;
}
inline int __any_sync(unsigned, int p) { return __ballot_sync(~0u, p) != 0; }
inline int __all_sync(unsigned, int p) {
  auto w = ::cu2m_cpu::warp_exchange(uint32_t(p != 0));
  for (uint32_t l = 0; l < 32; ++l) if (w.has(l) && !w.v[l]) return 0;
  return 1;
}
inline unsigned __activemask() { return ::cu2m_cpu::warp_exchange(0u).active; }
// The pre-CUDA 9 votes: over the active lanes.
inline unsigned __ballot(int p) { return __ballot_sync(0xffffffffu, p); }
inline int __any(int p) { return __any_sync(0xffffffffu, p); }
inline int __all(int p) { return __all_sync(0xffffffffu, p); }
// 1 when p is the same in every active lane of the mask.
inline int __uni_sync(unsigned mask, int p) {
  auto w = ::cu2m_cpu::warp_exchange(uint32_t(p != 0));
  unsigned lanes = 0, set = 0;
  for (uint32_t l = 0; l < 32; ++l)
    if (w.has(l) && (mask >> l & 1u)) {
      lanes |= 1u << l;
      if (w.v[l]) set |= 1u << l;
    }
  return set == 0u || set == lanes;
}
inline void __syncwarp(unsigned = 0xffffffffu) { (void)::cu2m_cpu::warp_exchange(0u); }
namespace cu2m_cuda {
template <class T, class F> inline T warp_reduce(T v, F f) {
  auto w = ::cu2m_cpu::warp_exchange(v);
  bool first = true;
  T r = v;
  for (uint32_t l = 0; l < 32; ++l) if (w.has(l)) { r = first ? w.template get<T>(l) : f(r, w.template get<T>(l)); first = false; }
  return r;
}
} // namespace cu2m_cuda
#define CU2M_WARP_REDUCE(NAME, EXPR)                                                               \
  inline unsigned NAME(unsigned, unsigned v) { return ::cu2m_cuda::warp_reduce(v, [](unsigned a, unsigned b) { return EXPR; }); } \
  inline int NAME(unsigned, int v) { return ::cu2m_cuda::warp_reduce(v, [](int a, int b) { return EXPR; }); }
CU2M_WARP_REDUCE(__reduce_add_sync, a + b)
CU2M_WARP_REDUCE(__reduce_min_sync, a < b ? a : b)
CU2M_WARP_REDUCE(__reduce_max_sync, a > b ? a : b)
#undef CU2M_WARP_REDUCE
inline unsigned __reduce_and_sync(unsigned, unsigned v) { return ::cu2m_cuda::warp_reduce(v, [](unsigned a, unsigned b) { return a & b; }); }
inline unsigned __reduce_or_sync(unsigned, unsigned v) { return ::cu2m_cuda::warp_reduce(v, [](unsigned a, unsigned b) { return a | b; }); }
inline unsigned __reduce_xor_sync(unsigned, unsigned v) { return ::cu2m_cuda::warp_reduce(v, [](unsigned a, unsigned b) { return a ^ b; }); }
template <class T> inline unsigned __match_any_sync(unsigned, T v) {
  auto w = ::cu2m_cpu::warp_exchange(v);
  unsigned r = 0;
  for (uint32_t l = 0; l < 32; ++l) if (w.has(l) && w.template get<T>(l) == v) r |= 1u << l;
  return r;
}
template <class T> inline unsigned __match_all_sync(unsigned, T v, int* pred) {
  auto w = ::cu2m_cpu::warp_exchange(v);
  for (uint32_t l = 0; l < 32; ++l)
    if (w.has(l) && !(w.template get<T>(l) == v)) { *pred = 0; return 0; }
  *pred = 1;
  return w.active;
}
#include "cu2m_cuda_warp_cuts.h" // the same collectives per 32-lane warp for work-item loops
#include <cu2m/lockstep.h> // warp-synchronous volatile accesses in step (src/translate/lockstep.ts)

// ---- assert, trap, printf, clocks -----------------------------------------------------------------
#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : ::cu2m_cuda::assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
inline long long clock64() { return (long long)__builtin_readcyclecounter(); }
#include "cu2m_cuda_printf.h" // device printf and assert through the runtime's printf buffer
// __trap()/__brkpt(): a failed assert's record with the trap's message (the launch then fails with
// cudaErrorAssert, as on msl-cpu); the thread continues.
#define __trap() ::cu2m_cuda::device_trap("__trap", __FILE__, __LINE__, __func__)
#define __brkpt() ::cu2m_cuda::device_trap("__brkpt", __FILE__, __LINE__, __func__)
inline void __nanosleep(unsigned) {} // a no-op, as in the Metal translation
// __fns(mask, base, offset): PTX fns, as the Metal translation's cu2m_fns.
inline unsigned __fns(unsigned mask, unsigned base, int offset) {
  if (base > 31u) return 0xffffffffu;
  if (offset == 0) return (mask >> base & 1u) ? base : 0xffffffffu;
  unsigned count = offset > 0 ? unsigned(offset - 1) : unsigned(-(offset + 1));
  const int step = offset > 0 ? 1 : -1;
  for (int pos = int(base); pos >= 0 && pos < 32; pos += step)
    if (mask >> pos & 1u) {
      if (count == 0) return unsigned(pos);
      --count;
    }
  return 0xffffffffu;
}
// __isShared/__isLocal/__isGlobal/__isConstant: the Metal translation answers from the pointer's
// static address space; this reference answers at run time. Shared: inside a static or dynamic
// __shared__ region of the block (cu2m/shared_mem.h); local: on the calling thread's stack, within
// 256 KiB above the caller's frame; constant: never (__constant__ variables are ordinary globals
// here); global: any other pointer.
namespace cu2m_cuda {
inline bool in_shared(const void* p) {
  const ::cu2m_shared::State* s = ::cu2m_shared::existingState();
  const uintptr_t a = reinterpret_cast<uintptr_t>(p);
  if (s)
    for (const ::cu2m_shared::Region& r : s->regions)
      if (r.bytes && a >= reinterpret_cast<uintptr_t>(r.p) && a < reinterpret_cast<uintptr_t>(r.p) + r.bytes) return true;
  const uintptr_t d = reinterpret_cast<uintptr_t>(current->dynamic_shared);
  return d && a >= d && a < d + current->dynamic_shared_bytes;
}
__attribute__((noinline)) inline bool on_stack(const void* p) {
  const uintptr_t frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  const uintptr_t a = reinterpret_cast<uintptr_t>(p);
  return a >= frame && a < frame + (256u << 10);
}
} // namespace cu2m_cuda
inline unsigned __isShared(const void* p) { return ::cu2m_cuda::in_shared(p); }
inline unsigned __isLocal(const void* p) { return !::cu2m_cuda::in_shared(p) && ::cu2m_cuda::on_stack(p); }
inline unsigned __isConstant(const void*) { return 0; }
inline unsigned __isGlobal(const void* p) { return !__isShared(p) && !__isLocal(p); }

// ---- Loads ------------------------------------------------------------------------------------
template <class T> inline T __ldg(const T* p) { return *p; }
template <class T> inline T __ldcg(const T* p) { return *p; }
template <class T> inline T __ldca(const T* p) { return *p; }
template <class T> inline T __ldcs(const T* p) { return *p; }
template <class T> inline T __ldlu(const T* p) { return *p; }
template <class T> inline T __ldcv(const T* p) { return *p; }
template <class T> inline void __stcg(T* p, T v) { *p = v; }
template <class T> inline void __stcs(T* p, T v) { *p = v; }
template <class T> inline void __stwb(T* p, T v) { *p = v; }
template <class T> inline void __stwt(T* p, T v) { *p = v; }

// ---- Device math: float ---------------------------------------------------------------------------
// The libm functions (sqrtf, expf, sinf, erff, lgammaf, ... and the double versions) come from
// <math.h>/<cmath>; glibc also provides exp10f, sincosf. Here: CUDA-only names and intrinsics.
// rsqrtf, sinpif, normcdff, norm3df... (CUDA provides them to host code too): native/include/cuda_runtime.h.
// __expf, __fadd_rd, __int_as_float ... and the directed-rounding double intrinsics: in
// cu2m/intrinsics.h (through cuda_runtime.h), shared with host code.
inline float saturate(float x) { return __saturatef(x); }
inline float fdividef(float x, float y) { return x / y; }
// glibc's tgammaf is up to 5.5 ulp off for negative x (CUDA: 5): the double one, rounded once.
inline float cu2m_tgammaf(float x) { return float(tgamma(double(x))); }
#define tgammaf cu2m_tgammaf
// jnf/ynf in device code as an H100 computes them (test/fixtures/bessel/bessel.cu): NaN for every
// negative order, and jnf(n, ±0) NaN for n >= 2 (orders 0 and 1 give 1 and 0); else the C
// library's. (Host code keeps the C library's own; jn/yn of a double take software double's code,
// which does the same: src/translate/f64Reference.ts.)
inline float cu2m_jnf(int n, float x) { return n < 0 || (n >= 2 && x == 0.0f) ? __builtin_nanf("") : (::jnf)(n, x); }
inline float cu2m_ynf(int n, float x) { return n < 0 ? __builtin_nanf("") : (::ynf)(n, x); }
#define jnf(n, x) cu2m_jnf(n, x)
#define ynf(n, x) cu2m_ynf(n, x)
// 1/√x rounded down (rz, rd: the result is positive) or up: the nearest float from double, moved by
// single steps after exact comparisons of y² x with 1 (a 128-bit product of the significands).
namespace cu2m_cuda {
inline int rsqrt_cmp(float y, float x) { // the sign of y² x - 1, for finite positive x and y
  int ey, ex;
  float my = frexpf(y, &ey), mx = frexpf(x, &ex);            // in [1/2, 1)
  unsigned __int128 p = (unsigned __int128)(unsigned long long)ldexpf(my, 24);
  p = p * p * (unsigned long long)ldexpf(mx, 24);             // y² x = p 2^(2ey + ex - 72)
  int k = 72 - 2 * ey - ex;                                   // compare p with 2^k
  if (k < 0) return 1;
  if (k > 127) return -1;
  unsigned __int128 one = (unsigned __int128)1 << k;
  return p > one ? 1 : p < one ? -1 : 0;
}
inline float rsqrt_directed(float x, bool up) {
  if (x != x || x < 0.0f) return NAN;
  if (x == 0.0f) return copysignf(INFINITY, x);
  if (std::isinf(x)) return 0.0f;
  float y = float(1.0 / sqrt(double(x)));
  if (up) {
    while (rsqrt_cmp(y, x) < 0) y = nextafterf(y, INFINITY);
    while (rsqrt_cmp(nextafterf(y, 0.0f), x) >= 0) y = nextafterf(y, 0.0f);
  } else {
    while (rsqrt_cmp(y, x) > 0) y = nextafterf(y, 0.0f);
    while (rsqrt_cmp(nextafterf(y, INFINITY), x) <= 0) y = nextafterf(y, INFINITY);
  }
  return y;
}
} // namespace cu2m_cuda
inline float __frsqrt_rz(float x) { return ::cu2m_cuda::rsqrt_directed(x, false); }
inline float __frsqrt_rd(float x) { return ::cu2m_cuda::rsqrt_directed(x, false); }
inline float __frsqrt_ru(float x) { return ::cu2m_cuda::rsqrt_directed(x, true); }

// ---- Integer functions and intrinsics ---------------------------------------------------------
// min/max/umin/umax/llmin/...: in cuda_runtime.h (host code has them too with nvcc).
// abs(int), llabs, fabsf: C library / <cmath>.

// __popc, __clz, __byte_perm, __funnelshift_* ...: cu2m/intrinsics.h (host code has them too).

// ---- Atomics ------------------------------------------------------------------------------------
// Real atomics: blocks run in parallel on worker threads. Each returns the old value. The 64-bit
// ones are the hardware's too (the MSL emulates them under a lock, src/translate/atomics64.ts: the
// glue sets the lock table's binding here for kernels that use one; the CUDA code does not read it).
inline void* cu2m_sym_cu2m_atomic64_locks = nullptr;
#define CU2M_ATOMIC_INT_OPS(T)                                                                        \
  inline T atomicAdd(T* p, T v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }             \
  inline T atomicSub(T* p, T v) { return __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST); }             \
  inline T atomicExch(T* p, T v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }           \
  inline T atomicMin(T* p, T v) { return __atomic_fetch_min(p, v, __ATOMIC_SEQ_CST); }             \
  inline T atomicMax(T* p, T v) { return __atomic_fetch_max(p, v, __ATOMIC_SEQ_CST); }             \
  inline T atomicAnd(T* p, T v) { return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); }             \
  inline T atomicOr(T* p, T v) { return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); }               \
  inline T atomicXor(T* p, T v) { return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST); }             \
  inline T atomicCAS(T* p, T compare, T v) {                                                         \
    __atomic_compare_exchange_n(p, &compare, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);         \
    return compare;                                                                                  \
  }
CU2M_ATOMIC_INT_OPS(int)
CU2M_ATOMIC_INT_OPS(unsigned)
CU2M_ATOMIC_INT_OPS(unsigned long long)
CU2M_ATOMIC_INT_OPS(long long)
#undef CU2M_ATOMIC_INT_OPS
inline unsigned short atomicCAS(unsigned short* p, unsigned short compare, unsigned short v) {
  __atomic_compare_exchange_n(p, &compare, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return compare;
}
inline float atomicAdd(float* p, float v) { return ::cu2m_cuda::cas_loop(p, [v](float o) { return o + v; }); }
inline double atomicAdd(double* p, double v) { return ::cu2m_cuda::cas_loop(p, [v](double o) { return o + v; }); }
inline float atomicSub(float* p, float v) { return ::cu2m_cuda::cas_loop(p, [v](float o) { return o - v; }); }
inline float atomicExch(float* p, float v) { return ::cu2m_cuda::cas_loop(p, [v](float) { return v; }); }
// atomicMin/atomicMax on float and double are not CUDA's: programs define their own with a CAS
// loop (`__device__ float atomicMin(float* addr, float value)`, michalewicz). Ours are templates
// (deduced from the pointer only), so that a program's own is no redefinition and wins.
template <typename T, typename = typename std::enable_if<std::is_floating_point<T>::value>::type>
inline T atomicMin(T* p, typename std::common_type<T>::type v) { return ::cu2m_cuda::cas_loop(p, [v](T o) { return std::fmin(o, v); }); }
template <typename T, typename = typename std::enable_if<std::is_floating_point<T>::value>::type>
inline T atomicMax(T* p, typename std::common_type<T>::type v) { return ::cu2m_cuda::cas_loop(p, [v](T o) { return std::fmax(o, v); }); }
// ((old >= val) ? 0 : old + 1) and (((old == 0) || (old > val)) ? val : old - 1), as CUDA defines them.
inline unsigned atomicInc(unsigned* p, unsigned val) {
  return ::cu2m_cuda::cas_loop(p, [val](unsigned o) { return o >= val ? 0u : o + 1u; });
}
inline unsigned atomicDec(unsigned* p, unsigned val) {
  return ::cu2m_cuda::cas_loop(p, [val](unsigned o) { return (o == 0u || o > val) ? val : o - 1u; });
}
// Scoped variants (_block, _system) behave like the device-wide ones.
#define CU2M_ATOMIC_SCOPED(op)                                                                        \
  template <class T, class... A> inline auto op##_block(T* p, A... a) -> decltype(op(p, a...)) { return op(p, a...); } \
  template <class T, class... A> inline auto op##_system(T* p, A... a) -> decltype(op(p, a...)) { return op(p, a...); }
CU2M_ATOMIC_SCOPED(atomicAdd)
CU2M_ATOMIC_SCOPED(atomicSub)
CU2M_ATOMIC_SCOPED(atomicExch)
CU2M_ATOMIC_SCOPED(atomicMin)
CU2M_ATOMIC_SCOPED(atomicMax)
CU2M_ATOMIC_SCOPED(atomicInc)
CU2M_ATOMIC_SCOPED(atomicDec)
CU2M_ATOMIC_SCOPED(atomicCAS)
CU2M_ATOMIC_SCOPED(atomicAnd)
CU2M_ATOMIC_SCOPED(atomicOr)
CU2M_ATOMIC_SCOPED(atomicXor)
#undef CU2M_ATOMIC_SCOPED

#include "cu2m_cuda_texture.h" // tex1D/2D/3D/Layered, tex1Dfetch, surf*read/write

#endif // CU2M_CUDA_DEVICE_H
