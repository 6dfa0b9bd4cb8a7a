// Small device intrinsics: legacy votes, __uni_sync, __fns, sleeps and fences, traps,
// address-space tests and the asynchronous-copy primitives.
#include <cuda_pipeline.h>

__device__ unsigned isShared(const void* p) { return __isShared(p); }

__device__ void requirePositive(int v) {
  if (v <= 0) __trap();
}

__global__ void votes(unsigned* out, const int* in, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int p = i < n && in[i] > 0;
  unsigned ballot = __ballot(p);
  int any = __any(p), all = __all(p);
  int uniform = __uni_sync(0xffffffffu, p);
  unsigned third = __fns(ballot, 0, 3);
  __nanosleep(200);
  out[i] = ballot ^ (unsigned)(any + 2 * all + 4 * uniform) ^ third;
  __threadfence_system();
}

__global__ void staged(float* out, const float4* in, const int* flags) {
  __shared__ float4 tile[64];
  float4 mine[1];
  __pipeline_memcpy_async(&tile[threadIdx.x], &in[blockIdx.x * 64 + threadIdx.x], sizeof(float4));
  __pipeline_commit();
  __pipeline_wait_prior(0);
  __syncthreads();
  mine[0] = tile[63 - threadIdx.x];
  requirePositive(flags[blockIdx.x]);
  if (flags[blockIdx.x] > 1000) __brkpt();
  unsigned where = __isGlobal(in) + 2 * isShared(tile) + 4 * isShared(flags) + 8 * __isLocal(mine);
  out[blockIdx.x * 64 + threadIdx.x] = mine[0].x + mine[0].w + (float)where;
}
