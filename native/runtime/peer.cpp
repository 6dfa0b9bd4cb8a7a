// The cu2m/peer_api.h calls: peer access and peer copies, interprocess handles, stream attributes,
// the persisting-L2 reset and memory-pool access, for the single device cu2metal provides. What each
// answers, and why, is in the header; CUDA's documented return codes are used throughout.
#include <cmath>
#include <cstdio>
#include <cstring>

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

bool validDevice(int device) { return device == 0; }

// The runtime has to be up before a device ordinal means anything (CUDA: no device → cudaErrorNoDevice).
cudaError_t checkDevices(int a, int b) {
  if (cu2m::Error e = rt().init()) return ret(e == cu2m::err::InitializationError ? cu2m::err::NoDevice : e);
  if (!validDevice(a) || !validDevice(b)) return ret(cu2m::err::InvalidDevice);
  return cudaSuccess;
}

cudaError_t ipcUnsupported(const char* api) {
  return ret(rt().reportError(cu2m::err::NotSupported,
                              std::string(api) +
                                  ": interprocess sharing is not supported (allocations live in this process's "
                                  "memory; cudaDevAttrIpcEventSupport is 0)"));
}

bool validAccessProperty(cudaAccessProperty p) {
  return p == cudaAccessPropertyNormal || p == cudaAccessPropertyStreaming || p == cudaAccessPropertyPersisting;
}

} // namespace

// ---- Peer access -------------------------------------------------------------------------------

cudaError_t cudaDeviceCanAccessPeer(int* canAccessPeer, int device, int peerDevice) {
  if (!canAccessPeer) return ret(cu2m::err::InvalidValue);
  if (cudaError_t e = checkDevices(device, peerDevice)) return e;
  *canAccessPeer = 0; // one device: nothing is its peer (CUDA answers 0 for a device and itself)
  return cudaSuccess;
}

cudaError_t cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
  if (cudaError_t e = checkDevices(0, peerDevice)) return e;
  if (flags != 0) return ret(cu2m::err::InvalidValue);
  // The only valid peer is the current device itself: CUDA 13 (an H200) answers
  // cudaErrorPeerAccessUnsupported for that.
  return ret(cudaErrorPeerAccessUnsupported);
}

cudaError_t cudaDeviceDisablePeerAccess(int peerDevice) {
  if (cudaError_t e = checkDevices(0, peerDevice)) return e;
  return ret(cudaErrorPeerAccessNotEnabled); // it cannot have been enabled
}

cudaError_t cudaDeviceGetP2PAttribute(int* value, cudaDeviceP2PAttr /*attr: looked at after the pair*/, int srcDevice, int dstDevice) {
  if (!value) return ret(cu2m::err::InvalidValue);
  if (cudaError_t e = checkDevices(srcDevice, dstDevice)) return e;
  // Both are device 0: CUDA refuses a device paired with itself, before it looks at the attribute
  // (an H200 with CUDA 13 answers cudaErrorInvalidDevice for an unknown attribute of that pair).
  return ret(cu2m::err::InvalidDevice);
}

cudaError_t cudaMemcpyPeer(void* dst, int dstDevice, const void* src, int srcDevice, size_t count) {
  if (cudaError_t e = checkDevices(dstDevice, srcDevice)) return e;
  return cudaMemcpy(dst, src, count, cudaMemcpyDeviceToDevice);
}

cudaError_t cudaMemcpyPeerAsync(void* dst, int dstDevice, const void* src, int srcDevice, size_t count,
                                cudaStream_t stream) {
  if (cudaError_t e = checkDevices(dstDevice, srcDevice)) return e;
  return cudaMemcpyAsync(dst, src, count, cudaMemcpyDeviceToDevice, stream);
}

// ---- Interprocess communication ----------------------------------------------------------------

cudaError_t cudaIpcGetEventHandle(cudaIpcEventHandle_t* handle, cudaEvent_t event) {
  if (!handle || !event) return ret(cu2m::err::InvalidValue);
  if (rt().queryEvent(reinterpret_cast<cu2m::Event*>(event)) == cu2m::err::InvalidResourceHandle)
    return ret(cu2m::err::InvalidResourceHandle);
  return ipcUnsupported("cudaIpcGetEventHandle");
}

cudaError_t cudaIpcOpenEventHandle(cudaEvent_t* event, cudaIpcEventHandle_t) {
  if (!event) return ret(cu2m::err::InvalidValue);
  return ipcUnsupported("cudaIpcOpenEventHandle");
}

cudaError_t cudaIpcGetMemHandle(cudaIpcMemHandle_t* handle, void* devPtr) {
  if (!handle || !devPtr) return ret(cu2m::err::InvalidValue);
  cu2m::AllocationView v;
  if (!rt().lookup(devPtr, &v)) return ret(cu2m::err::InvalidValue);
  return ipcUnsupported("cudaIpcGetMemHandle");
}

cudaError_t cudaIpcOpenMemHandle(void** devPtr, cudaIpcMemHandle_t, unsigned int flags) {
  if (!devPtr || (flags & ~unsigned(cudaIpcMemLazyEnablePeerAccess))) return ret(cu2m::err::InvalidValue);
  return ipcUnsupported("cudaIpcOpenMemHandle");
}

cudaError_t cudaIpcCloseMemHandle(void* devPtr) {
  if (!devPtr) return ret(cu2m::err::InvalidValue);
  return ipcUnsupported("cudaIpcCloseMemHandle");
}

// ---- Stream attributes ---------------------------------------------------------------------------

cudaError_t cudaStreamSetAttribute(cudaStream_t stream, cudaStreamAttrID attr, const cudaStreamAttrValue* value) {
  if (!value) return ret(cu2m::err::InvalidValue);
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  switch (attr) {
    case cudaStreamAttributeAccessPolicyWindow: {
      const cudaAccessPolicyWindow& w = value->accessPolicyWindow;
      // missProp is not checked: CUDA 13 (an H200) takes any value there.
      if (!(w.hitRatio >= 0.f && w.hitRatio <= 1.f) || !validAccessProperty(w.hitProp))
        return ret(cu2m::err::InvalidValue);
      break;
    }
    case cudaStreamAttributeSynchronizationPolicy:
      if (value->syncPolicy < cudaSyncPolicyAuto || value->syncPolicy > cudaSyncPolicyBlockingSync)
        return ret(cu2m::err::InvalidValue);
      break;
    case cudaStreamAttributeMemSyncDomainMap:
    case cudaStreamAttributeMemSyncDomain:
      break;
    case cudaStreamAttributePriority:
      return ret(rt().setStreamPriority(stream, value->priority));
    default:
      return ret(cu2m::err::InvalidValue); // a launch-only attribute
  }
  return ret(rt().setStreamAttribute(stream, attr, value, sizeof *value));
}

cudaError_t cudaStreamGetAttribute(cudaStream_t stream, cudaStreamAttrID attr, cudaStreamAttrValue* value) {
  if (!value) return ret(cu2m::err::InvalidValue);
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  switch (attr) {
    case cudaStreamAttributePriority: {
      std::memset(value, 0, sizeof *value);
      return ret(rt().streamInfo(stream, nullptr, &value->priority));
    }
    case cudaStreamAttributeAccessPolicyWindow:
    case cudaStreamAttributeSynchronizationPolicy:
    case cudaStreamAttributeMemSyncDomainMap:
    case cudaStreamAttributeMemSyncDomain: {
      bool found = false;
      cudaStreamAttrValue v;
      std::memset(&v, 0, sizeof v);
      if (cu2m::Error e = rt().getStreamAttribute(stream, attr, &v, sizeof v, &found)) return ret(e);
      // Defaults: an empty window (hit and miss "normal"), the automatic synchronization policy.
      if (!found && attr == cudaStreamAttributeSynchronizationPolicy) v.syncPolicy = cudaSyncPolicyAuto;
      *value = v;
      return cudaSuccess;
    }
    default:
      return ret(cu2m::err::InvalidValue);
  }
}

cudaError_t cudaStreamCopyAttributes(cudaStream_t dst, cudaStream_t src) {
  if (!rt().isStream(dst) || !rt().isStream(src)) return ret(cu2m::err::InvalidResourceHandle);
  const cudaStreamAttrID ids[] = {cudaStreamAttributeAccessPolicyWindow, cudaStreamAttributeSynchronizationPolicy,
                                  cudaStreamAttributeMemSyncDomainMap, cudaStreamAttributeMemSyncDomain,
                                  cudaStreamAttributePriority};
  for (cudaStreamAttrID id : ids) {
    cudaStreamAttrValue v;
    if (cudaError_t e = cudaStreamGetAttribute(src, id, &v)) return e;
    if (cudaError_t e = cudaStreamSetAttribute(dst, id, &v)) return e;
  }
  return cudaSuccess;
}

cudaError_t cudaCtxResetPersistingL2Cache() { return ret(rt().init()); }

// ---- Memory-pool access ----------------------------------------------------------------------------

cudaError_t cudaMemPoolSetAccess(cudaMemPool_t memPool, const cudaMemAccessDesc* descList, size_t count) {
  cu2m::MemPool* pool = reinterpret_cast<cu2m::MemPool*>(memPool);
  if (!rt().isMemPool(pool) || (count && !descList)) return ret(cu2m::err::InvalidValue);
  for (size_t i = 0; i < count; ++i) {
    const cudaMemAccessDesc& d = descList[i];
    if (d.location.type != cudaMemLocationTypeDevice) return ret(cu2m::err::InvalidValue);
    if (!validDevice(d.location.id)) return ret(cu2m::err::InvalidDevice);
    // Device 0 owns every pool and keeps read-write access to it.
    if (d.flags != cudaMemAccessFlagsProtReadWrite) return ret(cu2m::err::InvalidValue);
  }
  return cudaSuccess;
}

cudaError_t cudaMemPoolGetAccess(cudaMemAccessFlags* flags, cudaMemPool_t memPool, cudaMemLocation* location) {
  cu2m::MemPool* pool = reinterpret_cast<cu2m::MemPool*>(memPool);
  if (!flags || !location || !rt().isMemPool(pool)) return ret(cu2m::err::InvalidValue);
  if (location->type != cudaMemLocationTypeDevice) return ret(cu2m::err::InvalidValue);
  if (!validDevice(location->id)) return ret(cu2m::err::InvalidDevice);
  *flags = cudaMemAccessFlagsProtReadWrite;
  return cudaSuccess;
}

// ---- Unified-memory hints with a cudaMemLocation -------------------------------------------------

namespace {
int locationDevice(const cudaMemLocation& l) {
  switch (l.type) {
    case cudaMemLocationTypeDevice: return l.id;
    case cudaMemLocationTypeHost:
    case cudaMemLocationTypeHostNuma:
    case cudaMemLocationTypeHostNumaCurrent: return cudaCpuDeviceId;
    default: return cudaInvalidDeviceId;
  }
}
} // namespace

cudaError_t cudaMemPrefetchAsync(const void* devPtr, size_t count, cudaMemLocation location, unsigned int flags,
                                 cudaStream_t stream) {
  if (flags != 0 || locationDevice(location) == cudaInvalidDeviceId) return ret(cu2m::err::InvalidValue);
  return cudaMemPrefetchAsync(devPtr, count, locationDevice(location), stream);
}

cudaError_t cudaMemAdvise(const void* devPtr, size_t count, cudaMemoryAdvise advice, cudaMemLocation location) {
  if (locationDevice(location) == cudaInvalidDeviceId) return ret(cu2m::err::InvalidValue);
  return cudaMemAdvise(devPtr, count, advice, locationDevice(location));
}
