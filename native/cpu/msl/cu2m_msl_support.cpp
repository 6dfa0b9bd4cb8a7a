// cu2metal — plain C++ support linked into every msl-cpu module.
//
// The translated MSL is compiled as C++ for OpenCL (clang -x clcpp, see src/build/build.ts), the
// mode in which objects of class type copy out of device/threadgroup memory as on Metal. That mode
// has no thread_local and no calls through function pointers, so the per-thread context and the
// scheduler's callbacks (cu2m/cpu_thread.h) are reached through these functions, compiled as C++17.
#include <cu2m/cpu_thread.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

// Hidden (as declared in cu2m/cpu_thread.h): the module's calls bind here directly, through no PLT.
#define CU2M_MSL_SUPPORT __attribute__((visibility("hidden")))

namespace {
// Per OS thread: the blocks begun (thread 0 entering, as cu2m_shared::blockBegin counts them) and
// the last threadgroup variables looked up, so that the other threads of a block find theirs
// without the map (one TLS access, a few compares).
struct TgCache {
  struct Entry {
    const void* key = nullptr;
    void* p = nullptr;
    size_t bytes = 0;
    uint64_t block = 0; // declared (poisoned) in this block
  };
  uint64_t block = 0;
  unsigned next = 0;
  Entry e[4];
};
thread_local TgCache tgCache;
} // namespace

extern "C" {

CU2M_MSL_SUPPORT void cu2m_msl_enter(cu2m_thread_ctx* ctx) {
  if (ctx->linear_tid == 0) ++tgCache.block;
  cu2m_cpu::enter(ctx);
}

CU2M_MSL_SUPPORT void cu2m_msl_barrier(const char* file, uint32_t line) { cu2m_cpu::barrier(file, line); }

// Stops the launch (the runtime's trap: a message naming the kernel), for generated work-item loops.
CU2M_MSL_SUPPORT void cu2m_msl_trap(cu2m_thread_ctx* ctx, const char* message) { ctx->trap(ctx, message); }

CU2M_MSL_SUPPORT uint32_t cu2m_msl_warp_exchange(uint64_t value, uint64_t* values, uint32_t* active, uint32_t* exists) {
  const cu2m_cpu::WarpValues w = cu2m_cpu::warp_exchange(value);
  std::memcpy(values, w.v, sizeof w.v);
  *active = w.active;
  *exists = w.exists;
  return w.lane;
}

CU2M_MSL_SUPPORT void cu2m_msl_warp_step() { cu2m_cpu::warp_step(); }

// Storage of a `threadgroup` variable declared in a kernel body (MSL lowering, src/build/mslLower.ts):
// one copy per declaration and worker OS thread, filled with 0xFF bytes when a block first reaches
// the declaration (cu2m/shared_mem.h). A worker runs one threadgroup at
// a time, so that is one copy per running threadgroup, as on the GPU. `key` is the address of a
// string literal unique to the declaration; the instances of a kernel template share it with
// different sizes, so the storage grows to the largest (never while a threadgroup uses it: only the
// first thread of a block of another instance can ask for more).
// The first thread of a block to get here registers (and poisons) the storage; the block's other
// threads find it in tgCache, marked as declared in the same block.
CU2M_MSL_SUPPORT void* cu2m_msl_threadgroup_static(const void* key, size_t bytes, size_t align) {
  TgCache& c = tgCache;
  for (TgCache::Entry& e : c.e)
    if (e.key == key && e.block == c.block && e.bytes >= bytes && (reinterpret_cast<uintptr_t>(e.p) & (align - 1)) == 0) return e.p;
  struct Storage {
    void* p = nullptr;
    size_t bytes = 0;
  };
  thread_local std::unordered_map<const void*, Storage> storage;
  Storage& s = storage[key];
  if (s.p == nullptr || s.bytes < bytes || reinterpret_cast<uintptr_t>(s.p) % align != 0) {
    if (s.p != nullptr) cu2m_shared::forget(s.p);
    std::free(s.p);
    const size_t a = align < alignof(std::max_align_t) ? alignof(std::max_align_t) : align;
    s.p = std::aligned_alloc(a, (bytes + a - 1) / a * a);
    if (s.p == nullptr) std::abort();
    s.bytes = bytes;
  }
  cu2m_shared::declared(s.p, s.bytes);
  TgCache::Entry* slot = nullptr;
  for (TgCache::Entry& e : c.e)
    if (e.key == key) slot = &e;
  if (slot == nullptr) slot = &c.e[c.next++ % 4];
  *slot = TgCache::Entry{key, s.p, s.bytes, c.block};
  return s.p;
}

// Work-item loops (src/build/mslWorkItemLoops.ts): the per-thread arrays of the locals that live
// across a barrier, one buffer per variable (`key`) and worker OS thread, grown to the largest block
// it has run (a worker runs one block at a time). Not initialised: every thread assigns its element
// where the variable is declared.
CU2M_MSL_SUPPORT void* cu2m_msl_wil_slots(uint32_t key, size_t bytes, size_t align) {
  struct Slot {
    void* p = nullptr;
    size_t bytes = 0;
  };
  thread_local std::vector<Slot> slots;
  if (key >= slots.size()) slots.resize(key + 1);
  Slot& s = slots[key];
  if (s.p == nullptr || s.bytes < bytes || reinterpret_cast<uintptr_t>(s.p) % align != 0) {
    std::free(s.p);
    const size_t a = align < alignof(std::max_align_t) ? alignof(std::max_align_t) : align;
    s.p = std::aligned_alloc(a, (bytes + a - 1) / a * a + a);
    if (s.p == nullptr) std::abort();
    s.bytes = bytes;
  }
  return s.p;
}

} // extern "C"

// --sanitize: the module's instrumented loads and stores of shared memory are checked here.
CU2M_SHARED_DEFINE_CALLBACKS(::cu2m_cpu::current)
