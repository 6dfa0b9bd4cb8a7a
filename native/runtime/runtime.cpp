// cu2metal runtime core. See runtime.h.
#include "runtime.h"

#include "../include/cu2m/texture.h"

extern "C" int cu2mTextureObjectLive(unsigned long long handle, int surface); // texture.cpp

extern "C" void* cu2mSymbolStorageByName(const char* name); // symbols.cpp

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "trace.h"

#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif
#include <climits>

// Weak: nullptr in every program except those `cu2metal build -o` writes, which define it with the
// backend they were built for (a generated object linked into the executable).
extern "C" __attribute__((weak)) const char* cu2m_program_backend = nullptr;

namespace cu2m {

// ---- Per-thread error state ---------------------------------------------------------------------

namespace {
thread_local Error tlsLastError = err::Success;
thread_local std::string tlsLastDiagnostic;

bool envSet(const char* name, std::string& out) {
  const char* v = std::getenv(name);
  if (!v || !*v) return false;
  out = v;
  return true;
}

// The running executable's path, or "" when the system does not say.
std::string executablePath() {
#if defined(__APPLE__)
  uint32_t size = 0;
  _NSGetExecutablePath(nullptr, &size);
  std::string path(size, '\0');
  if (_NSGetExecutablePath(path.data(), &size) != 0) return "";
  path.resize(std::strlen(path.c_str()));
  char real[PATH_MAX];
  return realpath(path.c_str(), real) ? std::string(real) : path;
#else
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  return std::string(buf, static_cast<size_t>(n));
#endif
}

std::string describeDim(cu2m_dim3 d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "(%u,%u,%u)", d.x, d.y, d.z);
  return buf;
}

// a * b + c, false when it does not fit in size_t.
bool mulAdd(size_t a, size_t b, size_t c, size_t* out) {
  size_t m;
  return !__builtin_mul_overflow(a, b, &m) && !__builtin_add_overflow(m, c, out);
}

// Rows of pitched allocations (cudaMallocPitch, cudaMalloc3D) start at multiples of this.
constexpr size_t kPitchAlignment = 256;
#ifdef CU2M_SANITIZE
extern "C" int __asan_address_is_poisoned(void const volatile* addr);
#endif
// Spare bytes after every allocation: a one-past-the-end pointer (a valid kernel argument) can then
// never equal the base of the next allocation, so it always resolves to its own buffer.
#ifdef CU2M_SANITIZE
constexpr size_t kSpareBytes = 0; // --sanitize: ASan's redzone follows every allocation instead
#else
constexpr size_t kSpareBytes = 16;
#endif
// CUDA's per-thread local memory limit, the largest cudaLimitStackSize it accepts.
constexpr size_t kMaxStackLimit = 512 * 1024;
// The smallest printf buffer CUDA gives (an H100 read back 512 KiB after setting 1 KiB or 4 KiB).
constexpr size_t kMinPrintfFifo = 512 * 1024;

const char* kindName(AllocKind k) {
  switch (k) {
    case AllocKind::Device: return "cudaMalloc";
    case AllocKind::Host: return "cudaMallocHost/cudaHostAlloc";
    case AllocKind::Registered: return "cudaHostRegister";
    case AllocKind::Managed: return "cudaMallocManaged";
  }
  return "?";
}
} // namespace

void Runtime::recordError(Error e) {
  if (e != err::Success) tlsLastError = e;
}
Error Runtime::getLastError() {
  Error e = tlsLastError;
  tlsLastError = err::Success;
  return e;
}
Error Runtime::peekLastError() { return tlsLastError; }
const std::string& Runtime::lastDiagnostic() { return tlsLastDiagnostic; }

Error Runtime::fail(Error e, const char* fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  tlsLastDiagnostic = buf;
  if (!options_.quiet) {
    std::fprintf(stderr, "cu2metal: %s\n", buf);
    std::fflush(stderr);
  }
  return e;
}

Error Runtime::reportError(Error e, const std::string& message) { return fail(e, "%s", message.c_str()); }

// Waits for queued work (a host-visible point) and reports a fault of that work, if any.
// A fault of device work is sticky, as in CUDA (cudaErrorLaunchFailure and friends leave the
// context unusable): every later synchronizing call and launch returns it until cudaDeviceReset.
Error Runtime::flush(const char* api) {
  backend_->synchronize();
  std::string reason;
  Error e = backend_->takeAsyncError(reason);
  std::string assertion;
  if (drainPrintf(assertion) && e == err::Success) e = err::Assert, reason = assertion;
  if (e != err::Success && stickyError_ == err::Success) {
    stickyError_ = e;
    stickyReason_ = reason;
  }
  if (stickyError_ != err::Success)
    return fail(stickyError_, "%s: an earlier kernel failed on the device: %s", api, stickyReason_.c_str());
  return err::Success;
}

void Runtime::deviceFault(Error e, const std::string& reason) {
  if (stickyError_ == err::Success) {
    stickyError_ = e;
    stickyReason_ = reason;
  }
}

// ---- Options ------------------------------------------------------------------------------------

RuntimeOptions RuntimeOptions::fromEnvironment() {
  RuntimeOptions o;
  bool backendSet = envSet("CU2METAL_BACKEND", o.backend);
  envSet("CU2METAL_MODULE", o.modulePath);
  // A program written by `cu2metal build -o PROG` names the backend it was built for and finds
  // its kernel module beside itself (PROG.msl-cpu.so, PROG.cuda-cpu.so, PROG.metal).
  if (cu2m_program_backend && *cu2m_program_backend) {
    if (!backendSet) o.backend = cu2m_program_backend;
    std::string exe = executablePath();
    if (o.modulePath.empty() && !exe.empty())
      o.modulePath = exe + (o.backend == "metal" ? ".metal" : "." + o.backend + ".so");
  }
  envSet("CU2METAL_TRACE", o.tracePrefix);
  std::string threads;
  if (envSet("CU2METAL_THREADS", threads)) {
    char* end = nullptr;
    unsigned long n = std::strtoul(threads.c_str(), &end, 10);
    if (end && *end == '\0' && n >= 1 && n <= 4096)
      o.threads = static_cast<unsigned>(n);
    else
      std::fprintf(stderr, "cu2metal: ignoring CU2METAL_THREADS=%s (want a number from 1 to 4096)\n",
                   threads.c_str());
  }
  return o;
}

// ---- Streams, events, allocations ---------------------------------------------------------------

struct Stream {
  unsigned flags = 0;
  int priority = 0;
  std::map<int, std::vector<unsigned char>> attributes; // cudaStreamSetAttribute values, by id
};

// A stream-ordered allocation pool (cudaMemPool_t). Freed blocks stay in `cache` for reuse until a
// synchronizing call finds more than `releaseThreshold` bytes reserved, or cudaMemPoolTrimTo.
struct MemPool {
  bool isDefault = false;
  bool destroyed = false;   // cudaMemPoolDestroy with blocks still live: deleted with the last one
  uint64_t releaseThreshold = 0;
  int reuse[3] = {1, 1, 1}; // the three cudaMemPoolReuse* flags (stored; reuse needs no events here)
  size_t used = 0, usedHigh = 0;         // bytes of live blocks, as requested
  size_t reserved = 0, reservedHigh = 0; // bytes held from the backend: live blocks + cache
  size_t liveBlocks = 0;
  std::multimap<size_t, BackendBuffer> cache; // freed blocks by capacity
};

struct Event {
  unsigned flags = 0;
  bool recorded = false;
  std::chrono::steady_clock::time_point time;
  bool hasDeviceTime = false; // the backend's clock (Metal: GPU timestamps) instead of `time`
  double deviceSeconds = 0;
};

struct Runtime::Allocation {
  BackendBuffer buffer;
  AllocKind kind = AllocKind::Device;
  MemPool* pool = nullptr; // cudaMallocAsync: the pool its memory goes back to
  size_t capacity = 0;     // bytes the backend buffer holds (a reused pool block may be larger)
  bool host() const { return kind == AllocKind::Host || kind == AllocKind::Registered; }
  // Trace bookkeeping: the last launch that had this allocation as a writable argument.
  int64_t lastWriteSeq = -1;
  uint32_t lastWriteElem = CU2M_ELEM_BYTES;
  std::string lastWriteKernel;
};

// ---- Construction ---------------------------------------------------------------------------------

Runtime::Runtime(RuntimeOptions options) : options_(std::move(options)) {
  if (!options_.tracePrefix.empty()) {
    std::string error;
    tracer_ = Tracer::open(options_.tracePrefix, error);
    if (!tracer_) fail(err::Success, "tracing disabled: %s", error.c_str());
  }
}

Runtime::~Runtime() {
  if (backend_) {
    backend_->synchronize();
    dropAllMemory();
  }
  for (Stream* s : streams_) delete s;
  for (Event* e : events_) delete e;
  defaultModule_.reset();
  backend_.reset(); // after the modules' users, before the modules' code goes away
}

namespace {
Runtime* gRuntime = nullptr;

#if defined(__GLIBC__)
void exitHandler(int status, void*) {
  if (gRuntime) gRuntime->traceExit(status, true);
}
#else
void exitHandler() {
  if (gRuntime) gRuntime->traceExit(0, false);
}
#endif
} // namespace

Runtime& Runtime::global() {
  static Runtime* instance = [] {
    Runtime* r = new Runtime(RuntimeOptions::fromEnvironment());
    gRuntime = r;
    if (r->tracer_) {
#if defined(__GLIBC__)
      on_exit(exitHandler, nullptr);
#else
      std::atexit(exitHandler);
#endif
    }
    return r;
  }();
  return *instance;
}

void Runtime::traceExit(int code, bool known) {
  if (tracer_) tracer_->exit(code, known);
}

Error Runtime::init() {
  std::lock_guard<std::mutex> lock(initMutex_);
  if (!initialized_) {
    initialized_ = true;
    std::string error;
    backend_ = createBackend(options_.backend, options_.threads, error);
    if (!backend_) {
      initError_ = error;
      fail(err::InitializationError, "cannot start backend '%s': %s", options_.backend.c_str(),
           error.c_str());
    }
  }
  if (!backend_) {
    tlsLastDiagnostic = "cannot start backend '" + options_.backend + "': " + initError_;
    return err::InitializationError;
  }
  return err::Success;
}

Error Runtime::deviceInfo(const DeviceInfo** out) {
  if (!out) return err::InvalidValue;
  if (Error e = init()) return e;
  *out = &backend_->device();
  return err::Success;
}

const char* Runtime::backendName() { return init() == err::Success ? backend_->name() : "none"; }

// ---- Memory ---------------------------------------------------------------------------------------

Runtime::Allocation* Runtime::find(const void* ptr) {
  uintptr_t p = reinterpret_cast<uintptr_t>(ptr);
  auto it = allocs_.upper_bound(p);
  if (it == allocs_.begin()) return nullptr;
  --it;
  Allocation* a = it->second.get();
  // One past the end still belongs to the allocation (end pointers are legal kernel arguments).
  return p - it->first <= a->buffer.size ? a : nullptr;
}

Runtime::Allocation* Runtime::findRange(const void* ptr, size_t bytes) {
  Allocation* a = find(ptr);
  if (!a) return nullptr;
  size_t offset = static_cast<const char*>(ptr) - static_cast<const char*>(a->buffer.contents);
  return bytes <= a->buffer.size - offset ? a : nullptr;
}

bool Runtime::lookup(const void* ptr, AllocationView* out) {
  std::lock_guard<std::mutex> lock(allocMutex_);
  Allocation* a = find(ptr);
  if (!a) return false;
  if (out) {
    out->base = a->buffer.contents;
    out->size = a->buffer.size;
    out->offset = static_cast<const char*>(ptr) - static_cast<const char*>(a->buffer.contents);
    out->host = a->host();
    out->kind = a->kind;
    out->buffer = &a->buffer;
  }
  return true;
}

// Sizes no device could give (a negative count converted to size_t, an overflowing product) fail
// here instead of wrapping around in the backend's arithmetic.
Error Runtime::checkSize(size_t bytes, const char* api) {
  const size_t limit = backend_->device().totalGlobalMem;
  if (bytes <= limit && bytes <= SIZE_MAX - 2 * kSpareBytes - 65536) return err::Success;
  return fail(err::MemoryAllocation, "%s(%zu bytes): more than the %s device's %zu bytes of memory%s", api, bytes,
              backend_->name(), limit, bytes > SIZE_MAX / 2 ? " (a negative size converted to size_t?)" : "");
}

Error Runtime::allocate(void** ptr, size_t bytes, AllocKind kind, const char* api) {
  if (!ptr) return err::InvalidValue;
  *ptr = nullptr;
  if (Error e = init()) return e;
  if (bytes == 0) return err::Success;
  if (Error e = checkSize(bytes, api)) return e;
  auto a = std::make_unique<Allocation>();
  a->kind = kind;
  a->capacity = bytes + kSpareBytes;
  if (!backend_->alloc(a->capacity, a->buffer))
    return fail(err::MemoryAllocation, "%s(%zu bytes): out of memory", api, bytes);
  a->buffer.size = bytes;
  *ptr = a->buffer.contents;
  std::lock_guard<std::mutex> lock(allocMutex_);
  allocs_[reinterpret_cast<uintptr_t>(*ptr)] = std::move(a);
  return err::Success;
}

// Gives an allocation's memory back: to its pool's cache (cudaMallocAsync blocks), to the program
// (registered memory) or to the backend. The allocation is already out of the map.
void Runtime::freeBuffer(Allocation& a) {
  if (a.kind == AllocKind::Registered) {
    backend_->unregisterHost(a.buffer);
    return;
  }
  if (a.pool) {
    std::lock_guard<std::mutex> lock(poolMutex_);
    MemPool* p = a.pool;
    p->used -= a.buffer.size;
    --p->liveBlocks;
    if (!p->destroyed) {
      p->cache.emplace(a.capacity, a.buffer);
      return;
    }
    p->reserved -= a.capacity;
    backend_->free(a.buffer);
    if (p->liveBlocks == 0) delete p;
    return;
  }
  backend_->free(a.buffer);
}

Error Runtime::release(void* ptr, bool host, const char* api) {
  if (!ptr) return err::Success;
  if (Error e = init()) return e;
  std::unique_ptr<Allocation> a;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    auto it = allocs_.find(reinterpret_cast<uintptr_t>(ptr));
    Allocation* at = it == allocs_.end() ? nullptr : it->second.get();
    const bool wanted = at && (host ? at->kind == AllocKind::Host : !at->host());
    if (!wanted) {
      Allocation* inside = at ? at : find(ptr);
      if (inside && inside->kind == AllocKind::Registered)
        return fail(err::InvalidValue, "%s(%p): memory registered with cudaHostRegister is the program's own "
                    "(use cudaHostUnregister)", api, ptr);
      if (inside && !at && inside->host() == host)
        return fail(err::InvalidValue, "%s(%p): pointer is inside an allocation (base %p) but not its start",
                    api, ptr, inside->buffer.contents);
      if (inside)
        return fail(err::InvalidValue, "%s(%p): memory was allocated with %s", api, ptr,
                    host ? "cudaMalloc (use cudaFree)" : "cudaMallocHost/cudaHostAlloc (use cudaFreeHost)");
      return fail(err::InvalidValue, "%s(%p): not a live allocation (double free, or a host pointer?)",
                  api, ptr);
    }
    a = std::move(it->second);
    allocs_.erase(it);
  }
  backend_->synchronize(); // kernels still queued may use it
  freeBuffer(*a);
  return err::Success;
}

Error Runtime::malloc(void** ptr, size_t bytes) { return allocate(ptr, bytes, AllocKind::Device, "cudaMalloc"); }
Error Runtime::mallocManaged(void** ptr, size_t bytes) {
  return allocate(ptr, bytes, AllocKind::Managed, "cudaMallocManaged");
}
Error Runtime::free(void* ptr) { return release(ptr, false, "cudaFree"); }
Error Runtime::mallocHost(void** ptr, size_t bytes) {
  return allocate(ptr, bytes, AllocKind::Host, "cudaMallocHost");
}
Error Runtime::freeHost(void* ptr) { return release(ptr, true, "cudaFreeHost"); }

Error Runtime::mallocPitch(void** ptr, size_t* pitch, size_t width, size_t height, size_t depth,
                           const char* api) {
  if (!ptr || !pitch) return err::InvalidValue;
  *ptr = nullptr;
  *pitch = 0;
  if (Error e = init()) return e;
  size_t rounded = 0, bytes = 0;
  if (width > SIZE_MAX - kPitchAlignment ||
      !mulAdd((width + kPitchAlignment - 1) / kPitchAlignment, kPitchAlignment, 0, &rounded) ||
      !mulAdd(rounded, height, 0, &bytes) || !mulAdd(bytes, depth, 0, &bytes))
    return fail(err::MemoryAllocation, "%s(width %zu, height %zu, depth %zu): the size does not fit in size_t", api,
                width, height, depth);
  *pitch = rounded;
  if (width == 0 || height == 0 || depth == 0) return err::Success; // CUDA: no memory, no error
  return allocate(ptr, bytes, AllocKind::Device, api);
}

Error Runtime::hostRegister(void* ptr, size_t bytes, unsigned flags) {
  // cudaHostRegisterPortable 1, Mapped 2, IoMemory 4, ReadOnly 8.
  if (!ptr || bytes == 0 || (flags & ~0xfu)) return err::InvalidValue;
  if (Error e = init()) return e;
  if (flags & 0x4u)
    return fail(err::NotSupported, "cudaHostRegister(%p, %zu bytes): cudaHostRegisterIoMemory (device I/O memory) "
                "is not supported by the %s backend", ptr, bytes, backend_->name());
  if (Error e = checkSize(bytes, "cudaHostRegister")) return e;
  const uintptr_t p = reinterpret_cast<uintptr_t>(ptr);
  if (bytes > UINTPTR_MAX - p) return err::InvalidValue;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    // Any allocation overlapping [p, p + bytes): the one before p reaching past it, or one starting inside.
    Allocation* overlap = nullptr;
    auto it = allocs_.lower_bound(p);
    if (it != allocs_.end() && it->first < p + bytes) overlap = it->second.get();
    if (!overlap && it != allocs_.begin()) {
      --it;
      if (it->first + it->second->buffer.size > p) overlap = it->second.get();
    }
    if (overlap) {
      const bool hostMemory = overlap->host();
      return fail(hostMemory ? err::HostMemoryAlreadyRegistered : err::InvalidValue,
                  "cudaHostRegister(%p, %zu bytes): the range overlaps %s memory at %p (%zu bytes)%s", ptr, bytes,
                  kindName(overlap->kind), overlap->buffer.contents, overlap->buffer.size,
                  hostMemory ? ", which is already mapped" : ": only host memory can be registered");
    }
  }
  auto a = std::make_unique<Allocation>();
  a->kind = AllocKind::Registered;
  a->capacity = bytes;
  std::string reason;
  if (Error e = backend_->registerHost(ptr, bytes, a->buffer, reason))
    return fail(e, "cudaHostRegister(%p, %zu bytes): %s", ptr, bytes, reason.c_str());
  a->buffer.contents = ptr;
  a->buffer.size = bytes;
  std::lock_guard<std::mutex> lock(allocMutex_);
  allocs_[p] = std::move(a);
  return err::Success;
}

Error Runtime::hostUnregister(void* ptr) {
  if (!ptr) return err::InvalidValue;
  if (Error e = init()) return e;
  std::unique_ptr<Allocation> a;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    auto it = allocs_.find(reinterpret_cast<uintptr_t>(ptr));
    if (it == allocs_.end() || it->second->kind != AllocKind::Registered) {
      Allocation* inside = find(ptr);
      if (inside && inside->kind == AllocKind::Registered)
        return fail(err::HostMemoryNotRegistered, "cudaHostUnregister(%p): inside the range registered at %p; "
                    "pass the pointer given to cudaHostRegister", ptr, inside->buffer.contents);
      return fail(err::HostMemoryNotRegistered, "cudaHostUnregister(%p): no cudaHostRegister range starts here", ptr);
    }
    a = std::move(it->second);
    allocs_.erase(it);
  }
  backend_->synchronize(); // kernels still queued may use it
  freeBuffer(*a);
  return err::Success;
}

Error Runtime::hostDevicePointer(void** devPtr, void* hostPtr, unsigned flags) {
  if (!devPtr || flags != 0) return err::InvalidValue;
  *devPtr = nullptr;
  if (Error e = init()) return e;
  std::lock_guard<std::mutex> lock(allocMutex_);
  Allocation* a = find(hostPtr);
  if (!a || !a->host())
    return fail(err::InvalidValue, "cudaHostGetDevicePointer(%p): %s", hostPtr,
                a ? "device memory has no host mapping to look up (it is already a device pointer)"
                  : "not memory from cudaHostAlloc/cudaMallocHost or a cudaHostRegister range");
  *devPtr = hostPtr; // unified addressing: the same address on both sides
  return err::Success;
}

Error Runtime::memGetInfo(size_t* freeBytes, size_t* totalBytes) {
  if (Error e = init()) return e;
  long page = sysconf(_SC_PAGESIZE);
  long avail = -1;
#ifdef _SC_AVPHYS_PAGES
  avail = sysconf(_SC_AVPHYS_PAGES);
#endif
  size_t total = backend_->device().totalGlobalMem;
  if (freeBytes) *freeBytes = avail > 0 ? static_cast<size_t>(avail) * static_cast<size_t>(page) : total;
  if (totalBytes) *totalBytes = total;
  return err::Success;
}

Error Runtime::checkManagedRange(const void* ptr, size_t bytes, bool wholeAllocation, const char* api) {
  if (Error e = init()) return e;
  std::lock_guard<std::mutex> lock(allocMutex_);
  Allocation* a = find(ptr);
  if (!a || a->kind != AllocKind::Managed)
    return fail(err::InvalidValue, "%s(%p): not memory from cudaMallocManaged%s", api, ptr,
                a ? (std::string(" (it comes from ") + kindName(a->kind) + ")").c_str() : "");
  const size_t offset = static_cast<const char*>(ptr) - static_cast<const char*>(a->buffer.contents);
  if (wholeAllocation) {
    if (offset != 0 || (bytes != 0 && bytes != a->buffer.size))
      return fail(err::InvalidValue, "%s(%p, %zu bytes): must name a whole managed allocation (base %p, %zu bytes; "
                  "length 0 means all of it)", api, ptr, bytes, a->buffer.contents, a->buffer.size);
  } else if (bytes == 0 || bytes > a->buffer.size - offset) {
    return fail(err::InvalidValue, "%s(%p, %zu bytes): the range is empty or runs past the end of its managed "
                "allocation (base %p, %zu bytes)", api, ptr, bytes, a->buffer.contents, a->buffer.size);
  }
  return err::Success;
}

// ---- Copies and memsets ---------------------------------------------------------------------------

// Checks that the device side(s) of a 3D copy lie inside allocations, then copies row by row.
Error Runtime::memcpy3D(const Copy3D& c, const char* api) {
  CopyKind kind = c.kind;
  if (static_cast<int>(kind) < 0 || static_cast<int>(kind) > 4) return err::InvalidMemcpyDirection;
  const size_t width = c.widthBytes, height = c.height, depth = c.depth;
  if (width == 0 || height == 0 || depth == 0) return err::Success;
  if (!c.dst || !c.src) return fail(err::InvalidValue, "%s: NULL %s pointer", api, c.dst ? "source" : "destination");
  if ((height > 1 || depth > 1) && (c.dpitch < width || c.spitch < width)) return err::InvalidPitchValue;
  size_t dspan = 0, sspan = 0;
  if (!mulAdd(height - 1, c.dpitch, width, &dspan) || !mulAdd(height - 1, c.spitch, width, &sspan))
    return fail(err::InvalidValue, "%s: the copy's extent does not fit in the address space", api);
  if (depth > 1) {
    if (c.dslicePitch < dspan || c.sslicePitch < sspan)
      return fail(err::InvalidValue, "%s: a slice pitch is smaller than one slice (%zu/%zu bytes for %zu/%zu)", api,
                  c.dslicePitch, c.sslicePitch, dspan, sspan);
    if (!mulAdd(depth - 1, c.dslicePitch, dspan, &dspan) || !mulAdd(depth - 1, c.sslicePitch, sspan, &sspan))
      return fail(err::InvalidValue, "%s: the copy's extent does not fit in the address space", api);
  }
  if (kind != CopyKind::HostToHost)
    if (Error e = init()) return e;

  Allocation* srcAlloc = nullptr;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    Allocation* da = findRange(c.dst, dspan);
    Allocation* sa = findRange(c.src, sspan);
    if (kind == CopyKind::Default) {
      bool dDev = da && !da->host(), sDev = sa && !sa->host();
      kind = sDev ? (dDev ? CopyKind::DeviceToDevice : CopyKind::DeviceToHost)
                  : (dDev ? CopyKind::HostToDevice : CopyKind::HostToHost);
    }
    bool dstDevice = kind == CopyKind::HostToDevice || kind == CopyKind::DeviceToDevice;
    bool srcDevice = kind == CopyKind::DeviceToHost || kind == CopyKind::DeviceToDevice;
    if (dstDevice && !da)
      return fail(err::InvalidValue,
                  "%s: destination %p (+%zu bytes) is not inside a device allocation%s", api, c.dst,
                  dspan, find(c.dst) ? " (the copy runs past its end)" : " (a host pointer? check the copy direction)");
    if (srcDevice && !sa)
      return fail(err::InvalidValue, "%s: source %p (+%zu bytes) is not inside a device allocation%s",
                  api, c.src, sspan, find(c.src) ? " (the copy runs past its end)" : " (a host pointer? check the copy direction)");
    srcAlloc = kind == CopyKind::DeviceToHost ? sa : nullptr;
  }
  if (backend_) { // host-visible operation: flush queued work first
    if (Error e = flush(api)) return e;
  }

  for (size_t z = 0; z < depth; ++z)
    for (size_t r = 0; r < height; ++r)
      std::memmove(static_cast<char*>(c.dst) + z * c.dslicePitch + r * c.dpitch,
                   static_cast<const char*>(c.src) + z * c.sslicePitch + r * c.spitch, width);

  if (tracer_ && srcAlloc) {
    int64_t seq;
    uint32_t elem;
    std::string kernel;
    {
      std::lock_guard<std::mutex> lock(allocMutex_);
      seq = srcAlloc->lastWriteSeq;
      elem = srcAlloc->lastWriteElem;
      kernel = srcAlloc->lastWriteKernel;
    }
    const bool contiguous = (height == 1 || c.dpitch == width) && (depth == 1 || c.dslicePitch == width * height);
    if (contiguous) {
      tracer_->d2h(c.dst, width * height * depth, elem, seq, kernel.c_str());
    } else { // the bytes copied, packed, as the program sees them
      std::vector<char> packed(width * height * depth);
      for (size_t z = 0; z < depth; ++z)
        for (size_t r = 0; r < height; ++r)
          std::memcpy(packed.data() + (z * height + r) * width,
                      static_cast<const char*>(c.dst) + z * c.dslicePitch + r * c.dpitch, width);
      tracer_->d2h(packed.data(), packed.size(), elem, seq, kernel.c_str());
    }
  }
  return err::Success;
}

Error Runtime::memcpy(void* dst, const void* src, size_t bytes, CopyKind kind) {
  Copy3D c;
  c.dst = dst;
  c.src = src;
  c.widthBytes = bytes;
  c.dpitch = c.spitch = bytes;
  c.kind = kind;
  return memcpy3D(c, "cudaMemcpy");
}

Error Runtime::memcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                        size_t height, CopyKind kind) {
  Copy3D c;
  c.dst = dst;
  c.src = src;
  c.widthBytes = width;
  c.height = height;
  c.dpitch = dpitch;
  c.spitch = spitch;
  c.kind = kind;
  return memcpy3D(c, "cudaMemcpy2D");
}

Error Runtime::memset(void* dst, int value, size_t bytes) {
  return memset3D(dst, bytes, bytes, value, bytes, 1, 1, "cudaMemset");
}

Error Runtime::memset3D(void* dst, size_t pitch, size_t slicePitch, int value, size_t width, size_t height,
                        size_t depth, const char* api) {
  if (width == 0 || height == 0 || depth == 0) return err::Success;
  if (height > 1 && pitch < width) return err::InvalidPitchValue;
  if (Error e = init()) return e;
  size_t span = 0;
  bool fits = mulAdd(height - 1, pitch, width, &span);
  if (fits && depth > 1) {
    if (slicePitch < span)
      return fail(err::InvalidValue, "%s: the slice pitch (%zu bytes) is smaller than one slice (%zu bytes)", api,
                  slicePitch, span);
    fits = mulAdd(depth - 1, slicePitch, span, &span);
  }
  if (!fits) return fail(err::InvalidValue, "%s: the extent does not fit in the address space", api);
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    if (!findRange(dst, span))
      return fail(err::InvalidValue, "%s: %p (+%zu bytes) is not inside a device allocation%s", api, dst, span,
                  find(dst) ? " (it runs past the end of one)" : "");
  }
  if (Error e = flush(api)) return e;
  for (size_t z = 0; z < depth; ++z)
    for (size_t r = 0; r < height; ++r)
      std::memset(static_cast<char*>(dst) + z * slicePitch + r * pitch, value, width);
  return err::Success;
}

// ---- Stream-ordered allocation -------------------------------------------------------------------

Error Runtime::defaultMemPool(MemPool** out) {
  if (!out) return err::InvalidValue;
  if (Error e = init()) return e;
  std::lock_guard<std::mutex> lock(poolMutex_);
  if (!defaultPool_) {
    defaultPool_ = std::make_unique<MemPool>();
    defaultPool_->isDefault = true;
  }
  *out = defaultPool_.get();
  return err::Success;
}

Error Runtime::currentMemPool(MemPool** out) {
  if (!out) return err::InvalidValue;
  if (Error e = defaultMemPool(out)) return e;
  std::lock_guard<std::mutex> lock(poolMutex_);
  if (currentPool_) *out = currentPool_;
  return err::Success;
}

bool Runtime::isMemPool(const MemPool* pool) {
  std::lock_guard<std::mutex> lock(poolMutex_);
  return pool && (pool == defaultPool_.get() || pools_.count(const_cast<MemPool*>(pool)));
}

Error Runtime::setCurrentMemPool(MemPool* pool) {
  if (!isMemPool(pool)) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(poolMutex_);
  currentPool_ = pool == defaultPool_.get() ? nullptr : pool;
  return err::Success;
}

Error Runtime::createMemPool(MemPool** out) {
  if (!out) return err::InvalidValue;
  if (Error e = init()) return e;
  std::lock_guard<std::mutex> lock(poolMutex_);
  MemPool* p = new MemPool;
  pools_.insert(p);
  *out = p;
  return err::Success;
}

Error Runtime::destroyMemPool(MemPool* pool) {
  if (!pool) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(poolMutex_);
  if (pool == defaultPool_.get())
    return fail(err::InvalidValue, "cudaMemPoolDestroy: the device's default pool cannot be destroyed");
  if (!pools_.erase(pool)) return err::InvalidValue;
  if (currentPool_ == pool) currentPool_ = nullptr;
  releaseCached(pool, 0);
  if (pool->liveBlocks == 0) {
    delete pool;
  } else {
    pool->destroyed = true; // CUDA: released once its last block is freed
  }
  return err::Success;
}

// Frees cached blocks, largest first, until the pool holds at most `keep` bytes (poolMutex_ held).
void Runtime::releaseCached(MemPool* pool, size_t keep) {
  while (pool->reserved > keep && !pool->cache.empty()) {
    auto last = std::prev(pool->cache.end());
    pool->reserved -= last->first;
    backend_->free(last->second);
    pool->cache.erase(last);
  }
}

void Runtime::releaseAboveThresholds() {
  if (!backend_) return;
  std::lock_guard<std::mutex> lock(poolMutex_);
  if (defaultPool_) releaseCached(defaultPool_.get(), defaultPool_->releaseThreshold);
  for (MemPool* p : pools_) releaseCached(p, p->releaseThreshold);
}

Error Runtime::memPoolTrimTo(MemPool* pool, size_t minBytesToKeep) {
  if (!isMemPool(pool)) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(poolMutex_);
  releaseCached(pool, minBytesToKeep);
  return err::Success;
}

Error Runtime::memPoolSetAttribute(MemPool* pool, int attr, uint64_t value) {
  if (!isMemPool(pool)) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(poolMutex_);
  switch (attr) {
    case poolattr::ReuseFollowEventDependencies:
    case poolattr::ReuseAllowOpportunistic:
    case poolattr::ReuseAllowInternalDependencies:
      pool->reuse[attr - 1] = value != 0;
      return err::Success;
    case poolattr::ReleaseThreshold:
      pool->releaseThreshold = value;
      return err::Success;
    case poolattr::ReservedMemHigh:
    case poolattr::UsedMemHigh:
      // CUDA: only 0 may be written, which resets the high-water mark to the current value.
      if (value != 0) return err::InvalidValue;
      if (attr == poolattr::ReservedMemHigh) pool->reservedHigh = pool->reserved;
      else pool->usedHigh = pool->used;
      return err::Success;
    default:
      return err::InvalidValue; // the *Current attributes are read-only
  }
}

Error Runtime::memPoolGetAttribute(MemPool* pool, int attr, uint64_t* value) {
  if (!value || !isMemPool(pool)) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(poolMutex_);
  switch (attr) {
    case poolattr::ReuseFollowEventDependencies:
    case poolattr::ReuseAllowOpportunistic:
    case poolattr::ReuseAllowInternalDependencies: *value = uint64_t(pool->reuse[attr - 1]); return err::Success;
    case poolattr::ReleaseThreshold: *value = pool->releaseThreshold; return err::Success;
    case poolattr::ReservedMemCurrent: *value = pool->reserved; return err::Success;
    case poolattr::ReservedMemHigh: *value = pool->reservedHigh; return err::Success;
    case poolattr::UsedMemCurrent: *value = pool->used; return err::Success;
    case poolattr::UsedMemHigh: *value = pool->usedHigh; return err::Success;
    default: return err::InvalidValue;
  }
}

Error Runtime::mallocAsync(void** ptr, size_t bytes, MemPool* pool) {
  if (!ptr) return err::InvalidValue;
  *ptr = nullptr;
  if (Error e = init()) return e;
  if (!pool) {
    if (Error e = currentMemPool(&pool)) return e;
  } else if (!isMemPool(pool)) {
    return err::InvalidValue;
  }
  if (bytes == 0) return err::Success;
  const char* api = pool->isDefault ? "cudaMallocAsync" : "cudaMallocFromPoolAsync";
  if (Error e = checkSize(bytes, api)) return e;
  auto a = std::make_unique<Allocation>();
  a->kind = AllocKind::Device;
  a->pool = pool;
  const size_t need = bytes + kSpareBytes;
  {
    std::lock_guard<std::mutex> lock(poolMutex_);
    // Best fit among cached blocks, if it wastes at most half of the block.
    auto it = pool->cache.lower_bound(need);
    if (it != pool->cache.end() && it->first / 2 <= need) {
      a->capacity = it->first;
      a->buffer = it->second;
      pool->cache.erase(it);
      backend_->synchronize(); // work issued before the free may still use the block
      std::memset(a->buffer.contents, 0, need); // zero-filled, as every allocation
    } else {
      if (!backend_->alloc(need, a->buffer)) {
        // Cached blocks that did not fit go back first; then one more try.
        releaseCached(pool, 0);
        if (!backend_->alloc(need, a->buffer))
          return fail(err::MemoryAllocation, "%s(%zu bytes): out of memory", api, bytes);
      }
      a->capacity = need;
      pool->reserved += need;
      pool->reservedHigh = std::max(pool->reservedHigh, pool->reserved);
    }
    a->buffer.size = bytes;
    pool->used += bytes;
    pool->usedHigh = std::max(pool->usedHigh, pool->used);
    ++pool->liveBlocks;
  }
  *ptr = a->buffer.contents;
  std::lock_guard<std::mutex> lock(allocMutex_);
  allocs_[reinterpret_cast<uintptr_t>(*ptr)] = std::move(a);
  return err::Success;
}

Error Runtime::freeAsync(void* ptr) {
  if (!ptr) return err::InvalidValue; // unlike cudaFree, CUDA rejects NULL here
  return release(ptr, false, "cudaFreeAsync");
}

// Everything allocated goes back to the backend (reset, destruction): pool blocks too.
void Runtime::dropAllMemory() {
  std::map<uintptr_t, std::unique_ptr<Allocation>> dead;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    dead.swap(allocs_);
  }
  std::lock_guard<std::mutex> lock(poolMutex_);
  std::set<MemPool*> orphans; // destroyed pools that waited for these blocks
  for (auto& entry : dead) {
    Allocation& a = *entry.second;
    if (a.kind == AllocKind::Registered) backend_->unregisterHost(a.buffer);
    else backend_->free(a.buffer);
    if (a.pool && a.pool->destroyed) orphans.insert(a.pool);
  }
  for (MemPool* p : orphans) delete p;
  auto dropCache = [this](MemPool* p) {
    for (auto& c : p->cache) backend_->free(c.second);
    p->cache.clear();
  };
  if (defaultPool_) {
    dropCache(defaultPool_.get());
    defaultPool_.reset();
  }
  for (MemPool* p : pools_) {
    dropCache(p);
    delete p;
  }
  pools_.clear();
  currentPool_ = nullptr;
}

// ---- Modules and launches -------------------------------------------------------------------------

std::shared_ptr<Module> Runtime::loadModule(const std::string& path, std::string* error) {
  std::string reason;
  if (init() != err::Success) {
    if (error) *error = "backend unavailable: " + initError_;
    return nullptr;
  }
  std::shared_ptr<Module> m = backend_->loadModule(path, reason);
  if (!m && error) *error = reason;
  return m;
}

// The module launches use when they name none. A module that cannot be loaded fails every launch
// (and every attribute query) with cudaErrorNoKernelImageForDevice, the error CUDA gives when a
// program carries no code the device can run, and a message naming the module and the reason.
Module* Runtime::defaultModule(const char* what, Error* error) {
  std::lock_guard<std::mutex> lock(moduleMutex_);
  if (!defaultModuleTried_) {
    defaultModuleTried_ = true;
    if (options_.modulePath.empty()) {
      defaultModuleError_ =
          "CU2METAL_MODULE is not set, so there is no kernel module to run it from (run the "
          "program through `cu2metal run`, or point CU2METAL_MODULE at the compiled module)";
    } else {
      std::string reason;
      defaultModule_ = backend_->loadModule(options_.modulePath, reason);
      if (!defaultModule_) defaultModuleError_ = reason;
    }
  }
  if (!defaultModule_) {
    *error = fail(err::NoKernelImageForDevice, "%s: %s", what, defaultModuleError_.c_str());
    return nullptr;
  }
  return defaultModule_.get();
}

// The kernel `info` names, from the default module.
Kernel* Runtime::findKernel(const cu2m_kernel_info& info, const char* api, Error* error) {
  const char* name = info.name ? info.name : "(unnamed)";
  std::string what = std::string(api) + "(" + name + ")";
  Module* module = defaultModule(what.c_str(), error);
  if (!module) return nullptr;
  std::string reason;
  Kernel* k = module->findKernel(name, reason);
  if (!k) *error = fail(err::InvalidDeviceFunction, "%s: %s", what.c_str(), reason.c_str());
  return k;
}

// A launch and, once it has completed, the launches its device code recorded (dynamic parallelism,
// docs/DESIGN.md): the parent counts as complete only after its whole tree of children.
Error Runtime::launch(const cu2m_kernel_info& kernel, const LaunchConfig& config, void* const* args,
                      Module* module) {
  std::vector<DeviceLaunchRecord> children;
  Error e = launchGrid(kernel, config, args, module, &children);
  if (e != err::Success || children.empty()) return e;
  return runDeviceLaunches(*this, kernel.name ? kernel.name : "(unnamed)", children);
}

Error Runtime::launchGrid(const cu2m_kernel_info& kernel, const LaunchConfig& config, void* const* args,
                          Module* module, std::vector<DeviceLaunchRecord>* children) {
  const char* name = kernel.name ? kernel.name : "(unnamed)";
  if (Error e = init()) return e;
  const DeviceInfo& dev = backend_->device();
  const cu2m_dim3 g = config.grid, b = config.block;

  // Geometry, as CUDA validates it. CUDA 13.0 on an H200 answers cudaErrorInvalidValue for every bad
  // geometry, <<<>>> and cudaLaunchKernel alike (older CUDA: cudaErrorInvalidConfiguration).
  if (!g.x || !g.y || !g.z || !b.x || !b.y || !b.z)
    return fail(err::InvalidValue, "launch of kernel %s: grid %s or block %s has a zero dimension",
                name, describeDim(g).c_str(), describeDim(b).c_str());
  const uint64_t threads = uint64_t(b.x) * b.y * b.z;
  if (b.x > uint32_t(dev.maxThreadsDim[0]) || b.y > uint32_t(dev.maxThreadsDim[1]) ||
      b.z > uint32_t(dev.maxThreadsDim[2]) || threads > uint64_t(dev.maxThreadsPerBlock))
    return fail(err::InvalidValue,
                "launch of kernel %s: block %s = %llu threads exceeds the limits (at most %d threads "
                "per block, block dimensions up to (%d,%d,%d))",
                name, describeDim(b).c_str(), static_cast<unsigned long long>(threads),
                dev.maxThreadsPerBlock, dev.maxThreadsDim[0], dev.maxThreadsDim[1], dev.maxThreadsDim[2]);
  if (g.x > uint32_t(dev.maxGridSize[0]) || g.y > uint32_t(dev.maxGridSize[1]) ||
      g.z > uint32_t(dev.maxGridSize[2]))
    return fail(err::InvalidValue, "launch of kernel %s: grid %s exceeds the limits (%d,%d,%d)",
                name, describeDim(g).c_str(), dev.maxGridSize[0], dev.maxGridSize[1], dev.maxGridSize[2]);
  const uint64_t shared = uint64_t(config.dynamicShared) + kernel.static_shared_bytes;
  if (shared > dev.sharedMemPerBlock)
    return fail(err::InvalidValue,
                "launch of kernel %s: %llu bytes of shared memory (%u static + %zu dynamic) exceed the "
                "%s backend's limit of %zu bytes per block%s",
                name, static_cast<unsigned long long>(shared), kernel.static_shared_bytes,
                config.dynamicShared, backend_->name(), dev.sharedMemPerBlock,
                dev.sharedMemPerBlock <= 32768 ? " (Apple GPUs have 32 KB of threadgroup memory)" : "");

  if (config.dynamicShared) { // cudaFuncSetAttribute(cudaFuncAttributeMaxDynamicSharedMemorySize) lowered it
    std::lock_guard<std::mutex> lock(settingsMutex_);
    auto it = funcSettings_.find(name);
    if (it != funcSettings_.end() && it->second.maxDynamicShared >= 0 &&
        config.dynamicShared > size_t(it->second.maxDynamicShared))
      return fail(err::InvalidValue,
                  "launch of kernel %s: %zu bytes of dynamic shared memory exceed the %d its "
                  "cudaFuncAttributeMaxDynamicSharedMemorySize allows",
                  name, config.dynamicShared, it->second.maxDynamicShared);
  }

  // Arguments: buffers resolve through the allocation map, scalars are copied.
  if (kernel.num_params && !kernel.params)
    return fail(err::InvalidValue, "launch of kernel %s: %u parameters but no parameter table", name,
                kernel.num_params);
  LaunchRequest req;
  req.info = &kernel;
  req.grid = g;
  req.block = b;
  req.dynamicShared = config.dynamicShared;
  { // The blocks resident at once: the occupancy (as Runtime::occupancy, without a register limit) × multiprocessors.
    const uint64_t warp = uint64_t(std::max(1, dev.warpSize));
    uint64_t perSm = std::min<uint64_t>(uint64_t(dev.maxThreadsPerMultiProcessor) / ((threads + warp - 1) / warp * warp),
                                        uint64_t(dev.maxBlocksPerMultiProcessor));
    if (shared > 0) perSm = std::min<uint64_t>(perSm, dev.sharedMemPerMultiprocessor / shared);
    req.residentBlocks = perSm * uint64_t(std::max(1, dev.multiProcessorCount));
  }
  req.args.resize(kernel.num_params);
  size_t scalarBytes = 0;
  for (uint32_t i = 0; i < kernel.num_params; ++i)
    if (kernel.params[i].kind != CU2M_ARG_BUFFER && kernel.params[i].kind != CU2M_ARG_SYMBOL) scalarBytes += (kernel.params[i].size + 15) / 16 * 16;
  std::vector<std::max_align_t> scalarStore((scalarBytes + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t));
  char* scalarNext = reinterpret_cast<char*>(scalarStore.data());
  std::vector<Allocation*> written(kernel.num_params, nullptr);
  // __constant__/__device__ variables: their storage (allocated on first use, so before the lock).
  std::vector<void*> symbols(kernel.num_params, nullptr);
  for (uint32_t i = 0; i < kernel.num_params; ++i) {
    if (kernel.params[i].kind != CU2M_ARG_SYMBOL) continue;
    symbols[i] = cu2mSymbolStorageByName(kernel.params[i].name ? kernel.params[i].name : "");
    if (!symbols[i])
      return fail(err::InvalidSymbol, "launch of kernel %s: no storage for the variable '%s'", name,
                  kernel.params[i].name ? kernel.params[i].name : "?");
  }
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    for (uint32_t i = 0; i < kernel.num_params; ++i) {
      const cu2m_param_info& p = kernel.params[i];
      LaunchArg& a = req.args[i];
      a.kind = p.kind == CU2M_ARG_SYMBOL ? CU2M_ARG_BUFFER : p.kind;
      a.size = p.size;
      if (p.kind != CU2M_ARG_SYMBOL && (!args || !args[i]))
        return fail(err::InvalidValue, "launch of kernel %s: no value for parameter %u (%s)", name, i,
                    p.name ? p.name : "?");
      if (p.kind == CU2M_ARG_BUFFER || p.kind == CU2M_ARG_SYMBOL) {
        void* ptr = p.kind == CU2M_ARG_SYMBOL ? symbols[i] : *static_cast<void* const*>(args[i]);
        a.address = ptr;
        if (!ptr) continue;
        Allocation* al = find(ptr);
#ifdef CU2M_SANITIZE
        // --sanitize: memory freed by cudaFree sits poisoned in ASan's quarantine; the kernel gets
        // the pointer, and its first access is reported with kernel, thread and line.
        if (!al && __asan_address_is_poisoned(ptr)) continue;
#endif
        if (!al)
          return fail(err::InvalidValue,
                      "launch of kernel %s: parameter %u '%s' is %p, which is not device memory (not "
                      "inside any cudaMalloc allocation). Passing a host pointer to a kernel is a bug; "
                      "copy the data with cudaMemcpy and pass the device pointer.",
                      name, i, p.name ? p.name : "?", ptr);
        a.buffer = &al->buffer;
        a.offset = static_cast<char*>(ptr) - static_cast<char*>(al->buffer.contents);
        if (p.writes) written[i] = al;
      } else {
        // Texture and surface objects must be live (cudaCreate*Object, not yet destroyed).
        if ((p.kind == CU2M_ARG_TEXTURE || p.kind == CU2M_ARG_SURFACE) &&
            (p.size != sizeof(unsigned long long) ||
             !cu2mTextureObjectLive(*static_cast<const unsigned long long*>(args[i]), p.kind == CU2M_ARG_SURFACE)))
          return fail(err::InvalidValue,
                      "launch of kernel %s: parameter %u '%s' is not a live %s object (never created, or destroyed)",
                      name, i, p.name ? p.name : "?", p.kind == CU2M_ARG_SURFACE ? "surface" : "texture");
        if (p.kind == CU2M_ARG_TEXTURE || p.kind == CU2M_ARG_SURFACE) {
          // The memory behind the object, for backends that bind it (Metal) and for traces: a
          // surface argument counts as written.
          const auto* tex = reinterpret_cast<const cu2m_texture*>(
              static_cast<uintptr_t>(*static_cast<const unsigned long long*>(args[i])));
          if (Allocation* al = find(tex->data)) {
            a.buffer = &al->buffer;
            a.offset = static_cast<char*>(static_cast<void*>(tex->data)) - static_cast<char*>(al->buffer.contents);
            a.address = tex->data;
            if (p.kind == CU2M_ARG_SURFACE) written[i] = al;
          }
        }
        std::memcpy(scalarNext, args[i], p.size);
        a.bytes = scalarNext;
        for (uint32_t k = 0; k < p.num_pointers && p.pointer_offsets; ++k) {
          const uint32_t at = p.pointer_offsets[k];
          if (uint64_t(at) + sizeof(void*) > p.size) continue;
          void* field = nullptr;
          std::memcpy(&field, scalarNext + at, sizeof field);
          Allocation* fal = field ? find(field) : nullptr;
          if (fal) a.pointers.push_back({at, &fal->buffer, size_t(static_cast<char*>(field) - static_cast<char*>(fal->buffer.contents))});
        }
        scalarNext += (p.size + 15) / 16 * 16;
      }
    }
  }

  // Module and kernel.
  Error moduleError = err::Success;
  if (!module) module = defaultModule((std::string("cannot launch kernel ") + name).c_str(), &moduleError);
  if (!module) return moduleError;
  std::string reason;
  req.kernel = module->findKernel(name, reason);
  if (!req.kernel)
    return fail(err::InvalidDeviceFunction, "cannot launch kernel %s: %s", name, reason.c_str());
  req.flags = kernel.flags | req.kernel->flags();
  // __launch_bounds__(N) (CPU modules) or the Metal pipeline's limit: a larger block cannot run.
  const int kernelMax = req.kernel->maxThreadsPerBlock(reason);
  const uint64_t blockThreads = uint64_t(b.x) * b.y * b.z;
  // A block beyond the kernel's own __launch_bounds__ is cudaErrorInvalidValue on NVIDIA GPUs (an
  // H100 returned it); beyond the Metal pipeline's limit it is CUDA's "too many resources".
  const int bound = req.kernel->launchBound();
  if (kernelMax > 0 && blockThreads > uint64_t(kernelMax))
    return fail(bound > 0 && blockThreads > uint64_t(bound) ? err::InvalidValue : err::LaunchOutOfResources,
                "launch of kernel %s: block %s = %llu threads exceeds the kernel's limit of %d threads "
                "per block (__launch_bounds__ or the Metal pipeline's maxTotalThreadsPerThreadgroup)",
                name, describeDim(b).c_str(), static_cast<unsigned long long>(blockThreads), kernelMax);

  std::lock_guard<std::mutex> launchLock(launchMutex_);
  if (stickyError_ != err::Success)
    return fail(stickyError_, "launch of kernel %s: an earlier kernel failed on the device (%s); only cudaDeviceReset clears this", name, stickyReason_.c_str());
  Error e = backend_->launch(req, reason);
  if (e != err::Success) return fail(e, "launch of kernel %s failed: %s", name, reason.c_str());
  // The CPU backends complete a launch before launch() returns: print what it printed now (the
  // Metal backend's output is drained at the next synchronising call). A failed device assert
  // makes every later call fail with cudaErrorAssert, as in CUDA.
  // A kernel that launches kernels from device code is waited for on every backend: its launch
  // records are read once the grid has completed (Metal: the command buffer is committed and waited).
  const bool launches = (req.flags & CU2M_KERNEL_DEVICE_LAUNCHES) != 0;
  Error refused = err::Success;
  std::string refusedWhy;
  if (std::string(backend_->name()) != "metal" || launches) {
    if (std::string(backend_->name()) == "metal") {
      backend_->synchronize();
      std::string why;
      if (Error fault = backend_->takeAsyncError(why)) deviceFault(fault, why);
    }
    std::string assertion;
    uint32_t dropped = 0;
    if (drainPrintf(assertion, children, &dropped) && stickyError_ == err::Success) {
      stickyError_ = err::Assert;
      stickyReason_ = "device-side assert triggered: " + assertion;
    }
    if (dropped) {
      size_t pending = 0;
      {
        std::lock_guard<std::mutex> lock(settingsMutex_);
        pending = limits_[limit::DevRuntimePendingLaunchCount];
      }
      refused = err::LaunchPendingCountExceeded;
      refusedWhy = std::to_string(dropped) + " launches from device code found no room: more than " +
                   std::to_string(pending) + " launches pending (cudaLimitDevRuntimePendingLaunchCount) or a full " +
                   "printf buffer (cudaLimitPrintfFifoSize), which holds their records";
      if (children) children->clear();
    }
  }
  // Traced only once the backend took it, so `diff` never blames a kernel that did not run.
  if (tracer_) {
    int64_t seq = tracer_->launch(name, g, b, config.dynamicShared);
    std::lock_guard<std::mutex> lock(allocMutex_);
    for (uint32_t i = 0; i < kernel.num_params; ++i) {
      if (!written[i]) continue;
      written[i]->lastWriteSeq = seq;
      written[i]->lastWriteElem = kernel.params[i].elem_type;
      written[i]->lastWriteKernel = name;
    }
  }
  if (refused != err::Success) return fail(refused, "kernel %s: %s", name, refusedWhy.c_str());
  return err::Success;
}

Error Runtime::synchronize() {
  if (Error e = init()) return e;
  Error e = flush("cudaDeviceSynchronize");
  releaseAboveThresholds();
  return e;
}

Error Runtime::flushFor(const char* api) {
  if (Error e = init()) return e;
  return flush(api);
}

Error Runtime::reset() {
  if (Error e = init()) return e;
  backend_->synchronize();
  std::string ignored;
  backend_->takeAsyncError(ignored);
  stickyError_ = err::Success;
  stickyReason_.clear();
  forgetPrintfBuffer();
  forgetAtomic64Locks();
  forgetDeviceHeap();
  dropAllMemory();
  {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    funcSettings_.clear();
    static const size_t defaults[] = {1024, 1048576, 8388608, 2, 2048, 32, 0};
    std::copy(std::begin(defaults), std::end(defaults), std::begin(limits_));
  }
  backend_->setThreadStackBytes(limits_[limit::StackSize]);
  setPendingLaunchLimit(limits_[limit::DevRuntimePendingLaunchCount]);
  std::lock_guard<std::mutex> lock(handleMutex_);
  for (Stream* s : streams_) delete s;
  for (Event* ev : events_) delete ev;
  streams_.clear();
  events_.clear();
  return err::Success;
}

// ---- Kernel attributes and occupancy ----------------------------------------------------------------

Error Runtime::funcAttributes(const cu2m_kernel_info& kernel, FuncAttributes* out) {
  if (!out) return err::InvalidValue;
  if (Error e = init()) return e;
  Error error = err::Success;
  Kernel* k = findKernel(kernel, "cudaFuncGetAttributes", &error);
  if (!k) return error;
  std::string reason;
  const int kernelMax = k->maxThreadsPerBlock(reason);
  if (kernelMax < 0)
    return fail(err::InvalidKernelImage, "cudaFuncGetAttributes(%s): %s", kernel.name, reason.c_str());
  const DeviceInfo& dev = backend_->device();
  FuncAttributes a;
  a.sharedSizeBytes = kernel.static_shared_bytes;
  a.maxThreadsPerBlock = kernelMax > 0 ? std::min(kernelMax, dev.maxThreadsPerBlock) : dev.maxThreadsPerBlock;
  a.maxDynamicSharedSizeBytes =
      static_cast<int>(dev.sharedMemPerBlock > kernel.static_shared_bytes ? dev.sharedMemPerBlock - kernel.static_shared_bytes : 0);
  a.version = dev.major * 10 + dev.minor;
  {
    std::lock_guard<std::mutex> lock(settingsMutex_);
    auto it = funcSettings_.find(kernel.name);
    if (it != funcSettings_.end()) {
      if (it->second.maxDynamicShared >= 0) a.maxDynamicSharedSizeBytes = it->second.maxDynamicShared;
      a.preferredShmemCarveout = it->second.carveout;
      a.cacheConfig = it->second.cacheConfig;
    }
  }
  *out = a;
  return err::Success;
}

Error Runtime::setFuncAttribute(const cu2m_kernel_info& kernel, int attr, int value) {
  if (Error e = init()) return e;
  Error error = err::Success;
  if (!findKernel(kernel, "cudaFuncSetAttribute", &error)) return error;
  const DeviceInfo& dev = backend_->device();
  std::lock_guard<std::mutex> lock(settingsMutex_);
  switch (attr) {
    case funcattr::MaxDynamicSharedMemorySize:
      if (value < 0 || uint64_t(value) + kernel.static_shared_bytes > dev.sharedMemPerBlock)
        return fail(err::InvalidValue,
                    "cudaFuncSetAttribute(%s, cudaFuncAttributeMaxDynamicSharedMemorySize, %d): with its %u bytes of "
                    "static shared memory the %s backend allows at most %zu bytes of shared memory per block%s",
                    kernel.name, value, kernel.static_shared_bytes, backend_->name(), dev.sharedMemPerBlock,
                    dev.sharedMemPerBlock <= 32768 ? " (Apple GPUs have 32 KB of threadgroup memory)" : "");
      funcSettings_[kernel.name].maxDynamicShared = value;
      return err::Success;
    case funcattr::PreferredSharedMemoryCarveout:
      if (value < -1 || value > 100) return err::InvalidValue;
      funcSettings_[kernel.name].carveout = value; // a hint: shared memory and L1 are not split here
      return err::Success;
    case 10: case 11: case 12: case 13: case 14: case 15: // the thread-block-cluster attributes
      return fail(err::NotSupported, "cudaFuncSetAttribute(%s, %d): thread block clusters do not exist on the %s "
                  "backend (Metal has no equivalent)", kernel.name, attr, backend_->name());
    default:
      return err::InvalidValue;
  }
}

Error Runtime::setFuncCacheConfig(const cu2m_kernel_info& kernel, int config) {
  if (config < 0 || config > 3) return err::InvalidValue;
  if (Error e = init()) return e;
  Error error = err::Success;
  if (!findKernel(kernel, "cudaFuncSetCacheConfig", &error)) return error;
  std::lock_guard<std::mutex> lock(settingsMutex_);
  funcSettings_[kernel.name].cacheConfig = config; // a preference; there is no L1/shared split to set
  return err::Success;
}

// What CUDA's occupancy calculator does with the limits this device reports: blocks of whole warps,
// bounded by threads, blocks and shared memory per multiprocessor (no register limit: kernels here
// report no register use).
Error Runtime::occupancy(const cu2m_kernel_info& kernel, int blockSize, size_t dynamicShared, int* numBlocks) {
  if (!numBlocks) return err::InvalidValue;
  *numBlocks = 0;
  if (blockSize <= 0) return err::InvalidValue;
  FuncAttributes a;
  if (Error e = funcAttributes(kernel, &a)) return e;
  const DeviceInfo& dev = backend_->device();
  const uint64_t shared = uint64_t(a.sharedSizeBytes) + dynamicShared;
  if (blockSize > a.maxThreadsPerBlock || dynamicShared > size_t(a.maxDynamicSharedSizeBytes) ||
      shared > dev.sharedMemPerBlock)
    return err::Success; // such a block cannot run at all: 0 blocks
  const int warp = std::max(1, dev.warpSize);
  const int threads = (blockSize + warp - 1) / warp * warp;
  int blocks = std::min(dev.maxThreadsPerMultiProcessor / threads, dev.maxBlocksPerMultiProcessor);
  if (shared > 0) blocks = static_cast<int>(std::min<uint64_t>(blocks, dev.sharedMemPerMultiprocessor / shared));
  *numBlocks = std::max(blocks, 0);
  return err::Success;
}

// ---- Limits -------------------------------------------------------------------------------------------

Error Runtime::setLimit(int which, size_t value) {
  if (Error e = init()) return e;
  std::lock_guard<std::mutex> lock(settingsMutex_);
  switch (which) {
    case limit::StackSize:
      if (value > kMaxStackLimit)
        return fail(err::InvalidValue, "cudaDeviceSetLimit(cudaLimitStackSize, %zu): at most %zu bytes per thread "
                    "(CUDA's local memory limit)", value, kMaxStackLimit);
      value = (value + 15) / 16 * 16;
      backend_->setThreadStackBytes(value);
      break;
    case limit::PrintfFifoSize:
      // Recorded on an H100 (CUDA 13.0): smaller sizes read back as 512 KiB, and once a kernel
      // that prints has run the size is fixed (cudaErrorInvalidValue) until cudaDeviceReset.
      if (value == 0) return err::InvalidValue;
      if (printfBufferInUse())
        return fail(err::InvalidValue, "cudaDeviceSetLimit(cudaLimitPrintfFifoSize, %zu): a kernel that calls printf "
                    "has already run; set the size before it (or after cudaDeviceReset)", value);
      value = std::max<size_t>(value, kMinPrintfFifo);
      break;
    case limit::MallocHeapSize:
      if (value == 0) return err::InvalidValue;
      // The heap is allocated when the first kernel that allocates runs; its size is fixed from then on.
      if (deviceHeapInUse())
        return fail(err::InvalidValue, "cudaDeviceSetLimit(cudaLimitMallocHeapSize, %zu): a kernel that allocates "
                    "has already run; set the size before it (or after cudaDeviceReset)", value);
      break;
    case limit::MaxL2FetchGranularity:
      if (value > 128) return err::InvalidValue;
      break; // a hint: there is no L2 to configure
    case limit::DevRuntimeSyncDepth:
      // Device-side cudaDeviceSynchronize is gone (CDP2): the depth is stored and read back; launches
      // nest up to CUDA's 24 levels whatever it says.
      if (value > kMaxLaunchDepth)
        return fail(err::InvalidValue, "cudaDeviceSetLimit(cudaLimitDevRuntimeSyncDepth, %zu): at most %u", value, kMaxLaunchDepth);
      break;
    case limit::DevRuntimePendingLaunchCount:
      if (value == 0) return err::InvalidValue;
      setPendingLaunchLimit(value);
      break;
    case limit::PersistingL2CacheSize:
    default:
      return fail(err::UnsupportedLimit, "cudaDeviceSetLimit(%d): %s", which, limitUnsupported(which));
  }
  limits_[which] = value;
  return err::Success;
}

Error Runtime::getLimit(int which, size_t* value) {
  if (!value) return err::InvalidValue;
  if (Error e = init()) return e;
  switch (which) {
    case limit::StackSize:
    case limit::PrintfFifoSize:
    case limit::MallocHeapSize:
    case limit::MaxL2FetchGranularity:
    case limit::DevRuntimeSyncDepth:
    case limit::DevRuntimePendingLaunchCount: {
      std::lock_guard<std::mutex> lock(settingsMutex_);
      *value = limits_[which];
      return err::Success;
    }
    default:
      return fail(err::UnsupportedLimit, "cudaDeviceGetLimit(%d): %s", which, limitUnsupported(which));
  }
}

const char* Runtime::limitUnsupported(int which) {
  switch (which) {
    case limit::PersistingL2CacheSize:
      return "this device has no persisting L2 cache";
    default:
      return "unknown limit";
  }
}

// ---- Streams and events -----------------------------------------------------------------------------

Error Runtime::createStream(Stream** out, unsigned flags, int priority) {
  if (!out) return err::InvalidValue;
  if (flags & ~0x1u) return fail(err::InvalidValue, "cudaStreamCreateWithFlags: unknown flags 0x%x", flags); // cudaStreamNonBlocking
  if (Error e = init()) return e;
  Stream* s = new Stream;
  s->flags = flags;
  // As CUDA: a priority outside the device's range is clamped to it.
  s->priority = std::min(kLeastStreamPriority, std::max(kGreatestStreamPriority, priority));
  std::lock_guard<std::mutex> lock(handleMutex_);
  streams_.insert(s);
  *out = s;
  return err::Success;
}

bool Runtime::isStream(const void* handle) {
  uintptr_t h = reinterpret_cast<uintptr_t>(handle);
  if (h <= 2) return true; // default, legacy, per-thread
  std::lock_guard<std::mutex> lock(handleMutex_);
  return streams_.count(static_cast<Stream*>(const_cast<void*>(handle))) != 0;
}

Error Runtime::streamInfo(const void* handle, unsigned* flags, int* priority) {
  if (reinterpret_cast<uintptr_t>(handle) <= 2) { // the NULL, legacy and per-thread streams
    if (flags) *flags = 0;
    if (priority) *priority = 0;
    return err::Success;
  }
  std::lock_guard<std::mutex> lock(handleMutex_);
  Stream* s = static_cast<Stream*>(const_cast<void*>(handle));
  if (!streams_.count(s)) return err::InvalidResourceHandle;
  if (flags) *flags = s->flags;
  if (priority) *priority = s->priority;
  return err::Success;
}

Error Runtime::setStreamAttribute(const void* handle, int id, const void* value, size_t size) {
  if (!value) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(handleMutex_);
  std::map<int, std::vector<unsigned char>>* attributes = &defaultStreamAttributes_;
  if (reinterpret_cast<uintptr_t>(handle) > 2) {
    Stream* s = static_cast<Stream*>(const_cast<void*>(handle));
    if (!streams_.count(s)) return err::InvalidResourceHandle;
    attributes = &s->attributes;
  }
  const unsigned char* p = static_cast<const unsigned char*>(value);
  (*attributes)[id].assign(p, p + size);
  return err::Success;
}

Error Runtime::getStreamAttribute(const void* handle, int id, void* value, size_t size, bool* found) {
  if (!value || !found) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(handleMutex_);
  const std::map<int, std::vector<unsigned char>>* attributes = &defaultStreamAttributes_;
  if (reinterpret_cast<uintptr_t>(handle) > 2) {
    Stream* s = static_cast<Stream*>(const_cast<void*>(handle));
    if (!streams_.count(s)) return err::InvalidResourceHandle;
    attributes = &s->attributes;
  }
  auto it = attributes->find(id);
  *found = it != attributes->end();
  if (*found) std::memcpy(value, it->second.data(), std::min(size, it->second.size()));
  return err::Success;
}

Error Runtime::setStreamPriority(const void* handle, int priority) {
  std::lock_guard<std::mutex> lock(handleMutex_);
  if (reinterpret_cast<uintptr_t>(handle) <= 2) return err::Success; // the default streams keep priority 0
  Stream* s = static_cast<Stream*>(const_cast<void*>(handle));
  if (!streams_.count(s)) return err::InvalidResourceHandle;
  s->priority = std::min(kLeastStreamPriority, std::max(kGreatestStreamPriority, priority));
  return err::Success;
}

Error Runtime::destroyStream(Stream* stream) {
  {
    std::lock_guard<std::mutex> lock(handleMutex_);
    if (!streams_.erase(stream)) return err::InvalidResourceHandle;
  }
  if (backend_) backend_->synchronize();
  delete stream;
  return err::Success;
}

Error Runtime::createEvent(Event** out, unsigned flags) {
  if (!out) return err::InvalidValue;
  if (flags & ~0x7u) return err::InvalidValue;
  if (Error e = init()) return e;
  Event* ev = new Event;
  ev->flags = flags;
  std::lock_guard<std::mutex> lock(handleMutex_);
  events_.insert(ev);
  *out = ev;
  return err::Success;
}

Error Runtime::destroyEvent(Event* event) {
  std::lock_guard<std::mutex> lock(handleMutex_);
  if (!events_.erase(event)) return err::InvalidResourceHandle;
  delete event;
  return err::Success;
}

Error Runtime::recordEvent(Event* event) {
  {
    std::lock_guard<std::mutex> lock(handleMutex_);
    if (!events_.count(event)) return err::InvalidResourceHandle;
  }
  if (backend_) { // the event completes after the work issued before it
    if (Error e = flush("cudaEventRecord")) return e;
  }
  double deviceSeconds = 0;
  const bool hasDeviceTime = backend_ && backend_->eventTimestamp(&deviceSeconds);
  std::lock_guard<std::mutex> lock(handleMutex_);
  event->recorded = true;
  event->time = std::chrono::steady_clock::now();
  event->hasDeviceTime = hasDeviceTime;
  event->deviceSeconds = deviceSeconds;
  return err::Success;
}

Error Runtime::queryEvent(Event* event) {
  std::lock_guard<std::mutex> lock(handleMutex_);
  if (!events_.count(event)) return err::InvalidResourceHandle;
  return err::Success; // recording waits for the work before it, so a recorded event is complete
}

Error Runtime::synchronizeEvent(Event* event) {
  Error e = queryEvent(event);
  if (e == err::Success) releaseAboveThresholds(); // a synchronizing call, for the pools
  return e;
}

Error Runtime::elapsedTime(float* ms, Event* start, Event* end) {
  if (!ms) return err::InvalidValue;
  std::lock_guard<std::mutex> lock(handleMutex_);
  if (!events_.count(start) || !events_.count(end)) return err::InvalidResourceHandle;
  if ((start->flags | end->flags) & 0x2u /* cudaEventDisableTiming */) return err::InvalidResourceHandle;
  if (!start->recorded || !end->recorded) return err::InvalidResourceHandle;
  if (start->hasDeviceTime && end->hasDeviceTime)
    *ms = static_cast<float>((end->deviceSeconds - start->deviceSeconds) * 1000.0);
  else
    *ms = std::chrono::duration<float, std::milli>(end->time - start->time).count();
  return err::Success;
}

} // namespace cu2m
