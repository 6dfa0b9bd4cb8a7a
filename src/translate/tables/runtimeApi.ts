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
  s('cudaMemcpyToSymbol', '__constant__/__device__ variables live in runtime storage bound to the kernels that use them; offset and size checked'),
  s('cudaMemcpyFromSymbol', 'see cudaMemcpyToSymbol'),
  p('cudaMemcpyToSymbolAsync', 'runs synchronously'),
  p('cudaMemcpyFromSymbolAsync', 'runs synchronously'),
  s('cudaGetSymbolAddress', 'the device address of the variable (a valid kernel argument and cudaMemcpy address)'),
  s('cudaGetSymbolSize'),
  s('cudaMemcpy2D'),
  u('cudaMemcpy3D', 'later issue'),
  u('cudaMallocArray', 'textures and arrays are a later issue'),
  u('cudaCreateTextureObject', 'textures are a later issue'),
  u('cudaLaunchKernel', 'launch with <<<...>>> (later issue)'),
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
];

export const RUNTIME_API_BY_NAME: ReadonlyMap<string, RuntimeApiRow> = new Map(RUNTIME_API.map((r) => [r.name, r]));
