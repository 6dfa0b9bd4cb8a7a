// cu2metal — the runtime calls of multi-device and multi-process programs, answered for the one
// device cu2metal has (native/runtime/peer.cpp): peer access, peer copies, interprocess handles,
// stream attributes, the persisting-L2 reset, memory-pool access and the cudaMemLocation forms of
// the unified-memory hints. Included by cuda_runtime.h after cu2m/graph_api.h (it needs the launch
// attribute types). Types and values follow CUDA 12.
#ifndef CU2M_PEER_API_H
#define CU2M_PEER_API_H

#ifndef __CUDA_RUNTIME_H__
#error "cu2metal: include cuda_runtime.h, not cu2m/peer_api.h"
#endif

// ---- Peer access -------------------------------------------------------------------------------
// One device: no device is a peer of another, so cudaDeviceCanAccessPeer reports 0 for every valid
// pair (CUDA reports 0 for a device and itself too), enabling peer access to the device itself is
// cudaErrorPeerAccessUnsupported (what CUDA 13 returns on an H200), disabling it
// cudaErrorPeerAccessNotEnabled; an invalid ordinal is cudaErrorInvalidDevice everywhere.
cudaError_t cudaDeviceCanAccessPeer(int* canAccessPeer, int device, int peerDevice);
cudaError_t cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags);
cudaError_t cudaDeviceDisablePeerAccess(int peerDevice);

enum cudaDeviceP2PAttr {
  cudaDevP2PAttrPerformanceRank = 1,
  cudaDevP2PAttrAccessSupported = 2,
  cudaDevP2PAttrNativeAtomicSupported = 3,
  cudaDevP2PAttrCudaArrayAccessSupported = 4
};
// As CUDA: cudaErrorInvalidDevice when either device is invalid or both are the same device (with
// one device, every valid pair is the same device).
cudaError_t cudaDeviceGetP2PAttribute(int* value, cudaDeviceP2PAttr attr, int srcDevice, int dstDevice);

// Copies between the memories of two devices: both must be device 0, then they are device-to-device
// copies (cudaMemcpyPeerAsync is stream-ordered and captured like cudaMemcpyAsync).
cudaError_t cudaMemcpyPeer(void* dst, int dstDevice, const void* src, int srcDevice, size_t count);
cudaError_t cudaMemcpyPeerAsync(void* dst, int dstDevice, const void* src, int srcDevice, size_t count,
                                cudaStream_t stream = 0);

// ---- Interprocess communication ----------------------------------------------------------------
// Not supported: allocations live in the memory of this process (and Metal buffers cannot be mapped
// into another one), so no handle can be exported. cudaDevAttrIpcEventSupport is 0, and every call
// returns cudaErrorNotSupported (CUDA's answer on a device without IPC), after checking its pointers.
#define CUDA_IPC_HANDLE_SIZE 64
typedef struct cudaIpcEventHandle_st {
  char reserved[CUDA_IPC_HANDLE_SIZE];
} cudaIpcEventHandle_t;
typedef struct cudaIpcMemHandle_st {
  char reserved[CUDA_IPC_HANDLE_SIZE];
} cudaIpcMemHandle_t;
#define cudaIpcMemLazyEnablePeerAccess 0x01
cudaError_t cudaIpcGetEventHandle(cudaIpcEventHandle_t* handle, cudaEvent_t event);
cudaError_t cudaIpcOpenEventHandle(cudaEvent_t* event, cudaIpcEventHandle_t handle);
cudaError_t cudaIpcGetMemHandle(cudaIpcMemHandle_t* handle, void* devPtr);
cudaError_t cudaIpcOpenMemHandle(void** devPtr, cudaIpcMemHandle_t handle, unsigned int flags);
cudaError_t cudaIpcCloseMemHandle(void* devPtr);
template <class T>
inline cudaError_t cudaIpcOpenMemHandle(T** devPtr, cudaIpcMemHandle_t handle, unsigned int flags) {
  return cudaIpcOpenMemHandle((void**)(devPtr), handle, flags);
}

// ---- Stream attributes ---------------------------------------------------------------------------
// Hints: the access policy window, synchronization policy and memory-synchronization domain are
// validated, stored and returned; the priority is the stream's (clamped to 0 .. -5 as at creation).
// Work still runs in issue order, and there is no L2 to keep lines in.
typedef enum cudaLaunchAttributeID cudaStreamAttrID;
typedef union cudaLaunchAttributeValue cudaStreamAttrValue;
#define cudaStreamAttributeAccessPolicyWindow cudaLaunchAttributeAccessPolicyWindow
#define cudaStreamAttributeSynchronizationPolicy cudaLaunchAttributeSynchronizationPolicy
#define cudaStreamAttributeMemSyncDomainMap cudaLaunchAttributeMemSyncDomainMap
#define cudaStreamAttributeMemSyncDomain cudaLaunchAttributeMemSyncDomain
#define cudaStreamAttributePriority cudaLaunchAttributePriority
cudaError_t cudaStreamSetAttribute(cudaStream_t stream, cudaStreamAttrID attr, const cudaStreamAttrValue* value);
cudaError_t cudaStreamGetAttribute(cudaStream_t stream, cudaStreamAttrID attr, cudaStreamAttrValue* value);
cudaError_t cudaStreamCopyAttributes(cudaStream_t dst, cudaStream_t src);
// Resets persisting L2 lines to normal: there are none, so it succeeds and does nothing.
cudaError_t cudaCtxResetPersistingL2Cache();

// ---- Memory-pool access ----------------------------------------------------------------------------
// cudaMemAccessFlags and cudaMemAccessDesc come from cu2m/graph_api.h.
// Pools live on device 0, which always has read-write access to them: setting that is accepted,
// anything else for device 0 is cudaErrorInvalidValue, another device ordinal cudaErrorInvalidDevice.
cudaError_t cudaMemPoolSetAccess(cudaMemPool_t memPool, const cudaMemAccessDesc* descList, size_t count);
cudaError_t cudaMemPoolGetAccess(cudaMemAccessFlags* flags, cudaMemPool_t memPool, cudaMemLocation* location);

// ---- Unified-memory hints with a cudaMemLocation (CUDA 12.2) --------------------------------------
// The host (cudaMemLocationTypeHost*) is cudaCpuDeviceId, a device location its ordinal; then as the
// int forms. flags must be 0.
cudaError_t cudaMemPrefetchAsync(const void* devPtr, size_t count, cudaMemLocation location, unsigned int flags,
                                 cudaStream_t stream = 0);
cudaError_t cudaMemAdvise(const void* devPtr, size_t count, cudaMemoryAdvise advice, cudaMemLocation location);

#endif // CU2M_PEER_API_H
