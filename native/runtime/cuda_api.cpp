// The cuda_runtime.h API: thin wrappers around cu2m::Runtime::global(). Every failing call records
// its error for cudaGetLastError, as CUDA's runtime does.
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
  prop->maxBlocksPerMultiProcessor = 1;
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
    case cudaDevAttrCooperativeLaunch: *value = 0; break;
    case cudaDevAttrSingleToDoublePrecisionPerfRatio: *value = p.singleToDoublePrecisionPerfRatio; break;
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

// ---- Memory ----------------------------------------------------------------------------------------

cudaError_t cudaMalloc(void** devPtr, size_t size) {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaMalloc")) return ret(e);
  return ret(rt().malloc(devPtr, size));
}
cudaError_t cudaMallocManaged(void** devPtr, size_t size, unsigned int flags) {
  // As CUDA: size 0 and flags other than cudaMemAttachGlobal (1) / cudaMemAttachHost (2) are errors.
  if (size == 0 || (flags != 1u && flags != 2u)) return ret(cu2m::err::InvalidValue);
  return ret(rt().malloc(devPtr, size)); // device memory is host-visible on every backend
}
cudaError_t cudaMallocPitch(void** devPtr, size_t* pitch, size_t width, size_t height) {
  if (!pitch) return ret(cu2m::err::InvalidValue);
  *pitch = (width + 255) / 256 * 256;
  return ret(rt().malloc(devPtr, *pitch * height));
}
cudaError_t cudaFree(void* devPtr) {
  if (cu2m::Error e = cu2m::capture::prohibited("cudaFree")) return ret(e);
  return ret(rt().free(devPtr));
}
cudaError_t cudaMallocHost(void** ptr, size_t size) { return ret(rt().mallocHost(ptr, size)); }
cudaError_t cudaHostAlloc(void** ptr, size_t size, unsigned int) { return ret(rt().mallocHost(ptr, size)); }
cudaError_t cudaFreeHost(void* ptr) { return ret(rt().freeHost(ptr)); }
cudaError_t cudaHostGetDevicePointer(void** devPtr, void* hostPtr, unsigned int flags) {
  if (!devPtr || flags != 0) return ret(cu2m::err::InvalidValue);
  cu2m::AllocationView v;
  if (!rt().lookup(hostPtr, &v) || !v.host) return ret(cu2m::err::InvalidValue);
  *devPtr = hostPtr; // unified addressing: the same address on both sides
  return cudaSuccess;
}

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

// ---- Streams and events ---------------------------------------------------------------------------

cudaError_t cudaStreamCreate(cudaStream_t* stream) { return cudaStreamCreateWithFlags(stream, 0); }
cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int flags) {
  if (!stream) return ret(cu2m::err::InvalidValue);
  cu2m::Stream* s = nullptr;
  cudaError_t e = ret(rt().createStream(&s, flags));
  *stream = reinterpret_cast<cudaStream_t>(s);
  return e;
}
// Work on a stream runs in issue order: the function runs once everything before it has finished.
cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void* userData) {
  if (!fn) return ret(cu2m::err::InvalidValue);
  if (cudaError_t e = checkStream(stream)) return e;
  cu2m::Error captured;
  if (cu2m::capture::hostFunc(stream, fn, userData, &captured)) return ret(captured);
  if (cu2m::Error e = rt().synchronize()) return ret(e);
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

// ---- Launches ----------------------------------------------------------------------------------------

cudaError_t cu2mPushCallConfiguration(dim3 grid, dim3 block, size_t sharedMem, cudaStream_t stream) {
  tlsConfigurations.push_back(CallConfiguration{grid, block, sharedMem, stream});
  return cudaSuccess;
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
