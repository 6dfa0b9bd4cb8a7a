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
#include <unordered_map>

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

// Where an allocation came from.
enum class AllocKind : int {
  Device = 0,     // cudaMalloc, cudaMallocPitch, cudaMalloc3D, cudaMallocAsync
  Host = 1,       // cudaMallocHost / cudaHostAlloc (mapped: kernels may use it)
  Registered = 2, // cudaHostRegister: the program's own memory, mapped for kernels
  Managed = 3     // cudaMallocManaged
};

// What the allocation map knows about an address.
struct AllocationView {
  void* base = nullptr;    // start of the allocation (the pointer cudaMalloc returned)
  size_t size = 0;
  size_t offset = 0;       // of the queried address from base
  bool host = false;       // host memory (cudaMallocHost / cudaHostAlloc / cudaHostRegister)
  AllocKind kind = AllocKind::Device;
  const BackendBuffer* buffer = nullptr;
};

// A 3D copy between linear memory regions (cudaMemcpy3D; 1D and 2D copies are the cases depth = 1
// and height = 1). Row r of slice z starts at ptr + z * slicePitch + r * pitch.
struct Copy3D {
  void* dst = nullptr;
  const void* src = nullptr;
  size_t widthBytes = 0, height = 1, depth = 1;
  size_t dpitch = 0, spitch = 0;          // bytes between rows
  size_t dslicePitch = 0, sslicePitch = 0; // bytes between slices
  CopyKind kind = CopyKind::Default;
};

// cudaFuncGetAttributes, in the core's terms.
struct FuncAttributes {
  size_t sharedSizeBytes = 0;       // static shared memory
  int maxThreadsPerBlock = 0;
  int maxDynamicSharedSizeBytes = 0;
  int preferredShmemCarveout = -1;
  int cacheConfig = 0;              // cudaFuncCache
  int version = 80;                 // ptxVersion / binaryVersion: major * 10 + minor
};

// cudaFuncAttribute numbers the core understands (CUDA 12's values).
namespace funcattr {
constexpr int MaxDynamicSharedMemorySize = 8;
constexpr int PreferredSharedMemoryCarveout = 9;
} // namespace funcattr

// cudaLimit numbers (CUDA 12's values).
namespace limit {
constexpr int StackSize = 0;
constexpr int PrintfFifoSize = 1;
constexpr int MallocHeapSize = 2;
constexpr int DevRuntimeSyncDepth = 3;
constexpr int DevRuntimePendingLaunchCount = 4;
constexpr int MaxL2FetchGranularity = 5;
constexpr int PersistingL2CacheSize = 6;
} // namespace limit

// cudaMemPoolAttr numbers (CUDA 12's values).
namespace poolattr {
constexpr int ReuseFollowEventDependencies = 1;
constexpr int ReuseAllowOpportunistic = 2;
constexpr int ReuseAllowInternalDependencies = 3;
constexpr int ReleaseThreshold = 4;
constexpr int ReservedMemCurrent = 5;
constexpr int ReservedMemHigh = 6;
constexpr int UsedMemCurrent = 7;
constexpr int UsedMemHigh = 8;
} // namespace poolattr

struct Stream;
struct Event;
struct MemPool;

// A launch from device code, as its record in the printf buffer gave it (printf.cpp).
struct DeviceLaunchRecord {
  uint32_t id = 0; // the kernel (cu2mRegisterDeviceLaunchFn)
  cu2m_dim3 grid{1, 1, 1};
  cu2m_dim3 block{1, 1, 1};
  uint32_t shmem = 0;
  uint64_t stream = 0;
  std::vector<uint32_t> sizes;              // each argument's bytes
  std::vector<std::vector<uint64_t>> args;  // each argument's value (8-byte aligned)
};
// CUDA nests launches from device code at most 24 levels deep.
constexpr uint32_t kMaxLaunchDepth = 24;

// Device printf/assert (printf.cpp): print the records kernels wrote; true when an assert failed.
// Launch records go to `launches` (in block order); `launchesRefused` gets the count of launches
// that found no room (the pending-launch limit or the buffer's end).
bool drainPrintf(std::string& reason, std::vector<DeviceLaunchRecord>* launches = nullptr, uint32_t* launchesRefused = nullptr);
void setPendingLaunchLimit(size_t count); // cudaLimitDevRuntimePendingLaunchCount
class Runtime;
// Launches the recorded children of kernel `parent` (and, through their launches, theirs).
Error runDeviceLaunches(Runtime& rt, const char* parent, std::vector<DeviceLaunchRecord>& children);
void forgetPrintfBuffer();
bool printfBufferInUse();
void forgetAtomic64Locks(); // symbols.cpp
bool deviceHeapInUse();     // symbols.cpp
void forgetDeviceHeap();    // symbols.cpp

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
  // Records `message` as this thread's diagnostic (printed unless quiet) and returns `e`.
  Error reportError(Error e, const std::string& message);

  // ---- Device -----------------------------------------------------------------------------------
  Error init();                        // creates the backend; err::InitializationError if it cannot
  Error deviceInfo(const DeviceInfo** out);
  const char* backendName();           // "cuda-cpu", ...; "none" when the backend failed
  const RuntimeOptions& options() const { return options_; }

  // ---- Memory -----------------------------------------------------------------------------------
  // Sizes larger than the device's memory (a negative count converted to size_t, say) fail with
  // err::MemoryAllocation instead of wrapping around.
  Error malloc(void** ptr, size_t bytes);      // size 0 gives *ptr = nullptr
  Error mallocManaged(void** ptr, size_t bytes);
  // Rows of `width` bytes, each starting at a multiple of the pitch alignment (cudaMallocPitch).
  Error mallocPitch(void** ptr, size_t* pitch, size_t width, size_t height, size_t depth = 1,
                    const char* api = "cudaMallocPitch");
  Error free(void* ptr);                       // nullptr is fine; anything else must be a base
  Error mallocHost(void** ptr, size_t bytes);  // host memory that kernels may also access
  Error freeHost(void* ptr);
  // cudaHostRegister / cudaHostUnregister: the program's memory, usable by kernels in place.
  Error hostRegister(void* ptr, size_t bytes, unsigned flags);
  Error hostUnregister(void* ptr);
  // The device address of host memory that kernels may use (cudaHostGetDevicePointer).
  Error hostDevicePointer(void** devPtr, void* hostPtr, unsigned flags);
  Error memcpy(void* dst, const void* src, size_t bytes, CopyKind kind);
  Error memcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                 size_t height, CopyKind kind);
  Error memcpy3D(const Copy3D& copy, const char* api = "cudaMemcpy3D");
  Error memset(void* dst, int value, size_t bytes);
  // `depth` slices of `height` rows of `width` bytes; rows `pitch` apart, slices `slicePitch`.
  Error memset3D(void* dst, size_t pitch, size_t slicePitch, int value, size_t width, size_t height,
                 size_t depth, const char* api);
  bool lookup(const void* ptr, AllocationView* out);
  Error memGetInfo(size_t* freeBytes, size_t* totalBytes);
  // cudaMemPrefetchAsync / cudaMemAdvise / cudaStreamAttachMemAsync: [ptr, ptr + bytes) must lie in
  // one managed allocation (bytes 0: the whole allocation, which ptr must then start). Hints only.
  Error checkManagedRange(const void* ptr, size_t bytes, bool wholeAllocation, const char* api);

  // ---- Stream-ordered allocation (cudaMallocAsync): pools that keep freed blocks for reuse -------
  // Work is complete when it is issued (the CPU backends) or flushed before memory is reused, so
  // stream order holds trivially; a freed block is cached in its pool and handed out again, and
  // cached memory above the pool's release threshold goes back to the backend at every
  // synchronizing call (cudaStreamSynchronize, cudaDeviceSynchronize, cudaEventSynchronize).
  Error defaultMemPool(MemPool** out);
  Error currentMemPool(MemPool** out);
  Error setCurrentMemPool(MemPool* pool);
  Error createMemPool(MemPool** out);
  Error destroyMemPool(MemPool* pool);
  bool isMemPool(const MemPool* pool);
  Error memPoolSetAttribute(MemPool* pool, int attr, uint64_t value);
  Error memPoolGetAttribute(MemPool* pool, int attr, uint64_t* value);
  Error memPoolTrimTo(MemPool* pool, size_t minBytesToKeep);
  Error mallocAsync(void** ptr, size_t bytes, MemPool* pool); // pool nullptr: the current pool
  Error freeAsync(void* ptr);

  // ---- Modules and launches ---------------------------------------------------------------------
  // Loads a module with the backend (CPU: a .so path). nullptr on failure, reason in *error.
  std::shared_ptr<Module> loadModule(const std::string& path, std::string* error = nullptr);
  // Validates and runs one launch. args[i] points at parameter i's value (for a buffer parameter
  // a void* holding a device address, for a scalar its bytes), as in cu2m_entry_fn. `module`
  // nullptr = the default module (options().modulePath, loaded at the first launch).
  Error launch(const cu2m_kernel_info& kernel, const LaunchConfig& config, void* const* args,
               Module* module = nullptr);
  // One grid, without the launches its device code recorded, which go to `children`.
  Error launchGrid(const cu2m_kernel_info& kernel, const LaunchConfig& config, void* const* args,
                   Module* module, std::vector<DeviceLaunchRecord>* children);
  // The host-visible address of a pointer value device code wrote into a launch record.
  void* deviceLaunchPointer(uint64_t value) { return backend_ ? backend_->hostAddressOf(value) : reinterpret_cast<void*>(uintptr_t(value)); }
  Error synchronize();
  Error reset(); // cudaDeviceReset: waits, frees every allocation, stream and event
  // Waits for the work issued so far and returns its fault, if any (what a stream callback
  // receives as its status).
  Error flushFor(const char* api);

  // ---- Kernels by descriptor: attributes and occupancy ----------------------------------------------
  // The kernel must exist in the default module (else the module's or the lookup's error).
  Error funcAttributes(const cu2m_kernel_info& kernel, FuncAttributes* out);
  Error setFuncAttribute(const cu2m_kernel_info& kernel, int attr, int value);
  Error setFuncCacheConfig(const cu2m_kernel_info& kernel, int config);
  // Resident blocks of `blockSize` threads per multiprocessor (cudaOccupancyMaxActiveBlocks...),
  // from the device's threads, blocks and shared memory per multiprocessor.
  Error occupancy(const cu2m_kernel_info& kernel, int blockSize, size_t dynamicShared, int* numBlocks);
  // A device fault found on the host (a `<<<>>>` launch of a kernel split at grid syncs before any
  // cooperative launch, whose grid.sync() fails on CUDA): sticky like the faults of device work,
  // reported from the next synchronising call on.
  void deviceFault(Error e, const std::string& reason);
  // The sticky error of an earlier device fault (Success when none): launches return it first.
  Error stickyError() const { return stickyError_; }

  // ---- Limits (cudaDeviceSetLimit / cudaDeviceGetLimit) ----------------------------------------------
  Error setLimit(int which, size_t value);
  Error getLimit(int which, size_t* value);

  // ---- Streams and events -------------------------------------------------------------------------
  // Stream handles 0, 1 (legacy) and 2 (per-thread) always exist.
  // Priorities: CUDA's numbering (lower is more urgent), clamped to [kGreatestStreamPriority,
  // kLeastStreamPriority]; every stream's work still runs in issue order.
  static constexpr int kLeastStreamPriority = 0;
  static constexpr int kGreatestStreamPriority = -5;
  Error createStream(Stream** out, unsigned flags, int priority = 0);
  Error destroyStream(Stream* stream);
  bool isStream(const void* handle);
  Error streamInfo(const void* handle, unsigned* flags, int* priority);
  // Stream attributes (cudaStreamSetAttribute): the value bytes of each attribute id set on the stream
  // (the NULL, legacy and per-thread streams share one set); *found false for one never set.
  Error setStreamAttribute(const void* handle, int id, const void* value, size_t size);
  Error getStreamAttribute(const void* handle, int id, void* value, size_t size, bool* found);
  // cudaStreamAttributePriority: clamped to the device's range, as at creation.
  Error setStreamPriority(const void* handle, int priority);
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
  struct FuncSettings {
    int maxDynamicShared = -1;   // -1: the device's per-block limit minus static shared memory
    int carveout = -1;
    int cacheConfig = 0;
  };
  Error allocate(void** ptr, size_t bytes, AllocKind kind, const char* api);
  Error checkSize(size_t bytes, const char* api);
  Error release(void* ptr, bool host, const char* api);
  void dropAllMemory(); // every allocation and pool back to the backend (reset, destruction)
  static const char* limitUnsupported(int which);
  void freeBuffer(Allocation& a); // backend free / unregister, or back to its pool's cache
  Allocation* find(const void* ptr); // allocMutex_ held
  // The allocation holding [ptr, ptr + bytes), or nullptr.
  Allocation* findRange(const void* ptr, size_t bytes);
  Module* defaultModule(const char* kernelName, Error* error);
  Kernel* findKernel(const cu2m_kernel_info& kernel, const char* api, Error* error);
  void releaseCached(MemPool* pool, size_t keep); // poolMutex_ held
  void releaseAboveThresholds();                   // at synchronizing calls
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
  std::map<int, std::vector<unsigned char>> defaultStreamAttributes_; // under handleMutex_
  std::set<Event*> events_;

  std::mutex poolMutex_; // pools and their caches; taken before allocMutex_ when both are held
  std::unique_ptr<MemPool> defaultPool_;
  MemPool* currentPool_ = nullptr;
  std::set<MemPool*> pools_; // created with createMemPool

  std::mutex settingsMutex_;
  std::unordered_map<std::string, FuncSettings> funcSettings_; // by kernel name
  size_t limits_[7] = {1024, 1048576, 8388608, 2, 2048, 32, 0};

  std::unique_ptr<Tracer> tracer_;
};

} // namespace cu2m

// The kernel registry (native/runtime/registry.cpp): every generated host stub registers its
// cu2m_kernel_info under its own address. cu2mFindKernel gives the kernel whose stub is at
// `hostFunc` (cudaLaunchKernel, graph kernel nodes, cudaFuncGetAttributes/SetAttribute, the
// occupancy functions), or nullptr when that address is not a registered kernel.
bool cu2mRegisterKernel(const void* hostFunc, const cu2m_kernel_info* kernel);
const cu2m_kernel_info* cu2mFindKernel(const void* hostFunc);

#endif // CU2M_RUNTIME_RUNTIME_H
