// The cuda_runtime.h API: thin wrappers around cu2m::Runtime::global(). Every failing call records
// its error for cudaGetLastError, as CUDA's runtime does.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "graph.h"
#include "runtime.h"
// Last: it defines the CUDA qualifier macros (__host__, __noinline__, ...) as no-ops.
#include "../include/cuda_runtime.h"

using cu2m::Runtime;

namespace {

Runtime& rt() { return Runtime::global(); }

cudaError_t ret(cu2m::Error e) {
  Runtime::recordError(e);
  return static_cast<cudaError_t>(e);
}

cu2m::Stream* asStream(cudaStream_t s) { return reinterpret_cast<cu2m::Stream*>(s); }
cu2m::Event* asEvent(cudaEvent_t e) { return reinterpret_cast<cu2m::Event*>(e); }

cu2m::CopyKind copyKind(cudaMemcpyKind k) { return static_cast<cu2m::CopyKind>(static_cast<int>(k)); }

cudaError_t checkStream(cudaStream_t s) {
  return rt().isStream(s) ? cudaSuccess : ret(cu2m::err::InvalidResourceHandle);
}

struct CallConfiguration {
  dim3 grid, block;
  size_t shared;
  cudaStream_t stream;
};
thread_local std::vector<CallConfiguration> tlsConfigurations;

} // namespace

// ---- Errors ----------------------------------------------------------------------------------------

cudaError_t cudaGetLastError() { return static_cast<cudaError_t>(Runtime::getLastError()); }
cudaError_t cudaPeekAtLastError() { return static_cast<cudaError_t>(Runtime::peekLastError()); }

const char* cudaGetErrorString(cudaError_t error) {
  switch (error) {
#define CU2M_ERROR_TEXT(name, value, text) \
  case name:                               \
    return text;
    CU2M_CUDA_ERRORS(CU2M_ERROR_TEXT)
#undef CU2M_ERROR_TEXT
    default:
      return "unrecognized error code";
  }
}

const char* cudaGetErrorName(cudaError_t error) {
  switch (error) {
#define CU2M_ERROR_NAME(name, value, text) \
  case name:                               \
    return #name;
    CU2M_CUDA_ERRORS(CU2M_ERROR_NAME)
#undef CU2M_ERROR_NAME
    default:
      return "unrecognized error code"; // what CUDA's cudaGetErrorName says for a value it does not know
  }
}

// ---- Device management ---------------------------------------------------------------------------

cudaError_t cudaGetDeviceCount(int* count) {
  if (!count) return ret(cu2m::err::InvalidValue);
  *count = 0;
  if (cu2m::Error e = rt().init()) return ret(e == cu2m::err::InitializationError ? cu2m::err::NoDevice : e);
  *count = 1;
  return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) {
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  return ret(rt().init());
}

cudaError_t cudaGetDevice(int* device) {
  if (!device) return ret(cu2m::err::InvalidValue);
  *device = 0;
  return cudaSuccess;
}

cudaError_t cudaSetDeviceFlags(unsigned int) { return ret(rt().init()); }

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
  if (!prop) return ret(cu2m::err::InvalidValue);
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  const cu2m::DeviceInfo* d = nullptr;
  if (cu2m::Error e = rt().deviceInfo(&d)) return ret(e);
  std::memset(prop, 0, sizeof *prop);
  std::strncpy(prop->name, d->name.c_str(), sizeof prop->name - 1);
  std::memcpy(prop->uuid.bytes, "cu2metal-cpu-dev", 16);
  prop->totalGlobalMem = d->totalGlobalMem;
  prop->sharedMemPerBlock = d->sharedMemPerBlock;
  prop->regsPerBlock = d->regsPerBlock;
  prop->warpSize = d->warpSize;
  prop->memPitch = 2147483647;
  prop->maxThreadsPerBlock = d->maxThreadsPerBlock;
  for (int i = 0; i < 3; ++i) {
    prop->maxThreadsDim[i] = d->maxThreadsDim[i];
    prop->maxGridSize[i] = d->maxGridSize[i];
  }
  prop->clockRate = d->clockRateKHz;
  prop->totalConstMem = d->totalConstMem;
  prop->major = d->major;
  prop->minor = d->minor;
  prop->textureAlignment = 512;
  prop->texturePitchAlignment = 32;
  prop->deviceOverlap = 0;
  prop->multiProcessorCount = d->multiProcessorCount;
  prop->cooperativeLaunch = 1; // kernels split at their grid syncs (cudaLaunchCooperativeKernel)
  prop->cooperativeMultiDeviceLaunch = 0;
  prop->integrated = d->integrated ? 1 : 0;
  prop->canMapHostMemory = 1;
  prop->computeMode = cudaComputeModeDefault;
  prop->concurrentKernels = 0;
  prop->unifiedAddressing = 1;
  prop->memoryClockRate = d->memoryClockRateKHz;
  prop->memoryBusWidth = d->memoryBusWidth;
  prop->l2CacheSize = d->l2CacheSize;
  prop->maxThreadsPerMultiProcessor = d->maxThreadsPerMultiProcessor;
  prop->sharedMemPerMultiprocessor = d->sharedMemPerMultiprocessor;
  prop->regsPerMultiprocessor = d->regsPerBlock;
  prop->managedMemory = 1;
  prop->pageableMemoryAccess = 0;
  prop->concurrentManagedAccess = 0;
  prop->sharedMemPerBlockOptin = d->sharedMemPerBlock;
  prop->maxBlocksPerMultiProcessor = d->maxBlocksPerMultiProcessor;
  prop->streamPrioritiesSupported = 1;
  prop->hostRegisterSupported = 1;
  prop->canUseHostPointerForRegisteredMem = 1;
  prop->memoryPoolsSupported = 1;
  prop->singleToDoublePrecisionPerfRatio = 2;
  return cudaSuccess;
}

cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device) {
  if (!value) return ret(cu2m::err::InvalidValue);
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  cudaDeviceProp p;
  if (cudaError_t e = cudaGetDeviceProperties(&p, 0)) return e;
  switch (attr) {
    case cudaDevAttrMaxThreadsPerBlock: *value = p.maxThreadsPerBlock; break;
    case cudaDevAttrMaxBlockDimX: *value = p.maxThreadsDim[0]; break;
    case cudaDevAttrMaxBlockDimY: *value = p.maxThreadsDim[1]; break;
    case cudaDevAttrMaxBlockDimZ: *value = p.maxThreadsDim[2]; break;
    case cudaDevAttrMaxGridDimX: *value = p.maxGridSize[0]; break;
    case cudaDevAttrMaxGridDimY: *value = p.maxGridSize[1]; break;
    case cudaDevAttrMaxGridDimZ: *value = p.maxGridSize[2]; break;
    case cudaDevAttrMaxSharedMemoryPerBlock: *value = static_cast<int>(p.sharedMemPerBlock); break;
    case cudaDevAttrMaxSharedMemoryPerBlockOptin: *value = static_cast<int>(p.sharedMemPerBlockOptin); break;
    case cudaDevAttrMaxSharedMemoryPerMultiprocessor: *value = static_cast<int>(p.sharedMemPerMultiprocessor); break;
    case cudaDevAttrTotalConstantMemory: *value = static_cast<int>(p.totalConstMem); break;
    case cudaDevAttrWarpSize: *value = p.warpSize; break;
    case cudaDevAttrMaxRegistersPerBlock: *value = p.regsPerBlock; break;
    case cudaDevAttrMaxRegistersPerMultiprocessor: *value = p.regsPerMultiprocessor; break;
    case cudaDevAttrClockRate: *value = p.clockRate; break;
    case cudaDevAttrMemoryClockRate: *value = p.memoryClockRate; break;
    case cudaDevAttrGlobalMemoryBusWidth: *value = p.memoryBusWidth; break;
    case cudaDevAttrL2CacheSize: *value = p.l2CacheSize; break;
    case cudaDevAttrMultiProcessorCount: *value = p.multiProcessorCount; break;
    case cudaDevAttrMaxThreadsPerMultiProcessor: *value = p.maxThreadsPerMultiProcessor; break;
    case cudaDevAttrMaxBlocksPerMultiprocessor: *value = p.maxBlocksPerMultiProcessor; break;
    case cudaDevAttrComputeCapabilityMajor: *value = p.major; break;
    case cudaDevAttrComputeCapabilityMinor: *value = p.minor; break;
    case cudaDevAttrIntegrated: *value = p.integrated; break;
    case cudaDevAttrCanMapHostMemory: *value = p.canMapHostMemory; break;
    case cudaDevAttrComputeMode: *value = p.computeMode; break;
    case cudaDevAttrConcurrentKernels: *value = p.concurrentKernels; break;
    case cudaDevAttrEccEnabled: *value = p.ECCEnabled; break;
    case cudaDevAttrPciBusId: *value = p.pciBusID; break;
    case cudaDevAttrPciDeviceId: *value = p.pciDeviceID; break;
    case cudaDevAttrPciDomainId: *value = p.pciDomainID; break;
    case cudaDevAttrUnifiedAddressing: *value = p.unifiedAddressing; break;
    case cudaDevAttrManagedMemory: *value = p.managedMemory; break;
    case cudaDevAttrConcurrentManagedAccess: *value = p.concurrentManagedAccess; break;
    case cudaDevAttrPageableMemoryAccess: *value = p.pageableMemoryAccess; break;
    case cudaDevAttrKernelExecTimeout: *value = 0; break;
    case cudaDevAttrGpuOverlap: *value = p.deviceOverlap; break;
    case cudaDevAttrAsyncEngineCount: *value = p.asyncEngineCount; break;
    case cudaDevAttrCooperativeLaunch: *value = 1; break; // kernels split at their grid syncs (cudaLaunchCooperativeKernel)
    case cudaDevAttrSingleToDoublePrecisionPerfRatio: *value = p.singleToDoublePrecisionPerfRatio; break;
    case cudaDevAttrStreamPrioritiesSupported: *value = p.streamPrioritiesSupported; break;
    case cudaDevAttrHostRegisterSupported: *value = p.hostRegisterSupported; break;
    case cudaDevAttrCanUseHostPointerForRegisteredMem: *value = p.canUseHostPointerForRegisteredMem; break;
    case cudaDevAttrMemoryPoolsSupported: *value = p.memoryPoolsSupported; break;
    case cudaDevAttrHostNativeAtomicSupported: *value = p.hostNativeAtomicSupported; break;
    case cudaDevAttrIpcEventSupport: *value = 0; break; // no interprocess sharing (native/runtime/peer.cpp)
    default:
      *value = 0;
      return ret(cu2m::err::InvalidValue);
  }
  return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int* version) {
  if (!version) return ret(cu2m::err::InvalidValue);
  *version = CUDART_VERSION;
  return cudaSuccess;
}

cudaError_t cudaRuntimeGetVersion(int* version) {
  if (!version) return ret(cu2m::err::InvalidValue);
  *version = CUDART_VERSION;
  return cudaSuccess;
}

cudaError_t cudaDeviceSynchronize() {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaDeviceSynchronize")) return ret(e);
  return ret(rt().synchronize());
}
cudaError_t cudaThreadSynchronize() { return cudaDeviceSynchronize(); }
cudaError_t cudaDeviceReset() { return ret(rt().reset()); }
cudaError_t cudaThreadExit() { return cudaDeviceReset(); }
cudaError_t cudaProfilerStart() { return cudaSuccess; }
cudaError_t cudaProfilerStop() { return cudaSuccess; }
cudaError_t cudaDeviceSetCacheConfig(cudaFuncCache) { return cudaSuccess; }
cudaError_t cudaDeviceSetSharedMemConfig(cudaSharedMemConfig) { return cudaSuccess; }
cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes) {
  return ret(rt().memGetInfo(free_bytes, total_bytes));
}
cudaError_t cudaDeviceSetLimit(cudaLimit limit, size_t value) { return ret(rt().setLimit(limit, value)); }
cudaError_t cudaDeviceGetLimit(size_t* pValue, cudaLimit limit) { return ret(rt().getLimit(limit, pValue)); }
cudaError_t cudaDeviceGetStreamPriorityRange(int* leastPriority, int* greatestPriority) {
  if (leastPriority) *leastPriority = Runtime::kLeastStreamPriority;
  if (greatestPriority) *greatestPriority = Runtime::kGreatestStreamPriority;
  return cudaSuccess;
}

// ---- Memory ----------------------------------------------------------------------------------------

cudaError_t cudaMalloc(void** devPtr, size_t size) {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaMalloc")) return ret(e);
  return ret(rt().malloc(devPtr, size));
}
cudaError_t cudaMallocManaged(void** devPtr, size_t size, unsigned int flags) {
  // As CUDA: size 0 and flags other than cudaMemAttachGlobal (1) / cudaMemAttachHost (2) are errors.
  if (size == 0 || (flags != 1u && flags != 2u)) return ret(cu2m::err::InvalidValue);
  return ret(rt().mallocManaged(devPtr, size)); // device memory is host-visible on every backend
}
cudaError_t cudaMallocPitch(void** devPtr, size_t* pitch, size_t width, size_t height) {
  return ret(rt().mallocPitch(devPtr, pitch, width, height));
}
cudaError_t cudaMalloc3D(cudaPitchedPtr* p, cudaExtent e) {
  if (!p) return ret(cu2m::err::InvalidValue);
  *p = make_cudaPitchedPtr(nullptr, 0, e.width, e.height);
  return ret(rt().mallocPitch(&p->ptr, &p->pitch, e.width, e.height, e.depth, "cudaMalloc3D"));
}
cudaError_t cudaFree(void* devPtr) {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaFree")) return ret(e);
  cu2m::Error graphFree;
  if (cu2m::capture::freeGraphMemory(devPtr, "cudaFree", &graphFree)) return ret(graphFree);
  return ret(rt().free(devPtr));
}
cudaError_t cudaMallocHost(void** ptr, size_t size) { return ret(rt().mallocHost(ptr, size)); }
cudaError_t cudaHostAlloc(void** ptr, size_t size, unsigned int flags) {
  // Portable, Mapped and WriteCombined change nothing here: all host allocations are mapped.
  if (flags & ~0x7u) return ret(cu2m::err::InvalidValue);
  return ret(rt().mallocHost(ptr, size));
}
cudaError_t cudaFreeHost(void* ptr) { return ret(rt().freeHost(ptr)); }
cudaError_t cudaHostGetDevicePointer(void** devPtr, void* hostPtr, unsigned int flags) {
  return ret(rt().hostDevicePointer(devPtr, hostPtr, flags));
}
cudaError_t cudaHostRegister(void* ptr, size_t size, unsigned int flags) {
  return ret(rt().hostRegister(ptr, size, flags));
}
cudaError_t cudaHostUnregister(void* ptr) { return ret(rt().hostUnregister(ptr)); }

cudaError_t cudaMemcpy(void* dst, const void* src, size_t count, cudaMemcpyKind kind) {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaMemcpy")) return ret(e);
  return ret(rt().memcpy(dst, src, count, copyKind(kind)));
}
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, cudaMemcpyKind kind,
                            cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::memcpy(stream, dst, src, count, copyKind(kind), &captured)) return ret(captured);
  return ret(rt().memcpy(dst, src, count, copyKind(kind)));
}
cudaError_t cudaMemcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                         size_t height, cudaMemcpyKind kind) {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaMemcpy2D")) return ret(e);
  return ret(rt().memcpy2D(dst, dpitch, src, spitch, width, height, copyKind(kind)));
}
cudaError_t cudaMemcpy2DAsync(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                              size_t height, cudaMemcpyKind kind, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::memcpy2D(stream, dst, dpitch, src, spitch, width, height, copyKind(kind), &captured)) return ret(captured);
  return ret(rt().memcpy2D(dst, dpitch, src, spitch, width, height, copyKind(kind)));
}

namespace {
// A cudaMemcpy3D with linear memory on both sides, as cu2m::Copy3D: the box starts at the position
// (x in bytes) of each side; rows are `pitch` apart and slices pitch * ysize.
extern "C" int cu2mArrayCopy3DToLinear(const cudaMemcpy3DParms* p, cudaMemcpy3DParms* out);
cudaError_t copy3D(const cudaMemcpy3DParms* p, const char* api) {
  if (!p) return ret(cu2m::err::InvalidValue);
  cudaMemcpy3DParms linear; // an array side as linear memory (native/runtime/texture.cpp)
  if (p->srcArray || p->dstArray) {
    if (int e = cu2mArrayCopy3DToLinear(p, &linear)) return ret(e);
    p = &linear;
  }
  const cudaExtent& e = p->extent;
  const cudaPitchedPtr &s = p->srcPtr, &d = p->dstPtr;
  // The box must fit in each side's rows and slices, as CUDA checks it.
  if (p->srcPos.x + e.width > s.pitch || p->dstPos.x + e.width > d.pitch ||
      (e.depth > 1 && (p->srcPos.y + e.height > s.ysize || p->dstPos.y + e.height > d.ysize)))
    return ret(rt().reportError(cu2m::err::InvalidValue, std::string(api) +
                           ": the extent (plus its position) exceeds a side's pitch or rows per slice (ysize)"));
  cu2m::Copy3D c;
  c.widthBytes = e.width;
  c.height = e.height;
  c.depth = e.depth;
  c.dpitch = d.pitch;
  c.spitch = s.pitch;
  c.dslicePitch = d.pitch * d.ysize;
  c.sslicePitch = s.pitch * s.ysize;
  c.dst = static_cast<char*>(d.ptr) + p->dstPos.z * c.dslicePitch + p->dstPos.y * d.pitch + p->dstPos.x;
  c.src = static_cast<const char*>(s.ptr) + p->srcPos.z * c.sslicePitch + p->srcPos.y * s.pitch + p->srcPos.x;
  if (!d.ptr) c.dst = nullptr;
  if (!s.ptr) c.src = nullptr;
  c.kind = copyKind(p->kind);
  return ret(rt().memcpy3D(c, api));
}
} // namespace

cudaError_t cudaMemcpy3D(const cudaMemcpy3DParms* p) { return copy3D(p, "cudaMemcpy3D"); }
cudaError_t cudaMemcpy3DAsync(const cudaMemcpy3DParms* p, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::memcpy3D(stream, p, &captured)) return ret(captured);
  return copy3D(p, "cudaMemcpy3DAsync");
}
cudaError_t cudaMemset(void* devPtr, int value, size_t count) {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaMemset")) return ret(e);
  return ret(rt().memset(devPtr, value, count));
}
cudaError_t cudaMemsetAsync(void* devPtr, int value, size_t count, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::memset(stream, devPtr, value, count, &captured)) return ret(captured);
  return ret(rt().memset(devPtr, value, count));
}
cudaError_t cudaMemset2D(void* devPtr, size_t pitch, int value, size_t width, size_t height) {
  return ret(rt().memset3D(devPtr, pitch, 0, value, width, height, 1, "cudaMemset2D"));
}
cudaError_t cudaMemset2DAsync(void* devPtr, size_t pitch, int value, size_t width, size_t height,
                              cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::memset2D(stream, devPtr, pitch, value, width, height, &captured)) return ret(captured);
  return ret(rt().memset3D(devPtr, pitch, 0, value, width, height, 1, "cudaMemset2DAsync"));
}
cudaError_t cudaMemset3D(cudaPitchedPtr p, int value, cudaExtent e) {
  if (e.height > p.ysize && e.depth > 1) return ret(cu2m::err::InvalidValue);
  return ret(rt().memset3D(p.ptr, p.pitch, p.pitch * p.ysize, value, e.width, e.height, e.depth, "cudaMemset3D"));
}
cudaError_t cudaMemset3DAsync(cudaPitchedPtr p, int value, cudaExtent e, cudaStream_t stream) {
  if (cudaError_t err = checkStream(stream)) return err;
  if (e.height > p.ysize && e.depth > 1) return ret(cu2m::err::InvalidValue);
  cu2m::Error captured;
  if (cu2m::capture::memset2D(stream, p.ptr, p.pitch, value, e.width, e.height, &captured)) { // a node per slice
    for (size_t z = 1; z < e.depth && !captured; ++z)
      cu2m::capture::memset2D(stream, static_cast<char*>(p.ptr) + z * p.pitch * p.ysize, p.pitch, value, e.width,
                              e.height, &captured);
    return ret(captured);
  }
  return ret(rt().memset3D(p.ptr, p.pitch, p.pitch * p.ysize, value, e.width, e.height, e.depth, "cudaMemset3DAsync"));
}

// ---- Unified-memory hints ----------------------------------------------------------------------------

namespace {
bool validDevice(int device, bool cpuAllowed) { return device == 0 || (cpuAllowed && device == cudaCpuDeviceId); }
} // namespace

cudaError_t cudaMemPrefetchAsync(const void* devPtr, size_t count, int dstDevice, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  if (!validDevice(dstDevice, true)) return ret(cu2m::err::InvalidDevice);
  // Host and device share one memory: nothing moves.
  return ret(rt().checkManagedRange(devPtr, count, false, "cudaMemPrefetchAsync"));
}
cudaError_t cudaMemAdvise(const void* devPtr, size_t count, cudaMemoryAdvise advice, int device) {
  if (advice < cudaMemAdviseSetReadMostly || advice > cudaMemAdviseUnsetAccessedBy) return ret(cu2m::err::InvalidValue);
  // The read-mostly advice ignores the device; the others name a processor.
  const bool readMostly = advice == cudaMemAdviseSetReadMostly || advice == cudaMemAdviseUnsetReadMostly;
  if (!readMostly && !validDevice(device, true)) return ret(cu2m::err::InvalidDevice);
  return ret(rt().checkManagedRange(devPtr, count, false, "cudaMemAdvise"));
}
cudaError_t cudaStreamAttachMemAsync(cudaStream_t stream, void* devPtr, size_t length, unsigned int flags) {
  if (cudaError_t e = checkStream(stream)) return e;
  if (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost && flags != cudaMemAttachSingle)
    return ret(cu2m::err::InvalidValue);
  return ret(rt().checkManagedRange(devPtr, length, true, "cudaStreamAttachMemAsync"));
}

// ---- Stream-ordered allocation ----------------------------------------------------------------------

namespace {
cu2m::MemPool* asPool(cudaMemPool_t p) { return reinterpret_cast<cu2m::MemPool*>(p); }
} // namespace

cudaError_t cudaMallocAsync(void** devPtr, size_t size, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::mallocAsync(stream, devPtr, size, &captured)) return ret(captured);
  return ret(rt().mallocAsync(devPtr, size, nullptr));
}
cudaError_t cudaMallocFromPoolAsync(void** ptr, size_t size, cudaMemPool_t memPool, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  if (!memPool) return ret(cu2m::err::InvalidValue);
  cu2m::Error captured;
  if (cu2m::capture::mallocAsync(stream, ptr, size, &captured)) return ret(captured);
  return ret(rt().mallocAsync(ptr, size, asPool(memPool)));
}
cudaError_t cudaFreeAsync(void* devPtr, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::freeAsync(stream, devPtr, &captured)) return ret(captured);
  if (cu2m::capture::freeGraphMemory(devPtr, "cudaFreeAsync", &captured)) return ret(captured);
  return ret(rt().freeAsync(devPtr));
}
cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* memPool, int device) {
  if (!memPool) return ret(cu2m::err::InvalidValue);
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  cu2m::MemPool* p = nullptr;
  cudaError_t e = ret(rt().defaultMemPool(&p));
  *memPool = reinterpret_cast<cudaMemPool_t>(p);
  return e;
}
cudaError_t cudaDeviceGetMemPool(cudaMemPool_t* memPool, int device) {
  if (!memPool) return ret(cu2m::err::InvalidValue);
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  cu2m::MemPool* p = nullptr;
  cudaError_t e = ret(rt().currentMemPool(&p));
  *memPool = reinterpret_cast<cudaMemPool_t>(p);
  return e;
}
cudaError_t cudaDeviceSetMemPool(int device, cudaMemPool_t memPool) {
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  return ret(rt().setCurrentMemPool(asPool(memPool)));
}
cudaError_t cudaMemPoolCreate(cudaMemPool_t* memPool, const cudaMemPoolProps* props) {
  if (!memPool || !props) return ret(cu2m::err::InvalidValue);
  if (props->allocType != cudaMemAllocationTypePinned || props->location.type != cudaMemLocationTypeDevice)
    return ret(cu2m::err::InvalidValue);
  if (props->location.id != 0) return ret(cu2m::err::InvalidDevice);
  if (props->handleTypes != cudaMemHandleTypeNone)
    return ret(rt().reportError(cu2m::err::NotSupported,
                           "cudaMemPoolCreate: exportable pools (handleTypes) need interprocess sharing, which is not supported"));
  cu2m::MemPool* p = nullptr;
  cudaError_t e = ret(rt().createMemPool(&p));
  *memPool = reinterpret_cast<cudaMemPool_t>(p);
  return e;
}
cudaError_t cudaMemPoolDestroy(cudaMemPool_t memPool) { return ret(rt().destroyMemPool(asPool(memPool))); }
// The reuse attributes are ints, the threshold and the counters cuuint64_t, as in CUDA.
cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void* value) {
  if (!value) return ret(cu2m::err::InvalidValue);
  const bool isInt = attr <= cudaMemPoolReuseAllowInternalDependencies;
  const uint64_t v = isInt ? uint64_t(*static_cast<int*>(value)) : *static_cast<uint64_t*>(value);
  return ret(rt().memPoolSetAttribute(asPool(memPool), attr, v));
}
cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void* value) {
  if (!value) return ret(cu2m::err::InvalidValue);
  uint64_t v = 0;
  if (cu2m::Error e = rt().memPoolGetAttribute(asPool(memPool), attr, &v)) return ret(e);
  if (attr <= cudaMemPoolReuseAllowInternalDependencies) *static_cast<int*>(value) = static_cast<int>(v);
  else *static_cast<uint64_t*>(value) = v;
  return cudaSuccess;
}
cudaError_t cudaMemPoolTrimTo(cudaMemPool_t memPool, size_t minBytesToKeep) {
  return ret(rt().memPoolTrimTo(asPool(memPool), minBytesToKeep));
}

// ---- Streams and events ---------------------------------------------------------------------------

cudaError_t cudaStreamCreate(cudaStream_t* stream) { return cudaStreamCreateWithFlags(stream, 0); }
cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int flags) {
  return cudaStreamCreateWithPriority(stream, flags, 0);
}
cudaError_t cudaStreamCreateWithPriority(cudaStream_t* stream, unsigned int flags, int priority) {
  if (!stream) return ret(cu2m::err::InvalidValue);
  cu2m::Stream* s = nullptr;
  cudaError_t e = ret(rt().createStream(&s, flags, priority));
  *stream = reinterpret_cast<cudaStream_t>(s);
  return e;
}
cudaError_t cudaStreamGetPriority(cudaStream_t stream, int* priority) {
  if (!priority) return ret(cu2m::err::InvalidValue);
  return ret(rt().streamInfo(stream, nullptr, priority));
}
cudaError_t cudaStreamGetFlags(cudaStream_t stream, unsigned int* flags) {
  if (!flags) return ret(cu2m::err::InvalidValue);
  return ret(rt().streamInfo(stream, flags, nullptr));
}
// Every operation before the callback in its stream has completed once flushFor returns (work is
// issued in order and the flush waits for the backend), so calling it here keeps stream order.
cudaError_t cudaStreamAddCallback(cudaStream_t stream, cudaStreamCallback_t callback, void* userData,
                                  unsigned int flags) {
  if (!callback || flags != 0) return ret(cu2m::err::InvalidValue);
  if (cudaError_t e = checkStream(stream)) return e;
  // After a device fault the callback still runs and receives it (CUDA: "any persistent error on
  // the stream"); the call returns it too, as every call does once the context has faulted.
  const cu2m::Error status = rt().flushFor("cudaStreamAddCallback");
  callback(stream, static_cast<cudaError_t>(status), userData);
  return ret(status);
}
cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void* userData) {
  if (!fn) return ret(cu2m::err::InvalidValue);
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::hostFunc(stream, fn, userData, &captured)) return ret(captured);
  if (cu2m::Error e = rt().flushFor("cudaLaunchHostFunc")) return ret(e); // CUDA skips it after a fault
  fn(userData);
  return cudaSuccess;
}
cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  if (reinterpret_cast<uintptr_t>(stream) <= 2) return ret(cu2m::err::InvalidResourceHandle);
  return ret(rt().destroyStream(asStream(stream)));
}
cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  if (cu2m::Error e = cu2m::capture::streamSync(stream, "cudaStreamSynchronize")) return ret(e);
  return ret(rt().synchronize());
}
cudaError_t cudaStreamQuery(cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  if (cu2m::Error e = cu2m::capture::streamSync(stream, "cudaStreamQuery")) return ret(e);
  return ret(rt().synchronize()); // nothing is ever left pending on a stream
}
cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned int) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::streamWaitEvent(stream, event, &captured)) return ret(captured);
  return ret(rt().queryEvent(asEvent(event)));
}

cudaError_t cudaEventCreate(cudaEvent_t* event) { return cudaEventCreateWithFlags(event, cudaEventDefault); }
cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int flags) {
  if (!event) return ret(cu2m::err::InvalidValue);
  cu2m::Event* e = nullptr;
  cudaError_t r = ret(rt().createEvent(&e, flags));
  *event = reinterpret_cast<cudaEvent_t>(e);
  return r;
}
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::eventRecord(stream, event, &captured)) return ret(captured);
  return ret(rt().recordEvent(asEvent(event)));
}
cudaError_t cudaEventSynchronize(cudaEvent_t event) { return ret(rt().synchronizeEvent(asEvent(event))); }
cudaError_t cudaEventQuery(cudaEvent_t event) { return ret(rt().queryEvent(asEvent(event))); }
cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end) {
  return ret(rt().elapsedTime(ms, asEvent(start), asEvent(end)));
}
cudaError_t cudaEventDestroy(cudaEvent_t event) { return ret(rt().destroyEvent(asEvent(event))); }

// ---- Kernel attributes and occupancy -----------------------------------------------------------------


namespace {
// The kernel behind a host function pointer, or nullptr after reporting the error.
const cu2m_kernel_info* kernelOf(const void* func, const char* api, cudaError_t* error) {
  const cu2m_kernel_info* k = func ? cu2mFindKernel(func) : nullptr;
  // A kernel split at its grid syncs (cu2m/graph_api.h): its attributes and occupancy are its first part's.
  if (!k && func)
    if (const cu2m_grid_split* split = cu2mFindGridSplit(func)) k = cu2mFindKernel(split->parts[0]);
  if (!k) {
    char text[256];
    std::snprintf(text, sizeof text,
                  "%s(%p): not a kernel known to the runtime (pass a __global__ function's name, as it is "
                  "in the translated program)", api, func);
    *error = ret(rt().reportError(cu2m::err::InvalidDeviceFunction, text));
  }
  return k;
}
} // namespace

cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* attr, const void* func) {
  if (!attr) return ret(cu2m::err::InvalidValue);
  cudaError_t e = cudaSuccess;
  const cu2m_kernel_info* k = kernelOf(func, "cudaFuncGetAttributes", &e);
  if (!k) return e;
  cu2m::FuncAttributes a;
  if (cu2m::Error err = rt().funcAttributes(*k, &a)) return ret(err);
  std::memset(attr, 0, sizeof *attr);
  attr->sharedSizeBytes = a.sharedSizeBytes;
  attr->maxThreadsPerBlock = a.maxThreadsPerBlock;
  attr->ptxVersion = attr->binaryVersion = a.version;
  attr->maxDynamicSharedSizeBytes = a.maxDynamicSharedSizeBytes;
  attr->preferredShmemCarveout = a.preferredShmemCarveout;
  // numRegs, localSizeBytes, constSizeBytes: not known for translated kernels; 0.
  return cudaSuccess;
}
cudaError_t cudaFuncSetAttribute(const void* func, cudaFuncAttribute attr, int value) {
  cudaError_t e = cudaSuccess;
  const cu2m_kernel_info* k = kernelOf(func, "cudaFuncSetAttribute", &e);
  return k ? ret(rt().setFuncAttribute(*k, attr, value)) : e;
}
cudaError_t cudaFuncSetCacheConfig(const void* func, cudaFuncCache cacheConfig) {
  cudaError_t e = cudaSuccess;
  const cu2m_kernel_info* k = kernelOf(func, "cudaFuncSetCacheConfig", &e);
  return k ? ret(rt().setFuncCacheConfig(*k, cacheConfig)) : e;
}
cudaError_t cudaFuncSetSharedMemConfig(const void* func, cudaSharedMemConfig config) {
  if (config < cudaSharedMemBankSizeDefault || config > cudaSharedMemBankSizeEightByte) return ret(cu2m::err::InvalidValue);
  cudaError_t e = cudaSuccess;
  const cu2m_kernel_info* k = kernelOf(func, "cudaFuncSetSharedMemConfig", &e);
  if (!k) return e;
  cu2m::FuncAttributes a; // the kernel must exist; bank size has no meaning here
  return ret(rt().funcAttributes(*k, &a));
}
cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int* numBlocks, const void* func, int blockSize,
                                                                   size_t dynamicSMemSize, unsigned int flags) {
  if (!numBlocks || (flags & ~1u)) return ret(cu2m::err::InvalidValue);
  cudaError_t e = cudaSuccess;
  const cu2m_kernel_info* k = kernelOf(func, "cudaOccupancyMaxActiveBlocksPerMultiprocessor", &e);
  if (!k) return e;
  return ret(rt().occupancy(*k, blockSize, dynamicSMemSize, numBlocks));
}
cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* numBlocks, const void* func, int blockSize,
                                                          size_t dynamicSMemSize) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(numBlocks, func, blockSize, dynamicSMemSize, 0);
}
// The dynamic shared memory a block may use with `numBlocks` blocks of `blockSize` threads resident
// per multiprocessor.
cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(size_t* dynamicSmemSize, const void* func, int numBlocks,
                                                      int blockSize) {
  if (!dynamicSmemSize || numBlocks <= 0 || blockSize <= 0) return ret(cu2m::err::InvalidValue);
  *dynamicSmemSize = 0;
  cudaError_t e = cudaSuccess;
  const cu2m_kernel_info* k = kernelOf(func, "cudaOccupancyAvailableDynamicSMemPerBlock", &e);
  if (!k) return e;
  cu2m::FuncAttributes a;
  if (cu2m::Error err = rt().funcAttributes(*k, &a)) return ret(err);
  int fit = 0;
  if (cu2m::Error err = rt().occupancy(*k, blockSize, 0, &fit)) return ret(err);
  if (fit < numBlocks) return cudaSuccess; // not even without dynamic shared memory
  const cu2m::DeviceInfo* d = nullptr;
  if (cu2m::Error err = rt().deviceInfo(&d)) return ret(err);
  const size_t perBlock = d->sharedMemPerMultiprocessor / size_t(numBlocks);
  size_t avail = perBlock > a.sharedSizeBytes ? perBlock - a.sharedSizeBytes : 0;
  *dynamicSmemSize = std::min(avail, size_t(a.maxDynamicSharedSizeBytes));
  return cudaSuccess;
}

// ---- Launches ----------------------------------------------------------------------------------------

cudaError_t cu2mPushCallConfiguration(dim3 grid, dim3 block, size_t sharedMem, cudaStream_t stream) {
  tlsConfigurations.push_back(CallConfiguration{grid, block, sharedMem, stream});
  return cudaSuccess;
}

void cu2mLaunchGridSplit(const cu2m_grid_split* split, void** args) {
  if (tlsConfigurations.empty()) {
    ret(cu2m::err::MissingConfiguration);
    return;
  }
  CallConfiguration c = tlsConfigurations.back();
  tlsConfigurations.pop_back();
  if (checkStream(c.stream) != cudaSuccess) return;
  cu2m::LaunchConfig config;
  config.grid = cu2m_dim3{c.grid.x, c.grid.y, c.grid.z};
  config.block = cu2m_dim3{c.block.x, c.block.y, c.block.z};
  config.dynamicShared = c.shared;
  cu2m::launchGridSplitUncooperative(*split, config, args, c.stream);
}

void cu2mLaunchKernel(const cu2m_kernel_info* kernel, void** args) {
  if (tlsConfigurations.empty()) {
    ret(cu2m::err::MissingConfiguration);
    return;
  }
  CallConfiguration c = tlsConfigurations.back();
  tlsConfigurations.pop_back();
  if (!kernel) {
    ret(cu2m::err::InvalidDeviceFunction);
    return;
  }
  if (checkStream(c.stream) != cudaSuccess) return;
  cu2m::LaunchConfig config;
  config.grid = cu2m_dim3{c.grid.x, c.grid.y, c.grid.z};
  config.block = cu2m_dim3{c.block.x, c.block.y, c.block.z};
  config.dynamicShared = c.shared;
  cu2m::Error captured;
  if (cu2m::capture::kernel(c.stream, *kernel, config, args, &captured)) {
    ret(captured);
    return;
  }
  ret(rt().launch(*kernel, config, args));
}
