// cu2metal runtime core. See runtime.h.
#include "runtime.h"

extern "C" void* cu2mSymbolStorageByName(const char* name); // symbols.cpp

#include <unistd.h>

#include <chrono>
#include <cstdarg>
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

// Waits for queued work (a host-visible point) and reports a fault of that work, if any.
// A fault of device work is sticky, as in CUDA (cudaErrorLaunchFailure and friends leave the
// context unusable): every later synchronizing call and launch returns it until cudaDeviceReset.
Error Runtime::flush(const char* api) {
  backend_->synchronize();
  std::string reason;
  Error e = backend_->takeAsyncError(reason);
  if (e != err::Success && stickyError_ == err::Success) {
    stickyError_ = e;
    stickyReason_ = reason;
  }
  if (stickyError_ != err::Success)
    return fail(stickyError_, "%s: an earlier kernel failed on the device: %s", api, stickyReason_.c_str());
  return err::Success;
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
  bool host = false;
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
  if (backend_) backend_->synchronize();
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    if (backend_)
      for (auto& a : allocs_) backend_->free(a.second->buffer);
    allocs_.clear();
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
    out->host = a->host;
    out->buffer = &a->buffer;
  }
  return true;
}

Error Runtime::allocate(void** ptr, size_t bytes, bool host) {
  if (!ptr) return err::InvalidValue;
  *ptr = nullptr;
  if (Error e = init()) return e;
  if (bytes == 0) return err::Success;
  auto a = std::make_unique<Allocation>();
  a->host = host;
  // 16 spare bytes: a one-past-the-end pointer (a valid kernel argument) can then never equal the
  // base of the next allocation, so it always resolves to its own buffer.
  if (!backend_->alloc(bytes + 16, a->buffer))
    return fail(err::MemoryAllocation, "%s(%zu bytes): out of memory",
                host ? "cudaMallocHost" : "cudaMalloc", bytes);
  a->buffer.size = bytes;
  *ptr = a->buffer.contents;
  std::lock_guard<std::mutex> lock(allocMutex_);
  allocs_[reinterpret_cast<uintptr_t>(*ptr)] = std::move(a);
  return err::Success;
}

Error Runtime::release(void* ptr, bool host) {
  if (!ptr) return err::Success;
  const char* api = host ? "cudaFreeHost" : "cudaFree";
  std::unique_ptr<Allocation> a;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    auto it = allocs_.find(reinterpret_cast<uintptr_t>(ptr));
    if (it == allocs_.end() || it->second->host != host) {
      Allocation* inside = find(ptr);
      if (inside && inside->host == host)
        return fail(err::InvalidValue, "%s(%p): pointer is inside an allocation (base %p) but not its start",
                    api, ptr, inside->buffer.contents);
      if (inside || it != allocs_.end())
        return fail(err::InvalidValue, "%s(%p): memory was allocated with %s", api, ptr,
                    host ? "cudaMalloc (use cudaFree)" : "cudaMallocHost/cudaHostAlloc (use cudaFreeHost)");
      return fail(err::InvalidValue, "%s(%p): not a live allocation (double free, or a host pointer?)",
                  api, ptr);
    }
    a = std::move(it->second);
    allocs_.erase(it);
  }
  backend_->synchronize(); // kernels still queued may use it
  backend_->free(a->buffer);
  return err::Success;
}

Error Runtime::malloc(void** ptr, size_t bytes) { return allocate(ptr, bytes, false); }
Error Runtime::free(void* ptr) { return release(ptr, false); }
Error Runtime::mallocHost(void** ptr, size_t bytes) { return allocate(ptr, bytes, true); }
Error Runtime::freeHost(void* ptr) { return release(ptr, true); }

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

// Copies `rows` rows of `rowBytes`, checking that the device side(s) lie inside allocations.
Error Runtime::copyChecked(void* dst, const void* src, size_t rowBytes, size_t rows, size_t dpitch,
                           size_t spitch, CopyKind kind, const char* api) {
  if (static_cast<int>(kind) < 0 || static_cast<int>(kind) > 4) return err::InvalidMemcpyDirection;
  if (rowBytes == 0 || rows == 0) return err::Success;
  if (!dst || !src) return fail(err::InvalidValue, "%s: NULL %s pointer", api, dst ? "source" : "destination");
  if (rows > 1 && (dpitch < rowBytes || spitch < rowBytes)) return err::InvalidPitchValue;
  if (kind != CopyKind::HostToHost)
    if (Error e = init()) return e;

  const size_t dspan = (rows - 1) * dpitch + rowBytes, sspan = (rows - 1) * spitch + rowBytes;
  Allocation* srcAlloc = nullptr;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    Allocation* da = findRange(dst, dspan);
    Allocation* sa = findRange(src, sspan);
    if (kind == CopyKind::Default) {
      bool dDev = da && !da->host, sDev = sa && !sa->host;
      kind = sDev ? (dDev ? CopyKind::DeviceToDevice : CopyKind::DeviceToHost)
                  : (dDev ? CopyKind::HostToDevice : CopyKind::HostToHost);
    }
    bool dstDevice = kind == CopyKind::HostToDevice || kind == CopyKind::DeviceToDevice;
    bool srcDevice = kind == CopyKind::DeviceToHost || kind == CopyKind::DeviceToDevice;
    if (dstDevice && !da)
      return fail(err::InvalidValue,
                  "%s: destination %p (+%zu bytes) is not inside a device allocation%s", api, dst,
                  dspan, find(dst) ? " (the copy runs past its end)" : " (a host pointer? check the copy direction)");
    if (srcDevice && !sa)
      return fail(err::InvalidValue, "%s: source %p (+%zu bytes) is not inside a device allocation%s",
                  api, src, sspan, find(src) ? " (the copy runs past its end)" : " (a host pointer? check the copy direction)");
    srcAlloc = kind == CopyKind::DeviceToHost ? sa : nullptr;
  }
  if (backend_) { // host-visible operation: flush queued work first
    if (Error e = flush(api)) return e;
  }

  for (size_t r = 0; r < rows; ++r)
    std::memmove(static_cast<char*>(dst) + r * dpitch, static_cast<const char*>(src) + r * spitch, rowBytes);

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
    if (rows == 1 || dpitch == rowBytes) {
      tracer_->d2h(dst, rowBytes * rows, elem, seq, kernel.c_str());
    } else {
      std::vector<char> packed(rowBytes * rows);
      for (size_t r = 0; r < rows; ++r)
        std::memcpy(packed.data() + r * rowBytes, static_cast<const char*>(dst) + r * dpitch, rowBytes);
      tracer_->d2h(packed.data(), packed.size(), elem, seq, kernel.c_str());
    }
  }
  return err::Success;
}

Error Runtime::memcpy(void* dst, const void* src, size_t bytes, CopyKind kind) {
  return copyChecked(dst, src, bytes, 1, bytes, bytes, kind, "cudaMemcpy");
}

Error Runtime::memcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                        size_t height, CopyKind kind) {
  return copyChecked(dst, src, width, height, dpitch, spitch, kind, "cudaMemcpy2D");
}

Error Runtime::memset(void* dst, int value, size_t bytes) {
  if (bytes == 0) return err::Success;
  if (Error e = init()) return e;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    if (!findRange(dst, bytes))
      return fail(err::InvalidValue, "cudaMemset: %p (+%zu bytes) is not inside a device allocation",
                  dst, bytes);
  }
  if (Error e = flush("cudaMemset")) return e;
  std::memset(dst, value, bytes);
  return err::Success;
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

Module* Runtime::defaultModule(const char* kernelName, Error* error) {
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
    *error = fail(err::LaunchFailure, "cannot launch kernel %s: %s", kernelName, defaultModuleError_.c_str());
    return nullptr;
  }
  return defaultModule_.get();
}

Error Runtime::launch(const cu2m_kernel_info& kernel, const LaunchConfig& config, void* const* args,
                      Module* module) {
  const char* name = kernel.name ? kernel.name : "(unnamed)";
  if (Error e = init()) return e;
  const DeviceInfo& dev = backend_->device();
  const cu2m_dim3 g = config.grid, b = config.block;

  // Geometry, as CUDA validates it.
  if (!g.x || !g.y || !g.z || !b.x || !b.y || !b.z)
    return fail(err::InvalidConfiguration, "launch of kernel %s: grid %s or block %s has a zero dimension",
                name, describeDim(g).c_str(), describeDim(b).c_str());
  const uint64_t threads = uint64_t(b.x) * b.y * b.z;
  if (b.x > uint32_t(dev.maxThreadsDim[0]) || b.y > uint32_t(dev.maxThreadsDim[1]) ||
      b.z > uint32_t(dev.maxThreadsDim[2]) || threads > uint64_t(dev.maxThreadsPerBlock))
    return fail(err::InvalidConfiguration,
                "launch of kernel %s: block %s = %llu threads exceeds the limits (at most %d threads "
                "per block, block dimensions up to (%d,%d,%d))",
                name, describeDim(b).c_str(), static_cast<unsigned long long>(threads),
                dev.maxThreadsPerBlock, dev.maxThreadsDim[0], dev.maxThreadsDim[1], dev.maxThreadsDim[2]);
  if (g.x > uint32_t(dev.maxGridSize[0]) || g.y > uint32_t(dev.maxGridSize[1]) ||
      g.z > uint32_t(dev.maxGridSize[2]))
    return fail(err::InvalidConfiguration, "launch of kernel %s: grid %s exceeds the limits (%d,%d,%d)",
                name, describeDim(g).c_str(), dev.maxGridSize[0], dev.maxGridSize[1], dev.maxGridSize[2]);
  const uint64_t shared = uint64_t(config.dynamicShared) + kernel.static_shared_bytes;
  if (shared > dev.sharedMemPerBlock)
    return fail(err::InvalidValue,
                "launch of kernel %s: %llu bytes of shared memory (%u static + %zu dynamic) exceed the "
                "%s backend's limit of %zu bytes per block%s",
                name, static_cast<unsigned long long>(shared), kernel.static_shared_bytes,
                config.dynamicShared, backend_->name(), dev.sharedMemPerBlock,
                dev.sharedMemPerBlock <= 32768 ? " (Apple GPUs have 32 KB of threadgroup memory)" : "");

  // Arguments: buffers resolve through the allocation map, scalars are copied.
  if (kernel.num_params && !kernel.params)
    return fail(err::InvalidValue, "launch of kernel %s: %u parameters but no parameter table", name,
                kernel.num_params);
  LaunchRequest req;
  req.info = &kernel;
  req.grid = g;
  req.block = b;
  req.dynamicShared = config.dynamicShared;
  req.args.resize(kernel.num_params);
  size_t scalarBytes = 0;
  for (uint32_t i = 0; i < kernel.num_params; ++i)
    if (kernel.params[i].kind == CU2M_ARG_SCALAR) scalarBytes += (kernel.params[i].size + 15) / 16 * 16;
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
        std::memcpy(scalarNext, args[i], p.size);
        a.bytes = scalarNext;
        scalarNext += (p.size + 15) / 16 * 16;
      }
    }
  }

  // Module and kernel.
  Error moduleError = err::Success;
  if (!module) module = defaultModule(name, &moduleError);
  if (!module) return moduleError;
  std::string reason;
  req.kernel = module->findKernel(name, reason);
  if (!req.kernel)
    return fail(err::InvalidDeviceFunction, "cannot launch kernel %s: %s", name, reason.c_str());
  req.flags = kernel.flags | req.kernel->flags();

  std::lock_guard<std::mutex> launchLock(launchMutex_);
  if (stickyError_ != err::Success)
    return fail(stickyError_, "launch of kernel %s: an earlier kernel failed on the device (%s); only cudaDeviceReset clears this", name, stickyReason_.c_str());
  Error e = backend_->launch(req, reason);
  if (e != err::Success) return fail(e, "launch of kernel %s failed: %s", name, reason.c_str());
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
  return err::Success;
}

Error Runtime::synchronize() {
  if (Error e = init()) return e;
  return flush("cudaDeviceSynchronize");
}

Error Runtime::reset() {
  if (Error e = init()) return e;
  backend_->synchronize();
  std::string ignored;
  backend_->takeAsyncError(ignored);
  stickyError_ = err::Success;
  stickyReason_.clear();
  std::map<uintptr_t, std::unique_ptr<Allocation>> dead;
  {
    std::lock_guard<std::mutex> lock(allocMutex_);
    dead.swap(allocs_);
  }
  for (auto& a : dead) backend_->free(a.second->buffer);
  std::lock_guard<std::mutex> lock(handleMutex_);
  for (Stream* s : streams_) delete s;
  for (Event* ev : events_) delete ev;
  streams_.clear();
  events_.clear();
  return err::Success;
}

// ---- Streams and events -----------------------------------------------------------------------------

Error Runtime::createStream(Stream** out, unsigned flags) {
  if (!out) return err::InvalidValue;
  if (flags & ~0x1u) return fail(err::InvalidValue, "cudaStreamCreateWithFlags: unknown flags 0x%x", flags); // cudaStreamNonBlocking
  if (Error e = init()) return e;
  Stream* s = new Stream;
  s->flags = flags;
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

Error Runtime::synchronizeEvent(Event* event) { return queryEvent(event); }

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
