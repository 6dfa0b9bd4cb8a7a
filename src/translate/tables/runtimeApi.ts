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
  s('cudaMalloc', 'one backend buffer per allocation; any pointer inside it (d_a + k) is a valid kernel argument; a size beyond the device memory (a negative count converted to size_t) is cudaErrorMemoryAllocation'),
  s('cudaFree', 'also frees cudaMallocAsync memory'),
  s('cudaMemcpy', 'all four kinds and cudaMemcpyDefault; device→host copies flush pending launches'),
  p('cudaMemcpyAsync', 'runs synchronously'),
  s('cudaMemset'),
  p('cudaMemsetAsync', 'runs synchronously'),
  s('cudaMallocHost', 'host memory kernels can use (mapped, as with unified addressing)'),
  s('cudaHostAlloc', 'every host allocation is mapped (Portable/Mapped/WriteCombined accepted); kernels may use it'),
  s('cudaFreeHost'),
  s('cudaHostGetDevicePointer', 'the same address (unified addressing), for cudaHostAlloc memory and cudaHostRegister ranges, interior pointers included'),
  s('cudaHostRegister', 'the range becomes a kernel argument in place (Metal: newBufferWithBytesNoCopy over its pages); overlaps give cudaErrorHostMemoryAlreadyRegistered; cudaHostRegisterIoMemory is cudaErrorNotSupported'),
  s('cudaHostUnregister'),
  p('cudaMallocManaged', 'an ordinary allocation usable from the host (unified memory on Apple silicon)'),
  s('cudaMallocPitch', 'rows aligned to 256 bytes'),
  s('cudaMalloc3D', 'rows aligned to 256 bytes'),
  s('cudaMemGetInfo'),
  s('cudaMemcpyToSymbol', '__constant__/__device__ variables live in runtime storage bound to the kernels that use them; offset and size checked'),
  s('cudaMemcpyFromSymbol', 'see cudaMemcpyToSymbol'),
  p('cudaMemcpyToSymbolAsync', 'runs synchronously'),
  p('cudaMemcpyFromSymbolAsync', 'runs synchronously'),
  s('cudaGetSymbolAddress', 'the device address of the variable (a valid kernel argument and cudaMemcpy address)'),
  s('cudaGetSymbolSize'),
  s('cudaMemcpy2D', 'all kinds; bounds checked for the whole pitched region'),
  p('cudaMemcpy2DAsync', 'runs synchronously'),
  p('cudaMemcpy3D', 'linear memory (cudaPitchedPtr + cudaPos) in all kinds; CUDA arrays are cudaErrorInvalidValue (textures are a later issue)'),
  p('cudaMemcpy3DAsync', 'as cudaMemcpy3D; runs synchronously'),
  s('cudaMemset2D'),
  p('cudaMemset2DAsync', 'runs synchronously'),
  s('cudaMemset3D'),
  p('cudaMemset3DAsync', 'runs synchronously'),
  s('make_cudaPitchedPtr'),
  s('make_cudaPos'),
  s('make_cudaExtent'),
  p('cudaMallocAsync', 'stream order holds because work runs in issue order; freed blocks are cached in the pool and reused; memory above the release threshold is returned at synchronizing calls'),
  p('cudaFreeAsync', 'the block goes back to its pool at once (work before it has completed); also takes cudaMalloc memory'),
  p('cudaMallocFromPoolAsync', 'as cudaMallocAsync, from the given pool'),
  s('cudaDeviceGetDefaultMemPool'),
  s('cudaDeviceGetMemPool'),
  s('cudaDeviceSetMemPool'),
  p('cudaMemPoolCreate', 'device-located pinned pools; exportable handle types are cudaErrorNotSupported'),
  s('cudaMemPoolDestroy', 'a pool with live blocks goes when the last is freed, as in CUDA'),
  s('cudaMemPoolSetAttribute', 'release threshold honoured; reuse flags stored (reuse needs no event dependencies here); high-water marks reset with 0'),
  s('cudaMemPoolGetAttribute', 'reserved/used current and high-water bytes are real'),
  s('cudaMemPoolTrimTo'),
  p('cudaMemPrefetchAsync', 'a hint: validates the managed range and device (0 or cudaCpuDeviceId); host and device share one memory, so nothing moves'),
  p('cudaMemAdvise', 'a hint: validates the managed range, advice and device, then does nothing'),
  p('cudaStreamAttachMemAsync', 'a hint: validates the stream, whole managed allocation and flags, then does nothing'),
  u('cudaMallocArray', 'textures and arrays are a later issue'),
  u('cudaCreateTextureObject', 'textures are a later issue'),
  u('cudaLaunchKernel', 'launch with <<<...>>> (later issue)'),
  u('cudaLaunchCooperativeKernel', 'Metal has no grid-wide barrier'),
  // kernels
  p('cudaFuncGetAttributes', 'static shared memory, max threads per block (Metal: the pipeline\'s limit), max dynamic shared memory, version; numRegs/localSizeBytes are 0 (unknown) (kernels are found from their host function through the kernel registry, cu2mFindKernel; a function it does not know is cudaErrorInvalidDeviceFunction)'),
  p('cudaFuncSetAttribute', 'max dynamic shared memory (enforced at launch, up to the backend\'s per-block limit) and the carveout hint; cluster attributes are cudaErrorNotSupported (kernels are found from their host function through the kernel registry, cu2mFindKernel; a function it does not know is cudaErrorInvalidDeviceFunction)'),
  p('cudaFuncSetCacheConfig', 'validated and stored; there is no L1/shared split to configure (kernels are found from their host function through the kernel registry, cu2mFindKernel; a function it does not know is cudaErrorInvalidDeviceFunction)'),
  p('cudaFuncSetSharedMemConfig', 'validated; bank size has no meaning here (kernels are found from their host function through the kernel registry, cu2mFindKernel; a function it does not know is cudaErrorInvalidDeviceFunction)'),
  p('cudaOccupancyMaxActiveBlocksPerMultiprocessor', 'from the threads, blocks and shared memory per multiprocessor the device reports (CPU backends: one block per worker) (kernels are found from their host function through the kernel registry, cu2mFindKernel; a function it does not know is cudaErrorInvalidDeviceFunction)'),
  p('cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags', 'as cudaOccupancyMaxActiveBlocksPerMultiprocessor'),
  p('cudaOccupancyMaxPotentialBlockSize', 'the template of CUDA\'s header: the warp multiple with the most resident threads (kernels are found from their host function through the kernel registry, cu2mFindKernel; a function it does not know is cudaErrorInvalidDeviceFunction)'),
  p('cudaOccupancyMaxPotentialBlockSizeWithFlags', 'as cudaOccupancyMaxActiveBlocksPerMultiprocessor'),
  p('cudaOccupancyMaxPotentialBlockSizeVariableSMem', 'as cudaOccupancyMaxActiveBlocksPerMultiprocessor'),
  p('cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags', 'as cudaOccupancyMaxActiveBlocksPerMultiprocessor'),
  p('cudaOccupancyAvailableDynamicSMemPerBlock', 'as cudaOccupancyMaxActiveBlocksPerMultiprocessor'),
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
  p('cudaDeviceSetLimit', 'stack size (the CPU backends give each thread at least that much fiber stack; up to 512 KiB), printf FIFO and malloc heap sizes stored; dynamic-parallelism and persisting-L2 limits are cudaErrorUnsupportedLimit'),
  p('cudaDeviceGetLimit', 'as cudaDeviceSetLimit'),
  s('cudaDeviceGetStreamPriorityRange', '0 (least) to -5 (greatest), as NVIDIA GPUs report'),
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
  p('cudaStreamCreateWithPriority', 'priority clamped to the range and reported; it changes no order: work runs in issue order'),
  s('cudaStreamGetPriority'),
  s('cudaStreamGetFlags'),
  s('cudaStreamAddCallback', 'runs on the calling thread once the stream\'s earlier work has completed (pending launches flushed), with that work\'s error status'),
  s('cudaLaunchHostFunc', 'as cudaStreamAddCallback; not run after a device fault, as in CUDA'),
  s('cudaEventCreate'),
  s('cudaEventCreateWithFlags'),
  s('cudaEventRecord'),
  s('cudaEventSynchronize'),
  s('cudaEventQuery'),
  s('cudaEventElapsedTime', 'host steady clock around the recorded work (GPU timestamps on Metal: later issue)'),
  s('cudaEventDestroy'),
];

export const RUNTIME_API_BY_NAME: ReadonlyMap<string, RuntimeApiRow> = new Map(RUNTIME_API.map((r) => [r.name, r]));
