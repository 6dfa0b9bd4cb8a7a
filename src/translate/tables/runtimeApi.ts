// CUDA runtime API → support in cu2metal's runtime (native/include/cuda_runtime.h). Data only:
// the host pass diagnoses calls to `cuda*` functions missing here, and docs/support-matrix.md is
// generated from it.

export type RuntimeSupport = 'supported' | 'partial' | 'unsupported';

export interface RuntimeApiRow {
  readonly name: string;
  readonly support: RuntimeSupport;
  readonly note?: string;
}

const s = (name: string, note?: string): RuntimeApiRow => ({ name, support: 'supported', note });
const p = (name: string, note: string): RuntimeApiRow => ({ name, support: 'partial', note });
const u = (name: string, note: string): RuntimeApiRow => ({ name, support: 'unsupported', note });

export const RUNTIME_API: readonly RuntimeApiRow[] = [
  // memory
  s('cudaMalloc', 'one backend buffer per allocation; any pointer inside it (d_a + k) is a valid kernel argument'),
  s('cudaFree'),
  s('cudaMemcpy', 'all four kinds and cudaMemcpyDefault; device→host copies flush pending launches'),
  p('cudaMemcpyAsync', 'runs synchronously'),
  s('cudaMemset'),
  p('cudaMemsetAsync', 'runs synchronously'),
  s('cudaMallocHost', 'plain host memory'),
  s('cudaHostAlloc', 'plain host memory'),
  s('cudaFreeHost'),
  p('cudaHostGetDevicePointer', 'host memory is visible to the CPU backends only'),
  p('cudaMallocManaged', 'an ordinary allocation usable from the host (unified memory on Apple silicon)'),
  s('cudaMallocPitch'),
  s('cudaMemGetInfo'),
  u('cudaMemcpyToSymbol', '__device__/__constant__ globals are a later issue'),
  u('cudaMemcpyFromSymbol', '__device__/__constant__ globals are a later issue'),
  u('cudaGetSymbolAddress', '__device__/__constant__ globals are a later issue'),
  s('cudaMemcpy2D'),
  u('cudaMemcpy3D', 'later issue'),
  u('cudaMallocArray', 'textures and arrays are a later issue'),
  u('cudaCreateTextureObject', 'textures are a later issue'),
  u('cudaLaunchCooperativeKernel', 'Metal has no grid-wide barrier'),
  u('cudaFuncGetAttributes', 'later issue'),
  u('cudaOccupancyMaxPotentialBlockSize', 'later issue'),
  // device
  s('cudaDeviceSynchronize'),
  s('cudaThreadSynchronize', 'deprecated CUDA name'),
  s('cudaDeviceReset'),
  s('cudaThreadExit', 'deprecated CUDA name'),
  s('cudaGetDeviceCount', 'one device'),
  s('cudaSetDevice', 'device 0 only'),
  s('cudaGetDevice'),
  s('cudaSetDeviceFlags'),
  s('cudaGetDeviceProperties', "describes the backend honestly (32 KB threadgroup memory on Metal/msl-cpu)"),
  p('cudaDeviceGetAttribute', 'common attributes'),
  s('cudaDeviceSetCacheConfig', 'accepted, no effect'),
  s('cudaDeviceSetSharedMemConfig', 'accepted, no effect'),
  s('cudaDriverGetVersion'),
  s('cudaProfilerStart', 'accepted; nothing to profile'),
  s('cudaProfilerStop', 'accepted; nothing to profile'),
  s('cudaRuntimeGetVersion'),
  // errors
  s('cudaGetLastError'),
  s('cudaPeekAtLastError'),
  s('cudaGetErrorString'),
  s('cudaGetErrorName'),
  // streams and events
  p('cudaStreamCreate', 'streams are in order with each other (everything runs in issue order)'),
  p('cudaStreamCreateWithFlags', 'as cudaStreamCreate'),
  s('cudaStreamDestroy'),
  s('cudaStreamSynchronize'),
  s('cudaStreamQuery'),
  s('cudaStreamWaitEvent', 'trivially satisfied: work runs in issue order'),
  s('cudaEventCreate'),
  s('cudaEventCreateWithFlags'),
  s('cudaEventRecord'),
  s('cudaEventSynchronize'),
  s('cudaEventQuery'),
  s('cudaEventElapsedTime', 'host steady clock around the recorded work (GPU timestamps on Metal: later issue)'),
  s('cudaEventDestroy'),
  // graphs and launch
  s('cudaLaunchKernel', "kernel found by its stub's address (kernel registry); validated like <<<...>>>; an unknown pointer is cudaErrorInvalidDeviceFunction"),
  p('cudaLaunchKernelExC', 'hint attributes (priority, access policy, preferred cluster, programmatic serialization) accepted; cooperative launches, clusters of more than one block and kernel-triggered events → cudaErrorNotSupported'),
  p('cudaLaunchKernelEx', 'as cudaLaunchKernelExC; arguments converted to the parameter types as CUDA does'),
  s('cudaLaunchHostFunc', "runs once the stream's earlier work has finished; a host node when captured"),
  p('cudaStreamBeginCapture', 'all three capture modes; kernels (<<<...>>> and cudaLaunchKernel), cudaMemcpyAsync, cudaMemsetAsync, cudaLaunchHostFunc, cudaGraphLaunch and event record/wait across streams are captured; forbidden calls invalidate the capture'),
  s('cudaStreamEndCapture', 'unjoined forked streams → cudaErrorStreamCaptureUnjoined, invalidated capture → cudaErrorStreamCaptureInvalidated'),
  s('cudaStreamIsCapturing'),
  s('cudaStreamGetCaptureInfo', "CUDA 12's signature (id, graph and dependencies optional)"),
  s('cudaThreadExchangeStreamCaptureMode'),
  p('cudaGraphCreate', 'graphs run node by node in a topological order (creation order between independent nodes), on every backend'),
  s('cudaGraphDestroy'),
  s('cudaGraphClone', 'not for graphs with memory nodes (as CUDA)'),
  s('cudaGraphAddKernelNode', 'arguments copied when the node is added; the "extra" argument format is not supported'),
  s('cudaGraphKernelNodeGetParams'),
  s('cudaGraphKernelNodeSetParams'),
  p('cudaGraphAddMemcpyNode', 'linear memory (pitched 3D copies); CUDA arrays are not supported'),
  s('cudaGraphAddMemcpyNode1D'),
  s('cudaGraphMemcpyNodeGetParams'),
  s('cudaGraphMemcpyNodeSetParams'),
  s('cudaGraphAddMemsetNode', 'element sizes 1, 2 and 4, pitched rows'),
  s('cudaGraphMemsetNodeGetParams'),
  s('cudaGraphMemsetNodeSetParams'),
  s('cudaGraphAddHostNode'),
  s('cudaGraphHostNodeGetParams'),
  s('cudaGraphHostNodeSetParams'),
  s('cudaGraphAddChildGraphNode', 'the child graph is copied when the node is added'),
  s('cudaGraphAddEmptyNode'),
  p('cudaGraphAddMemAllocNode', 'the address is reserved when the node is added and kept until the graph is destroyed; free it with a free node, not cudaFree'),
  p('cudaGraphAddMemFreeNode', 'only for allocations made by memory allocation nodes'),
  s('cudaGraphAddDependencies'),
  s('cudaGraphGetNodes'),
  s('cudaGraphGetRootNodes'),
  s('cudaGraphGetEdges'),
  s('cudaGraphNodeGetType'),
  s('cudaGraphNodeGetDependencies'),
  s('cudaGraphInstantiate', "CUDA 12's (exec, graph, flags) and CUDA 11's (exec, graph, errorNode, log, size) signatures; upload and device-launch flags are refused"),
  s('cudaGraphInstantiateWithFlags', 'as cudaGraphInstantiate'),
  s('cudaGraphLaunch', 'runs the nodes in order, synchronously; launched into a capturing stream, the graph becomes a child graph node'),
  s('cudaGraphUpload', 'nothing to upload'),
  s('cudaGraphExecDestroy'),
  s('cudaGraphExecKernelNodeSetParams'),
  s('cudaGraphExecMemcpyNodeSetParams'),
  s('cudaGraphExecMemsetNodeSetParams'),
  s('cudaGraphExecHostNodeSetParams'),
  p('cudaGraphExecUpdate', 'parameter changes only: a changed topology, node type, child graph or memory node → cudaErrorGraphExecUpdateFailure with the reason in the result info (both CUDA 11 and 12 signatures)'),
  s('cudaGraphAddEventRecordNode', 'records the event when the node runs'),
  s('cudaGraphAddEventWaitNode', 'satisfied: the recorded work ran before (everything runs in issue order)'),
  s('cudaGraphDebugDotPrint', 'a Graphviz file: one box per node (what it does) and the dependency edges'),
];

export const RUNTIME_API_BY_NAME: ReadonlyMap<string, RuntimeApiRow> = new Map(RUNTIME_API.map((r) => [r.name, r]));
