// cu2metal — kernel registry, cudaLaunchKernel, stream capture and CUDA graphs, as seen by
// translated host programs. Included by cuda_runtime.h (after its types); implemented in
// native/runtime/registry.cpp and native/runtime/graph.cpp. Types, enum values and struct layouts
// follow CUDA 12 so that programs filling them field by field behave as with nvcc.
#ifndef CU2M_GRAPH_API_H
#define CU2M_GRAPH_API_H

#ifndef __CUDA_RUNTIME_H__
#error "cu2metal: include cuda_runtime.h, not cu2m/graph_api.h"
#endif

#include <type_traits>
#include <utility>

// ---- Kernel registry ---------------------------------------------------------------------------
// Every generated kernel stub registers its address with its cu2m_kernel_info, so that APIs taking
// the kernel's host function pointer (cudaLaunchKernel, cudaFuncGetAttributes, graph kernel nodes)
// find the kernel. The stub writes `CU2M_REGISTER_KERNEL(cu2m_kernel, name);` after its
// descriptor: the local class gives the registration (a static data member of a class template,
// initialized before main) access to the stub's own descriptor without calling the stub.
bool cu2mRegisterKernel(const void* hostFunc, const cu2m_kernel_info* kernel);
namespace cu2m {
template <auto Stub, class Info>
struct KernelRegistration {
  static inline const bool registered = cu2mRegisterKernel((const void*)Stub, Info::get());
};
} // namespace cu2m
#define CU2M_REGISTER_KERNEL(info, ...)                                                            \
  struct cu2m_registration {                                                                       \
    static const cu2m_kernel_info* get() { return &info; }                                         \
  };                                                                                               \
  (void)::cu2m::KernelRegistration<&__VA_ARGS__, cu2m_registration>::registered

// ---- Kernels split at their grid-wide synchronisations (src/translate/gridSync.ts) ---------------
// Metal has no grid barrier: a kernel that calls grid.sync() at the top level of its body becomes
// NAME_part0, NAME_part1, ... (kernels of their own, each registered as above) and a host stub NAME
// that registers this descriptor. cudaLaunchCooperativeKernel(NAME, ...) launches the parts one
// after the other on the stream, each with the kernel's arguments and, when values live across a
// sync, a per-thread frame of frame_bytes each, then a per-block one of block_bytes each (__shared__
// arrays), both allocated by the runtime, then the variables of the loops around the part.
// Loops around grid syncs run on the host (the split's driver, cu2m_loops_NAME): it calls
// cu2mGridPart for each part to launch, with the values of the loops' variables the part takes after
// the frame.
typedef struct cu2m_grid_run cu2m_grid_run; // a cooperative launch in progress (native/runtime/graph.cpp)
typedef void (*cu2m_grid_driver)(void* const* args, dim3 gridDim, dim3 blockDim, cu2m_grid_run* run);
void cu2mGridPart(cu2m_grid_run* run, uint32_t part, void* const* vars, uint32_t numVars);
// A while loop around grid syncs: launches the part that tests its condition (every thread or-s
// its verdict into an int the runtime passes last: 1 true, 2 false) and reads the verdict back
// (the stream is synchronised). False after an error; threads that disagree are an error too.
bool cu2mGridTest(cu2m_grid_run* run, uint32_t part, void* const* vars, uint32_t numVars);
typedef struct cu2m_grid_split {
  const char* name;              // the kernel's name as written
  const char* source_file;
  uint32_t source_line;
  uint32_t num_parts;
  const void* const* parts;      // the parts' host stubs, in order
  size_t frame_bytes;            // bytes per thread of the frame, 0 when no value lives across a sync
  size_t block_bytes;            // bytes per block of the __shared__ arrays saved across a sync (0: none)
  uint32_t num_params;           // the kernel's own parameters (the parts take the frame after them)
  cu2m_grid_driver drive;        // null: the parts run once each, in order
} cu2m_grid_split;
bool cu2mRegisterGridSplit(const void* hostFunc, const cu2m_grid_split* split);
const cu2m_grid_split* cu2mFindGridSplit(const void* hostFunc);
// A `<<<>>>` launch of a split kernel (the stub's body): the parts run as in a cooperative launch
// when the grid's blocks can all be resident at once (CUDA's grid.sync() works then too); a larger
// grid, which waits forever at the sync on CUDA, fails with cudaErrorCooperativeLaunchTooLarge.
void cu2mLaunchGridSplit(const cu2m_grid_split* split, void** args);
// The driver's call of cu2m_loops_NAME with the launch's arguments as the kernel's parameters.
template <class... P, size_t... I>
inline void cu2mDriveGridAt(void (*f)(cu2m_grid_run*, dim3, dim3, P...), cu2m_grid_run* run, dim3 g, dim3 b,
                            void* const* args, std::index_sequence<I...>) {
  f(run, g, b, *static_cast<std::remove_cv_t<std::remove_reference_t<P>>*>(args[I])...);
}
template <class... P>
inline void cu2mDriveGrid(void (*f)(cu2m_grid_run*, dim3, dim3, P...), cu2m_grid_run* run, dim3 g, dim3 b,
                          void* const* args) {
  cu2mDriveGridAt(f, run, g, b, args, std::index_sequence_for<P...>{});
}
namespace cu2m {
template <auto Stub, class Info>
struct GridSplitRegistration {
  static inline const bool registered = cu2mRegisterGridSplit((const void*)Stub, Info::get());
};
} // namespace cu2m
#define CU2M_REGISTER_GRID_SPLIT(info, ...)                                                        \
  struct cu2m_split_registration {                                                                 \
    static const cu2m_grid_split* get() { return &info; }                                          \
  };                                                                                               \
  (void)::cu2m::GridSplitRegistration<&__VA_ARGS__, cu2m_split_registration>::registered

// ---- Cooperative launches --------------------------------------------------------------------------
// A split kernel's parts run one after the other; any other kernel runs as cudaLaunchKernel would.
// The grid must fit the device at once as on CUDA (cudaErrorCooperativeLaunchTooLarge), from
// cudaOccupancyMaxActiveBlocksPerMultiprocessor times the multiprocessors.
cudaError_t cudaLaunchCooperativeKernel(const void* func, dim3 gridDim, dim3 blockDim, void** args,
                                        size_t sharedMem = 0, cudaStream_t stream = 0);
template <class T>
inline cudaError_t cudaLaunchCooperativeKernel(T* func, dim3 gridDim, dim3 blockDim, void** args,
                                               size_t sharedMem = 0, cudaStream_t stream = 0) {
  return cudaLaunchCooperativeKernel((const void*)func, gridDim, blockDim, args, sharedMem, stream);
}
// One device only: the multi-device form is refused (cudaErrorNotSupported).
struct cudaLaunchParams {
  void* func;
  dim3 gridDim;
  dim3 blockDim;
  void** args;
  size_t sharedMem;
  cudaStream_t stream;
};
cudaError_t cudaLaunchCooperativeKernelMultiDevice(cudaLaunchParams* launchParamsList, unsigned int numDevices,
                                                   unsigned int flags = 0);

// ---- Launch through the host function pointer ----------------------------------------------------
// args[i] points at the value of parameter i, as with CUDA. An address that is not a kernel stub
// gives cudaErrorInvalidDeviceFunction.
cudaError_t cudaLaunchKernel(const void* func, dim3 gridDim, dim3 blockDim, void** args,
                             size_t sharedMem = 0, cudaStream_t stream = 0);
template <class T>
inline cudaError_t cudaLaunchKernel(T* func, dim3 gridDim, dim3 blockDim, void** args,
                                    size_t sharedMem = 0, cudaStream_t stream = 0) {
  return cudaLaunchKernel((const void*)func, gridDim, blockDim, args, sharedMem, stream);
}

// cudaLaunchKernelEx: the configuration with launch attributes (CUDA 12's layout: 8-byte id slot,
// 64-byte value). Hints (priority, access policy, preferred cluster, programmatic serialization)
// are accepted; cooperative launches and thread-block clusters larger than one block are refused
// with cudaErrorNotSupported.
enum cudaLaunchAttributeID {
  cudaLaunchAttributeIgnore = 0,
  cudaLaunchAttributeAccessPolicyWindow = 1,
  cudaLaunchAttributeCooperative = 2,
  cudaLaunchAttributeSynchronizationPolicy = 3,
  cudaLaunchAttributeClusterDimension = 4,
  cudaLaunchAttributeClusterSchedulingPolicyPreference = 5,
  cudaLaunchAttributeProgrammaticStreamSerialization = 6,
  cudaLaunchAttributeProgrammaticEvent = 7,
  cudaLaunchAttributePriority = 8,
  cudaLaunchAttributeMemSyncDomainMap = 9,
  cudaLaunchAttributeMemSyncDomain = 10,
  cudaLaunchAttributePreferredClusterDimension = 11,
  cudaLaunchAttributeLaunchCompletionEvent = 12
};
// The L2 access policy of a launch or stream (hints: there is no persisting L2 to configure here).
enum cudaAccessProperty {
  cudaAccessPropertyNormal = 0,
  cudaAccessPropertyStreaming = 1,
  cudaAccessPropertyPersisting = 2
};
struct cudaAccessPolicyWindow {
  void* base_ptr;
  size_t num_bytes;
  float hitRatio;
  enum cudaAccessProperty hitProp;
  enum cudaAccessProperty missProp;
};
enum cudaSynchronizationPolicy {
  cudaSyncPolicyAuto = 1,
  cudaSyncPolicySpin = 2,
  cudaSyncPolicyYield = 3,
  cudaSyncPolicyBlockingSync = 4
};
union cudaLaunchAttributeValue {
  char pad[64];
  struct cudaAccessPolicyWindow accessPolicyWindow;
  int cooperative;
  enum cudaSynchronizationPolicy syncPolicy;
  struct {
    unsigned int x, y, z;
  } clusterDim;
  int programmaticStreamSerializationAllowed;
  struct {
    cudaEvent_t event;
    int flags;
    int triggerAtBlockStart;
  } programmaticEvent;
  int priority;
  struct {
    unsigned int x, y, z;
  } preferredClusterDim;
};
typedef struct cudaLaunchAttribute_st {
  cudaLaunchAttributeID id;
  char pad[8 - sizeof(cudaLaunchAttributeID)];
  cudaLaunchAttributeValue val;
} cudaLaunchAttribute;
typedef struct cudaLaunchConfig_st {
  dim3 gridDim;
  dim3 blockDim;
  size_t dynamicSmemBytes;
  cudaStream_t stream;
  cudaLaunchAttribute* attrs;
  unsigned int numAttrs;
} cudaLaunchConfig_t;
static_assert(sizeof(cudaLaunchAttribute) == 72 && alignof(cudaLaunchAttribute) == 8, "cudaLaunchAttribute layout");

cudaError_t cudaLaunchKernelExC(const cudaLaunchConfig_t* config, const void* func, void** args);
// As CUDA's: the arguments are converted to the kernel's parameter types, then passed by address.
template <typename... ExpTypes, typename... ActTypes>
inline cudaError_t cudaLaunchKernelEx(const cudaLaunchConfig_t* config, void (*kernel)(ExpTypes...),
                                      ActTypes&&... args) {
  return [&](ExpTypes... coerced) {
    void* pArgs[] = {&coerced..., nullptr};
    return cudaLaunchKernelExC(config, (const void*)kernel, pArgs);
  }(static_cast<ActTypes&&>(args)...);
}

// ---- Host functions in streams -------------------------------------------------------------------
#ifndef CUDART_CB
#define CUDART_CB
#endif
typedef void(CUDART_CB* cudaHostFn_t)(void* userData);
cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void* userData);

// ---- 3D copy parameters: cudaPitchedPtr, cudaPos, cudaExtent, cudaMemcpy3DParms come from cuda_runtime.h --
typedef struct cudaArray* cudaArray_t;
typedef const struct cudaArray* cudaArray_const_t;

// ---- Graph types ---------------------------------------------------------------------------------
typedef struct CUgraph_st* cudaGraph_t;
typedef struct CUgraphNode_st* cudaGraphNode_t;
typedef struct CUgraphExec_st* cudaGraphExec_t;

enum cudaGraphNodeType {
  cudaGraphNodeTypeKernel = 0x00,
  cudaGraphNodeTypeMemcpy = 0x01,
  cudaGraphNodeTypeMemset = 0x02,
  cudaGraphNodeTypeHost = 0x03,
  cudaGraphNodeTypeGraph = 0x04,
  cudaGraphNodeTypeEmpty = 0x05,
  cudaGraphNodeTypeWaitEvent = 0x06,
  cudaGraphNodeTypeEventRecord = 0x07,
  cudaGraphNodeTypeExtSemaphoreSignal = 0x08,
  cudaGraphNodeTypeExtSemaphoreWait = 0x09,
  cudaGraphNodeTypeMemAlloc = 0x0a,
  cudaGraphNodeTypeMemFree = 0x0b,
  cudaGraphNodeTypeConditional = 0x0d,
  cudaGraphNodeTypeCount
};

enum cudaStreamCaptureMode {
  cudaStreamCaptureModeGlobal = 0,
  cudaStreamCaptureModeThreadLocal = 1,
  cudaStreamCaptureModeRelaxed = 2
};

enum cudaStreamCaptureStatus {
  cudaStreamCaptureStatusNone = 0,
  cudaStreamCaptureStatusActive = 1,
  cudaStreamCaptureStatusInvalidated = 2
};

enum cudaGraphExecUpdateResult {
  cudaGraphExecUpdateSuccess = 0x0,
  cudaGraphExecUpdateError = 0x1,
  cudaGraphExecUpdateErrorTopologyChanged = 0x2,
  cudaGraphExecUpdateErrorNodeTypeChanged = 0x3,
  cudaGraphExecUpdateErrorFunctionChanged = 0x4,
  cudaGraphExecUpdateErrorParametersChanged = 0x5,
  cudaGraphExecUpdateErrorNotSupported = 0x6,
  cudaGraphExecUpdateErrorUnsupportedFunctionChange = 0x7,
  cudaGraphExecUpdateErrorAttributesChanged = 0x8
};

typedef struct cudaGraphExecUpdateResultInfo_st {
  enum cudaGraphExecUpdateResult result;
  cudaGraphNode_t errorNode;
  cudaGraphNode_t errorFromNode;
} cudaGraphExecUpdateResultInfo;

enum cudaGraphInstantiateFlags {
  cudaGraphInstantiateFlagAutoFreeOnLaunch = 1,
  cudaGraphInstantiateFlagUpload = 2,
  cudaGraphInstantiateFlagDeviceLaunch = 4,
  cudaGraphInstantiateFlagUseNodePriority = 8
};

struct cudaKernelNodeParams {
  void* func;
  dim3 gridDim;
  dim3 blockDim;
  unsigned int sharedMemBytes;
  void** kernelParams;
  void** extra;
};

struct cudaMemsetParams {
  void* dst;
  size_t pitch;
  unsigned int value;
  unsigned int elementSize; // 1, 2 or 4
  size_t width;             // elements
  size_t height;
};

struct cudaHostNodeParams {
  cudaHostFn_t fn;
  void* userData;
};

// Memory-pool types (cudaMemPoolProps & co.) come from cuda_runtime.h.
enum cudaMemAccessFlags {
  cudaMemAccessFlagsProtNone = 0,
  cudaMemAccessFlagsProtRead = 1,
  cudaMemAccessFlagsProtReadWrite = 3
};
struct cudaMemAccessDesc {
  struct cudaMemLocation location;
  enum cudaMemAccessFlags flags;
};
struct cudaMemAllocNodeParams {
  struct cudaMemPoolProps poolProps;
  const struct cudaMemAccessDesc* accessDescs;
  size_t accessDescCount;
  size_t bytesize;
  void* dptr; // out
};

// ---- Stream capture ------------------------------------------------------------------------------
cudaError_t cudaStreamBeginCapture(cudaStream_t stream, cudaStreamCaptureMode mode);
cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t* pGraph);
cudaError_t cudaStreamIsCapturing(cudaStream_t stream, cudaStreamCaptureStatus* pCaptureStatus);
cudaError_t cudaStreamGetCaptureInfo(cudaStream_t stream, cudaStreamCaptureStatus* captureStatus_out,
                                     unsigned long long* id_out = 0, cudaGraph_t* graph_out = 0,
                                     const cudaGraphNode_t** dependencies_out = 0,
                                     size_t* numDependencies_out = 0);
cudaError_t cudaThreadExchangeStreamCaptureMode(cudaStreamCaptureMode* mode);

// ---- Graphs --------------------------------------------------------------------------------------
cudaError_t cudaGraphCreate(cudaGraph_t* pGraph, unsigned int flags);
cudaError_t cudaGraphDestroy(cudaGraph_t graph);
cudaError_t cudaGraphClone(cudaGraph_t* pGraphClone, cudaGraph_t originalGraph);
cudaError_t cudaGraphAddKernelNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                   const cudaKernelNodeParams* pNodeParams);
cudaError_t cudaGraphKernelNodeGetParams(cudaGraphNode_t node, cudaKernelNodeParams* pNodeParams);
cudaError_t cudaGraphKernelNodeSetParams(cudaGraphNode_t node, const cudaKernelNodeParams* pNodeParams);
cudaError_t cudaGraphAddMemcpyNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                   const cudaMemcpy3DParms* pCopyParams);
cudaError_t cudaGraphAddMemcpyNode1D(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                     const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                     void* dst, const void* src, size_t count, cudaMemcpyKind kind);
cudaError_t cudaGraphMemcpyNodeGetParams(cudaGraphNode_t node, cudaMemcpy3DParms* pNodeParams);
cudaError_t cudaGraphMemcpyNodeSetParams(cudaGraphNode_t node, const cudaMemcpy3DParms* pNodeParams);
cudaError_t cudaGraphAddMemsetNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                   const cudaMemsetParams* pMemsetParams);
cudaError_t cudaGraphMemsetNodeGetParams(cudaGraphNode_t node, cudaMemsetParams* pNodeParams);
cudaError_t cudaGraphMemsetNodeSetParams(cudaGraphNode_t node, const cudaMemsetParams* pNodeParams);
cudaError_t cudaGraphAddHostNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                 const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                 const cudaHostNodeParams* pNodeParams);
cudaError_t cudaGraphHostNodeGetParams(cudaGraphNode_t node, cudaHostNodeParams* pNodeParams);
cudaError_t cudaGraphHostNodeSetParams(cudaGraphNode_t node, const cudaHostNodeParams* pNodeParams);
cudaError_t cudaGraphAddChildGraphNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                       const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                       cudaGraph_t childGraph);
cudaError_t cudaGraphAddEmptyNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                  const cudaGraphNode_t* pDependencies, size_t numDependencies);
cudaError_t cudaGraphAddMemAllocNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                     const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                     cudaMemAllocNodeParams* nodeParams);
cudaError_t cudaGraphAddMemFreeNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                    const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                    void* dptr);
cudaError_t cudaGraphAddEventRecordNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                        const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                        cudaEvent_t event);
cudaError_t cudaGraphAddEventWaitNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph,
                                      const cudaGraphNode_t* pDependencies, size_t numDependencies,
                                      cudaEvent_t event);
cudaError_t cudaGraphAddDependencies(cudaGraph_t graph, const cudaGraphNode_t* from,
                                     const cudaGraphNode_t* to, size_t numDependencies);
cudaError_t cudaGraphGetNodes(cudaGraph_t graph, cudaGraphNode_t* nodes, size_t* numNodes);
cudaError_t cudaGraphGetRootNodes(cudaGraph_t graph, cudaGraphNode_t* pRootNodes, size_t* pNumRootNodes);
cudaError_t cudaGraphGetEdges(cudaGraph_t graph, cudaGraphNode_t* from, cudaGraphNode_t* to,
                              size_t* numEdges);
cudaError_t cudaGraphDebugDotPrint(cudaGraph_t graph, const char* path, unsigned int flags);
cudaError_t cudaGraphNodeGetType(cudaGraphNode_t node, cudaGraphNodeType* pType);
cudaError_t cudaGraphNodeGetDependencies(cudaGraphNode_t node, cudaGraphNode_t* pDependencies,
                                         size_t* pNumDependencies);

// CUDA 12's signature and CUDA 11's (error node + log buffer) are both in use.
cudaError_t cudaGraphInstantiate(cudaGraphExec_t* pGraphExec, cudaGraph_t graph,
                                 unsigned long long flags = 0);
cudaError_t cudaGraphInstantiate(cudaGraphExec_t* pGraphExec, cudaGraph_t graph,
                                 cudaGraphNode_t* pErrorNode, char* pLogBuffer, size_t bufferSize);
cudaError_t cudaGraphInstantiateWithFlags(cudaGraphExec_t* pGraphExec, cudaGraph_t graph,
                                          unsigned long long flags = 0);
cudaError_t cudaGraphLaunch(cudaGraphExec_t graphExec, cudaStream_t stream);
cudaError_t cudaGraphUpload(cudaGraphExec_t graphExec, cudaStream_t stream);
cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec);
cudaError_t cudaGraphExecKernelNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                             const cudaKernelNodeParams* pNodeParams);
cudaError_t cudaGraphExecMemcpyNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                             const cudaMemcpy3DParms* pNodeParams);
cudaError_t cudaGraphExecMemsetNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                             const cudaMemsetParams* pNodeParams);
cudaError_t cudaGraphExecHostNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                           const cudaHostNodeParams* pNodeParams);
// CUDA 12's signature and CUDA 11's.
cudaError_t cudaGraphExecUpdate(cudaGraphExec_t hGraphExec, cudaGraph_t hGraph,
                                cudaGraphExecUpdateResultInfo* resultInfo);
cudaError_t cudaGraphExecUpdate(cudaGraphExec_t hGraphExec, cudaGraph_t hGraph,
                                cudaGraphNode_t* hErrorNode_out,
                                cudaGraphExecUpdateResult* updateResult_out);

// ---- Graph memory accounting (graph.cpp) ------------------------------------------------------------
// Used: bytes of graph allocations currently allocated (between their allocation node's run and their
// free); reserved: bytes held for graph allocations, whose addresses stay fixed until the graph that
// made them is destroyed (so cudaDeviceGraphMemTrim has nothing it may release). Values are uint64.
enum cudaGraphMemAttributeType {
  cudaGraphMemAttrUsedMemCurrent = 0,
  cudaGraphMemAttrUsedMemHigh = 1,
  cudaGraphMemAttrReservedMemCurrent = 2,
  cudaGraphMemAttrReservedMemHigh = 3
};
cudaError_t cudaDeviceGetGraphMemAttribute(int device, cudaGraphMemAttributeType attr, void* value);
// Only the high-water marks can be set, and only to 0 (they restart from the current value).
cudaError_t cudaDeviceSetGraphMemAttribute(int device, cudaGraphMemAttributeType attr, void* value);
cudaError_t cudaDeviceGraphMemTrim(int device);

#endif // CU2M_GRAPH_API_H
