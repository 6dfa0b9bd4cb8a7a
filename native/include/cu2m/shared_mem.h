// Shared (threadgroup) memory of the CPU backends: poisoned per block, and under --sanitize
// checked for reads of bytes no thread of the block has written.
//
// On a GPU, shared memory starts each block with whatever the previous user left there. The CPU
// backends make that visible instead of handing out lucky zeros: every block's shared memory starts
// filled with kPoison (0xFF bytes: every float and double is a NaN, every signed integer -1, every
// unsigned integer its maximum), so a program that forgets to initialise it gives visibly wrong
// results. Which memory:
//   * dynamic shared memory (ctx->dynamic_shared): filled when the block's first thread enters;
//   * static shared memory: each declaration's storage is registered by the module the first time a
//     thread of a block reaches the declaration (cuda-cpu: `CU2M_SHARED_DECLARED(name)`, written
//     after each block-scope `__shared__` declaration; msl-cpu: cu2m_msl_threadgroup_static) and
//     filled then, once per block.
// A block's threads all run on one OS thread and thread 0 enters first (native/cpu/scheduler.h), so
// "a new block begins" is thread 0 entering, and all of this is OS-thread-local state.
//
// --sanitize: the kernel modules are compiled with -fsanitize-coverage=func,trace-loads,trace-stores,
// so every load and store of 1, 2, 4, 8 or 16 bytes first calls __sanitizer_cov_loadN/storeN
// (defined by cu2m_shared_mem_define_callbacks(), below). For addresses inside a registered region a
// shadow byte per byte records "written in this block"; a load of any byte not written yet is
// reported through ctx->trap (kernel, block, thread; the source line of the load, symbolised by the
// sanitizer runtime) and ends the program. Not seen: accesses by memcpy/memset calls (large struct
// copies; a region filled that way reads as unwritten), atomic read-modify-writes (they neither
// check nor mark), file-scope `__shared__` variables on cuda-cpu (zero-filled, unchecked).
#ifndef CU2M_SHARED_MEM_H
#define CU2M_SHARED_MEM_H

#if !defined(__OPENCL_CPP_VERSION__)

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vector>

#include "abi.h"

namespace cu2m_shared {

constexpr unsigned char kPoison = 0xFF;

struct Region {
  unsigned char* p = nullptr;
  size_t bytes = 0;
  uint64_t serial = 0;          // block serial of the last fill
  std::vector<uint8_t> written; // --sanitize: 1 per byte written in this block (empty until checked)
  bool dynamic = false;
};

struct State {
  uint64_t serial = 0;          // blocks begun on this OS thread
  std::vector<Region> regions;
  uintptr_t lo = UINTPTR_MAX, hi = 0; // bounds of all regions, for the checks' fast path
  bool busy = false;             // inside the functions below or reporting: checks are off
};

// Per OS thread, made on first use and kept (workers live as long as the program), reached through
// a pthread key rather than thread_local: a thread_local of class type goes through a compiler-made
// wrapper that --sanitize instruments like any other code (the checks would recurse), and a
// dlopen'ed module's own dynamic TLS crashed LeakSanitizer's exit-time scan.
#define CU2M_SHARED_NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
inline pthread_once_t keyOnce = PTHREAD_ONCE_INIT;
inline pthread_key_t key;
CU2M_SHARED_NO_COVERAGE inline void makeKey() { pthread_key_create(&key, nullptr); }
CU2M_SHARED_NO_COVERAGE inline State* existingState() {
  pthread_once(&keyOnce, makeKey);
  return static_cast<State*>(pthread_getspecific(key));
}
inline State& getState() {
  State* s = existingState();
  if (s == nullptr) {
    s = new State;
    pthread_setspecific(key, s);
  }
  return *s;
}

// The checks below run inside every instrumented load and store, including those of the module's
// own copies of the functions here: they keep out while `busy`.
struct Busy {
  Busy() { getState().busy = true; }
  ~Busy() { existingState()->busy = false; }
  Busy(const Busy&) = delete;
  Busy& operator=(const Busy&) = delete;
};

inline void updateBounds(State& s) {
  s.lo = UINTPTR_MAX;
  s.hi = 0;
  for (const Region& r : s.regions) {
    if (r.bytes == 0) continue;
    const uintptr_t a = reinterpret_cast<uintptr_t>(r.p);
    if (a < s.lo) s.lo = a;
    if (a + r.bytes > s.hi) s.hi = a + r.bytes;
  }
}

inline void fill(Region& r, uint64_t serial) {
  memset(r.p, kPoison, r.bytes);
  r.serial = serial;
  if (!r.written.empty()) r.written.assign(r.bytes, 0);
}

// A new block begins on this OS thread (its thread 0 enters): fills its dynamic shared memory.
inline void blockBegin(const cu2m_thread_ctx* ctx) {
  Busy busy;
  State& s = *existingState();
  ++s.serial;
  Region* dyn = nullptr;
  for (Region& r : s.regions)
    if (r.dynamic) dyn = &r;
  if (ctx->dynamic_shared == nullptr || ctx->dynamic_shared_bytes == 0) {
    if (dyn && dyn->bytes != 0) {
      dyn->bytes = 0;
      dyn->written.clear();
      updateBounds(s);
    }
    return;
  }
  if (!dyn) {
    s.regions.emplace_back();
    dyn = &s.regions.back();
    dyn->dynamic = true;
  }
  unsigned char* p = static_cast<unsigned char*>(ctx->dynamic_shared);
  if (dyn->p != p || dyn->bytes != ctx->dynamic_shared_bytes) {
    dyn->p = p;
    dyn->bytes = ctx->dynamic_shared_bytes;
    if (!dyn->written.empty()) dyn->written.assign(dyn->bytes, 0);
    updateBounds(s);
  }
  fill(*dyn, s.serial);
}

// A thread reached the declaration of a static shared variable whose storage (on this OS thread)
// is [p, p + bytes): the first to do so in a block fills it.
inline void declared(void* p, size_t bytes) {
  Busy busy;
  State& s = *existingState();
  for (Region& r : s.regions) {
    if (r.p != p || r.dynamic) continue;
    if (r.bytes < bytes) {
      r.bytes = bytes;
      r.serial = 0;
      if (!r.written.empty()) r.written.assign(bytes, 0);
      updateBounds(s);
    }
    if (r.serial != s.serial) fill(r, s.serial);
    return;
  }
  Region r;
  r.p = static_cast<unsigned char*>(p);
  r.bytes = bytes;
  s.regions.push_back(std::move(r));
  updateBounds(s);
  fill(s.regions.back(), s.serial);
}

// Storage given back (msl-cpu regrows a declaration's storage for a larger template instance).
inline void forget(void* p) {
  Busy busy;
  State& s = *existingState();
  for (size_t i = 0; i < s.regions.size(); ++i)
    if (s.regions[i].p == p && !s.regions[i].dynamic) {
      s.regions.erase(s.regions.begin() + static_cast<ptrdiff_t>(i));
      updateBounds(s);
      return;
    }
}

} // namespace cu2m_shared

// The checks: called by instrumented loads and stores (--sanitize). Must not be instrumented
// themselves; `ctx` is the running GPU thread (to report through its trap), `pc` the access.

extern "C" void __sanitizer_symbolize_pc(void* pc, const char* fmt, char* out, size_t size) __attribute__((weak));

namespace cu2m_shared {

CU2M_SHARED_NO_COVERAGE inline void access(const void* addr, size_t n, bool store, cu2m_thread_ctx* ctx, void* pc) {
  State* sp = existingState();
  if (sp == nullptr || sp->busy) return;
  State& s = *sp;
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  if (a >= s.hi || a + n <= s.lo) return;
  // Library code called from here (vector growth) may be instrumented: its accesses keep out.
  s.busy = true;
  struct Leave {
    State& s;
    ~Leave() { s.busy = false; }
  } leave{s};
  for (Region& r : s.regions) {
    const uintptr_t base = reinterpret_cast<uintptr_t>(r.p);
    if (a + n <= base || a >= base + r.bytes) continue;
    if (r.written.size() != r.bytes) r.written.assign(r.bytes, 0); // first check in this block: all unwritten
    const size_t from = a < base ? 0 : a - base;
    const size_t to = a + n - base < r.bytes ? a + n - base : r.bytes;
    if (store) {
      memset(r.written.data() + from, 1, to - from);
      return;
    }
    for (size_t i = from; i < to; ++i) {
      if (r.written[i]) continue;
      s.busy = true;
      char where[512] = "";
      if (__sanitizer_symbolize_pc) __sanitizer_symbolize_pc(pc, "%s:%l", where, sizeof where);
      char msg[1024];
      snprintf(msg, sizeof msg,
               "--sanitize: read of uninitialised shared memory%s%s: %zu bytes at offset %zu of a %zu-byte %s, "
               "byte %zu not written by any thread of this block",
               where[0] ? " at " : "", where, n, a < base ? 0 : a - base, r.bytes,
               r.dynamic ? "dynamic shared memory block" : "__shared__/threadgroup variable", i);
      if (ctx && ctx->trap) ctx->trap(ctx, msg);
      fprintf(stderr, "cu2metal: %s\n", msg);
      __builtin_trap();
    }
    return;
  }
}

} // namespace cu2m_shared

// Defines __sanitizer_cov_load1..16 / store1..16 (once per module; `CURRENT` names the running
// thread's cu2m_thread_ctx*).
#define CU2M_SHARED_DEFINE_CALLBACK(kind, bytes, type, store, CURRENT)                                        \
  extern "C" CU2M_SHARED_NO_COVERAGE __attribute__((weak, visibility("hidden"))) void                        \
      __sanitizer_cov_##kind##bytes(type* addr) {                                                            \
    ::cu2m_shared::access(addr, bytes, store, CURRENT, __builtin_return_address(0));                         \
  }
#define CU2M_SHARED_DEFINE_CALLBACKS(CURRENT)                                                                 \
  CU2M_SHARED_DEFINE_CALLBACK(load, 1, uint8_t, false, CURRENT)                                              \
  CU2M_SHARED_DEFINE_CALLBACK(load, 2, uint16_t, false, CURRENT)                                             \
  CU2M_SHARED_DEFINE_CALLBACK(load, 4, uint32_t, false, CURRENT)                                             \
  CU2M_SHARED_DEFINE_CALLBACK(load, 8, uint64_t, false, CURRENT)                                             \
  CU2M_SHARED_DEFINE_CALLBACK(load, 16, __int128, false, CURRENT)                                            \
  CU2M_SHARED_DEFINE_CALLBACK(store, 1, uint8_t, true, CURRENT)                                              \
  CU2M_SHARED_DEFINE_CALLBACK(store, 2, uint16_t, true, CURRENT)                                             \
  CU2M_SHARED_DEFINE_CALLBACK(store, 4, uint32_t, true, CURRENT)                                             \
  CU2M_SHARED_DEFINE_CALLBACK(store, 8, uint64_t, true, CURRENT)                                             \
  CU2M_SHARED_DEFINE_CALLBACK(store, 16, __int128, true, CURRENT)

#endif // !__OPENCL_CPP_VERSION__

#endif // CU2M_SHARED_MEM_H
