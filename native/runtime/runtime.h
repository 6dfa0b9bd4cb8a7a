// cu2metal runtime core.
//
// cu2m::Runtime owns everything above the backend: the allocation map (device address ->
// (allocation, offset)), launch validation as CUDA reports it, module loading, streams and events,
// traces, and the per-thread last error. The cuda* functions of cuda_runtime.h are thin wrappers
// around Runtime::global() (native/runtime/cuda_api.cpp); the node addon creates its own Runtime
// (or uses global()) and calls the same methods. This header includes no CUDA headers: error codes
// are plain ints with cudaError_t's values (see backend.h, cu2m::err).
#ifndef CU2M_RUNTIME_RUNTIME_H
#define CU2M_RUNTIME_RUNTIME_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "backend.h"
#include "../include/cu2m/abi.h"

namespace cu2m {

class Tracer;

enum class CopyKind : int {
  HostToHost = 0,
  HostToDevice = 1,
  DeviceToHost = 2,
  DeviceToDevice = 3,
  Default = 4 // direction inferred from the allocation map
};

struct RuntimeOptions {
  std::string backend = "cuda-cpu"; // "msl-cpu" | "cuda-cpu" | "metal"
  std::string modulePath;           // module used by launches that name none (CU2METAL_MODULE)
  std::string tracePrefix;          // write PREFIX.jsonl / PREFIX.bin when not empty
  unsigned threads = 0;             // CPU workers; 0 = hardware concurrency
  bool quiet = false;               // do not print diagnostics on stderr (see lastDiagnostic())

  // CU2METAL_BACKEND, CU2METAL_MODULE, CU2METAL_TRACE, CU2METAL_THREADS.
  static RuntimeOptions fromEnvironment();
};

struct LaunchConfig {
  cu2m_dim3 grid{1, 1, 1};
  cu2m_dim3 block{1, 1, 1};
  size_t dynamicShared = 0;
};

// What the allocation map knows about an address.
struct AllocationView {
  void* base = nullptr;    // start of the allocation (the pointer cudaMalloc returned)
  size_t size = 0;
  size_t offset = 0;       // of the queried address from base
  bool host = false;       // cudaMallocHost / cudaHostAlloc memory rather than cudaMalloc
  const BackendBuffer* buffer = nullptr;
};

struct Stream;
struct Event;

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // The runtime of translated host programs: options from the environment, created on first use,
  // never destroyed (so that cuda* calls from static destructors still work). When tracing, its
  // exit event is written by an exit handler.
  static Runtime& global();

  // ---- Errors: per host thread, shared by all Runtime objects (CUDA's semantics) --------------
  static void recordError(Error e);   // cudaSuccess is ignored
  static Error getLastError();        // returns and clears
  static Error peekLastError();
  // The text of the last diagnostic this thread produced ("" when none); useful with quiet.
  static const std::string& lastDiagnostic();

  // ---- Device -----------------------------------------------------------------------------------
  Error init();                        // creates the backend; err::InitializationError if it cannot
  Error deviceInfo(const DeviceInfo** out);
  const char* backendName();           // "cuda-cpu", ...; "none" when the backend failed
  const RuntimeOptions& options() const { return options_; }

  // ---- Memory -----------------------------------------------------------------------------------
  Error malloc(void** ptr, size_t bytes);      // size 0 gives *ptr = nullptr
  Error free(void* ptr);                       // nullptr is fine; anything else must be a base
  Error mallocHost(void** ptr, size_t bytes);  // host memory that kernels may also access
  Error freeHost(void* ptr);
  Error memcpy(void* dst, const void* src, size_t bytes, CopyKind kind);
  Error memcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                 size_t height, CopyKind kind);
  Error memset(void* dst, int value, size_t bytes);
  bool lookup(const void* ptr, AllocationView* out);
  Error memGetInfo(size_t* freeBytes, size_t* totalBytes);

  // ---- Modules and launches ---------------------------------------------------------------------
  // Loads a module with the backend (CPU: a .so path). nullptr on failure, reason in *error.
  std::shared_ptr<Module> loadModule(const std::string& path, std::string* error = nullptr);
  // Validates and runs one launch. args[i] points at parameter i's value (for a buffer parameter
  // a void* holding a device address, for a scalar its bytes), as in cu2m_entry_fn. `module`
  // nullptr = the default module (options().modulePath, loaded at the first launch).
  Error launch(const cu2m_kernel_info& kernel, const LaunchConfig& config, void* const* args,
               Module* module = nullptr);
  Error synchronize();
  Error reset(); // cudaDeviceReset: waits, frees every allocation, stream and event

  // ---- Streams and events -------------------------------------------------------------------------
  // Stream handles 0, 1 (legacy) and 2 (per-thread) always exist.
  Error createStream(Stream** out, unsigned flags);
  Error destroyStream(Stream* stream);
  bool isStream(const void* handle);
  Error createEvent(Event** out, unsigned flags);
  Error destroyEvent(Event* event);
  Error recordEvent(Event* event);        // flushes pending work, then takes the time
  Error queryEvent(Event* event);
  Error synchronizeEvent(Event* event);
  Error elapsedTime(float* ms, Event* start, Event* end);

  // Writes the trace's exit event (once); the global runtime calls it from its exit handler.
  void traceExit(int code, bool known = true);

 private:
  struct Allocation;
  Error allocate(void** ptr, size_t bytes, bool host);
  Error release(void* ptr, bool host);
  Allocation* find(const void* ptr); // allocMutex_ held
  // The allocation holding [ptr, ptr + bytes), or nullptr.
  Allocation* findRange(const void* ptr, size_t bytes);
  Error copyChecked(void* dst, const void* src, size_t rowBytes, size_t rows, size_t dpitch,
                    size_t spitch, CopyKind kind, const char* api);
  Module* defaultModule(const char* kernelName, Error* error);
  Error fail(Error e, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
  Error flush(const char* api); // synchronize the backend; report a fault of the work it waited for
  Error stickyError_ = 0;        // a device fault, returned until reset() (CUDA's sticky errors)
  std::string stickyReason_;

  RuntimeOptions options_;
  std::mutex initMutex_;
  bool initialized_ = false;
  std::string initError_;
  std::unique_ptr<Backend> backend_;

  std::mutex allocMutex_;
  std::map<uintptr_t, std::unique_ptr<Allocation>> allocs_;

  std::mutex moduleMutex_;
  std::shared_ptr<Module> defaultModule_;
  std::string defaultModuleError_;
  bool defaultModuleTried_ = false;

  std::mutex launchMutex_;

  std::mutex handleMutex_;
  std::set<Stream*> streams_;
  std::set<Event*> events_;

  std::unique_ptr<Tracer> tracer_;
};

} // namespace cu2m

// The kernel registry (native/runtime/registry.cpp): the cu2m_kernel_info of the kernel whose host
// stub is at `hostFunc`, or nullptr when that address is not a registered kernel.
bool cu2mRegisterKernel(const void* hostFunc, const cu2m_kernel_info* kernel);
const cu2m_kernel_info* cu2mFindKernel(const void* hostFunc);

#endif // CU2M_RUNTIME_RUNTIME_H
