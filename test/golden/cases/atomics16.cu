// 16-bit atomics: Metal has none, so each is a compare-exchange loop on the aligned 32-bit word
// that holds the value (only its half-word changes; a pair fills the word). Both address spaces.
#include <cuda_fp16.h>
typedef __half real16;

__device__ unsigned short claim(unsigned short* slot, unsigned short mine) {
  return atomicCAS(slot, (unsigned short)0, mine);
}

__global__ void accumulate(const real16* x, int n, real16* sum, __half2* pairs, unsigned short* owner) {
  __shared__ real16 partial[2];
  __shared__ unsigned short first[2];
  if (threadIdx.x < 2) { partial[threadIdx.x] = __float2half(0.0f); first[threadIdx.x] = 0; }
  __syncthreads();
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    real16 old = atomicAdd(&partial[i & 1], x[i]);
    atomicAdd(&pairs[i % 4], __halves2half2(x[i], old));
    claim(&first[i & 1], (unsigned short)(threadIdx.x + 1));
  }
  __syncthreads();
  if (threadIdx.x < 2) {
    atomicAdd_system(&sum[threadIdx.x], partial[threadIdx.x]);
    claim(&owner[blockIdx.x * 2 + threadIdx.x], first[threadIdx.x]);
  }
}
