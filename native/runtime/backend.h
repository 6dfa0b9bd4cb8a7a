// cu2metal runtime: the backend interface (docs/DESIGN.md, "Backend interface").
//
// Everything above a Backend (allocation map, errors, events, validation, traces, the cuda_runtime
// API) lives in cu2m::Runtime and is shared. A backend only:
//   - allocates host-visible memory (CPU: aligned heap memory; Metal: shared-storage MTLBuffers,
//     whose `contents` pointer is the device address the program sees),
//   - loads modules (CPU: a .so via dlopen; Metal: MSL source compiled at run time),
//   - runs launches whose arguments the runtime has already resolved to (buffer, offset) pairs,
//   - waits for outstanding work (Metal: commits the batched command buffer and waits).
// No CUDA types appear here, so Objective-C++ and the node addon can include it freely.
#ifndef CU2M_RUNTIME_BACKEND_H
#define CU2M_RUNTIME_BACKEND_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../include/cu2m/abi.h"

namespace cu2m {

// CUDA error numbers (the values of cudaError_t), so that the core stays free of CUDA headers.
using Error = int;
namespace err {
constexpr Error Success = 0;
constexpr Error InvalidValue = 1;
constexpr Error MemoryAllocation = 2;
constexpr Error InitializationError = 3;
constexpr Error InvalidConfiguration = 9;
constexpr Error InvalidPitchValue = 12;
constexpr Error InvalidSymbol = 13;
constexpr Error InvalidDevicePointer = 17;
constexpr Error InvalidMemcpyDirection = 21;
constexpr Error MissingConfiguration = 52;
constexpr Error InvalidDeviceFunction = 98;
constexpr Error NoDevice = 100;
constexpr Error InvalidDevice = 101;
constexpr Error InvalidKernelImage = 200;
constexpr Error LaunchMaxDepthExceeded = 65;
constexpr Error LaunchPendingCountExceeded = 69;
constexpr Error NoKernelImageForDevice = 209;
constexpr Error UnsupportedLimit = 215;
constexpr Error InvalidResourceHandle = 400;
constexpr Error NotReady = 600;
constexpr Error LaunchOutOfResources = 701;
constexpr Error Assert = 710;
constexpr Error HostMemoryAlreadyRegistered = 712;
constexpr Error HostMemoryNotRegistered = 713;
constexpr Error IllegalInstruction = 715;
constexpr Error LaunchFailure = 719;
constexpr Error NotSupported = 801;
constexpr Error Unknown = 999;
} // namespace err

// What a backend tells the runtime about the device it emulates or drives. The runtime turns it
// into cudaDeviceProp / cudaDeviceGetAttribute answers and validates launches against it.
struct DeviceInfo {
  std::string name;
  size_t totalGlobalMem = 0;
  size_t sharedMemPerBlock = 0;        // limit for static + dynamic shared memory of one block
  size_t sharedMemPerMultiprocessor = 0;
  size_t totalConstMem = 65536;
  int regsPerBlock = 65536;
  int warpSize = 32;
  int maxThreadsPerBlock = 1024;
  int maxThreadsDim[3] = {1024, 1024, 64};
  int maxGridSize[3] = {2147483647, 65535, 65535};
  int clockRateKHz = 1000000;
  int major = 8, minor = 0;
  int multiProcessorCount = 1;
  int maxThreadsPerMultiProcessor = 1024;
  int maxBlocksPerMultiProcessor = 1;   // CPU backends: 32 (H100's; resident blocks beyond one per worker run on reserve workers)
  int memoryClockRateKHz = 1000000;
  int memoryBusWidth = 64;
  int l2CacheSize = 0;
  bool integrated = true;               // CPU backends and Apple silicon share memory with the host
};

// One allocation as the backend sees it.
struct BackendBuffer {
  void* contents = nullptr; // host-visible address; also the device address handed to the program
  size_t size = 0;          // bytes requested (the backend may reserve more)
  void* native = nullptr;   // backend object (e.g. id<MTLBuffer>); unused by the CPU backends
  // Byte offset of `contents` inside the native object: 0 for memory the backend allocated; for
  // registered host memory (registerHost) the distance from the page the native object starts at.
  // A launch argument at offset k of this buffer is at native offset nativeOffset + k.
  size_t nativeOffset = 0;
  size_t reserved = 0;      // backend-private: bytes actually reserved (e.g. an mmap length)
};

// A kernel found in a loaded module.
class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual const std::string& name() const = 0;
  virtual uint32_t flags() const = 0; // CU2M_KERNEL_* as compiled into the module
  // The most threads per block this compiled kernel can be launched with (Metal: the pipeline's
  // maxTotalThreadsPerThreadgroup, which register use may lower), or 0 when only the device limit
  // applies. Failure (the pipeline cannot be built): -1 with a reason in `error`.
  virtual int maxThreadsPerBlock(std::string& error) {
    (void)error;
    return 0;
  }
  // The kernel's own __launch_bounds__(N) where the backend knows it (CPU modules), else 0: a block
  // beyond it fails with cudaErrorInvalidValue as on NVIDIA GPUs (recorded on an H100), a block
  // beyond any other limit of the compiled kernel with cudaErrorLaunchOutOfResources.
  virtual int launchBound() const { return 0; }
};

// A loaded module (CPU: a dlopen'ed shared object; Metal: an MTLLibrary).
class Module {
 public:
  virtual ~Module() = default;
  virtual const std::string& path() const = 0;
  // The kernel NAME, or nullptr with a human-readable reason in `error`. The pointer stays valid
  // for the lifetime of the module.
  virtual Kernel* findKernel(const std::string& name, std::string& error) = 0;
};

// One argument of a launch, resolved by the runtime.
struct LaunchArg {
  uint32_t kind = CU2M_ARG_SCALAR; // cu2m_arg_kind
  // CU2M_ARG_BUFFER: the allocation containing the pointer (null for a NULL pointer) and the byte
  // offset of the pointer inside it. `address` is the pointer value itself.
  const BackendBuffer* buffer = nullptr;
  size_t offset = 0;
  void* address = nullptr;
  // CU2M_ARG_TEXTURE/SURFACE: `bytes` holds the object handle (a cu2m_texture*, cu2m/texture.h);
  // buffer/offset/address name the allocation behind the texture's memory.
  // CU2M_ARG_SCALAR: the value's bytes (owned by the LaunchRequest, 16-byte aligned).
  const void* bytes = nullptr;
  uint32_t size = 0;
  // CU2M_ARG_SCALAR: device pointers inside the bytes (cu2m_param_info::pointer_offsets) that
  // point into an allocation: where, and into which buffer at which offset. Pointers that are
  // null or not device memory are left out (the kernel may never use them).
  struct EmbeddedPointer {
    uint32_t at = 0;
    const BackendBuffer* buffer = nullptr;
    size_t offset = 0;
  };
  std::vector<EmbeddedPointer> pointers;
};

struct LaunchRequest {
  const cu2m_kernel_info* info = nullptr; // the host-side description (name, params, flags)
  Kernel* kernel = nullptr;               // from Module::findKernel
  cu2m_dim3 grid{1, 1, 1};
  cu2m_dim3 block{1, 1, 1};
  size_t dynamicShared = 0;
  std::vector<LaunchArg> args;
  uint32_t flags = 0; // union of info->flags and kernel->flags()
  // Blocks that fit the device at once (occupancy × multiprocessors): CPU backends let that many
  // run at once when blocks spin-wait for each other (cpu::GridLaunch::residentBlocks).
  uint64_t residentBlocks = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // "msl-cpu", "cuda-cpu", "metal".
  virtual const char* name() const = 0;
  virtual const DeviceInfo& device() const = 0;

  // Host-visible, zero-filled, at least 256-byte aligned. false when out of memory.
  virtual bool alloc(size_t bytes, BackendBuffer& out) = 0;
  virtual void free(BackendBuffer& buffer) = 0;

  // cudaHostRegister: makes `bytes` of existing host memory at `ptr` usable by kernels, without
  // copying (Metal: newBufferWithBytesNoCopy over the enclosing pages). The memory stays the
  // caller's: unregisterHost() must not free it. err::Success, or an error with a reason.
  virtual Error registerHost(void* ptr, size_t bytes, BackendBuffer& out, std::string& error) {
    (void)ptr, (void)bytes, (void)out;
    error = "this backend cannot map host memory";
    return err::NotSupported;
  }
  virtual void unregisterHost(BackendBuffer& buffer) { buffer = BackendBuffer(); }

  // cudaLimitStackSize: every GPU thread gets at least `bytes` of stack from the next launch on.
  // Backends whose thread stacks are larger anyway, or sized by the driver (Metal), ignore it.
  virtual void setThreadStackBytes(size_t bytes) { (void)bytes; }

  // nullptr with a reason in `error` when the module cannot be loaded.
  virtual std::shared_ptr<Module> loadModule(const std::string& path, std::string& error) = 0;

  // Runs (or, on an asynchronous backend, enqueues) a validated launch. The request and the
  // memory it points to only live for the duration of the call: a backend that defers work
  // copies what it needs. Returns err::Success or an error with a reason in `error`.
  virtual Error launch(const LaunchRequest& request, std::string& error) = 0;

  // Waits until every launch issued so far has completed.
  virtual void synchronize() = 0;

  // A pointer value that device code stored in memory (a launch from device code records its
  // arguments so) as the host-visible address the program's host code uses for it. The CPU
  // backends' device addresses are host addresses; the Metal backend maps a GPU address back into
  // the allocation that contains it (null when none does).
  virtual void* hostAddressOf(uint64_t value) { return reinterpret_cast<void*>(static_cast<uintptr_t>(value)); }

  // After synchronize(): the first failure of work that ran asynchronously (a GPU fault in a
  // committed command buffer), once, with its reason; err::Success when there was none. The
  // runtime returns it from the host-visible call that waited (cudaDeviceSynchronize, cudaMemcpy,
  // cudaEventRecord...), as CUDA reports a kernel fault at the next synchronizing call.
  virtual Error takeAsyncError(std::string& reason) {
    (void)reason;
    return err::Success;
  }

  // After synchronize(): the time, in seconds on the backend's own clock, that an event recorded
  // now carries — the GPU's end time of the work just waited for, or the clock's present time when
  // the device was idle. false: the backend has no clock of its own (the runtime then times events
  // on the host's steady clock). Only differences of these values are used.
  virtual bool eventTimestamp(double* seconds) {
    (void)seconds;
    return false;
  }
};

// Factory for the backends compiled into this library. nullptr + reason when `name` is unknown
// or not available on this platform. `threads` is the CPU backends' worker count (0 = hardware
// concurrency).
std::unique_ptr<Backend> createBackend(const std::string& name, unsigned threads, std::string& error);

} // namespace cu2m

#endif // CU2M_RUNTIME_BACKEND_H
