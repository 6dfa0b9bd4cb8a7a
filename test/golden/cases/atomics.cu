// Atomics keep their CUDA names; the prelude defines the overloads Metal can do.
__global__ void count(const int* keys, int n, unsigned int* bins, float* total) {
  __shared__ unsigned int local[16];
  if (threadIdx.x < 16) local[threadIdx.x] = 0;
  __syncthreads();
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    atomicAdd(&local[keys[i] & 15], 1u);
    atomicAdd(total, 1.0f);
  }
  __syncthreads();
  if (threadIdx.x < 16) atomicAdd_block(&bins[threadIdx.x], local[threadIdx.x]);
}
