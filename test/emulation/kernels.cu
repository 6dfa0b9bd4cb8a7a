// The CUDA originals of kernels.metal, compiled for the cuda-cpu backend against
// native/cpu/cuda/cu2m_cuda_device.h (force-included). run.sh applies the extern __shared__
// rewrite that src/ performs (see the top of cu2m_cuda_device.h).
#include <cuda_runtime.h>

__device__ float tile_at(float (*tile)[17], unsigned r, unsigned c) { return tile[r][c]; }

__global__ void vecAdd(const float* A, const float* B, float* C, int numElements) {
  int i = blockDim.x * blockIdx.x + threadIdx.x;
  if (i < numElements) {
    C[i] = A[i] + B[i];
  }
}

__global__ void transposeTile(float* out, const float* in, int w, int h) {
  __shared__ float tile[16][17];
  unsigned x = blockIdx.x * 16 + threadIdx.x;
  unsigned y = blockIdx.y * 16 + threadIdx.y;
  if (x < unsigned(w) && y < unsigned(h)) tile[threadIdx.y][threadIdx.x] = in[y * w + x];
  __syncthreads();
  x = blockIdx.y * 16 + threadIdx.x;
  y = blockIdx.x * 16 + threadIdx.y;
  if (x < unsigned(h) && y < unsigned(w)) out[y * h + x] = tile_at(tile, threadIdx.x, threadIdx.y);
}

__global__ void reduceDyn(const float* in, float* out) {
  extern __shared__ __align__(16) float s[];
  unsigned tid = threadIdx.x;
  s[tid] = in[blockIdx.x * blockDim.x + tid];
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (tid == 0) out[blockIdx.x] = s[0];
}

__global__ void mathMix(const float* x, float* y, unsigned* hist, unsigned* bigCount, float* fsum,
                        const float3* pts, float3* outPts, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;
  int big = __syncthreads_count(i < n && v > 5.0f);
  if (i < n) {
    float4 q = make_float4(v, 1.0f, 2.0f, 3.0f);
    float r = fminf(fmaxf(sqrtf(v) * 0.5f + sinf(v), 0.0f), 10.0f) + (q.x + q.y + q.z + q.w);
    y[i] = r;
    int bin = int(v) % 8;
    atomicAdd(&hist[bin], 1u);
    atomicAdd(&fsum[0], v);
    float3 p = pts[i];
    float len = sqrtf(p.x * p.x + p.y * p.y + p.z * p.z);
    outPts[i] = make_float3(p.x / len * len + 1.0f, p.y / len * len + 1.0f, p.z / len * len + 1.0f);
  }
  if (threadIdx.x == 0) bigCount[blockIdx.x] = big;
}

// Dynamic shared memory declared at namespace scope, and the reinterpret_cast idiom.
extern __shared__ float gdyn[];
__global__ void dynForms(int* out) {
  extern __shared__ __align__(16) unsigned char raw[];
  int* iv = reinterpret_cast<int*>(raw);
  iv[threadIdx.x] = threadIdx.x * 3;
  __syncthreads();
  float* g = gdyn;
  out[threadIdx.x] = iv[blockDim.x - 1 - threadIdx.x] + (g == (float*)raw ? 1000 : 0) + __popc(threadIdx.x) * 0 +
                     atomicInc((unsigned*)&out[64], 1000000u) * 0 + min(3u, 5) * 0 + __syncthreads_or(threadIdx.x == 5) * 10000 +
                     __syncthreads_and(threadIdx.x < 100) * 100000 + warpSize * 0;
}

__global__ void assertKernel(const int* p) {
  assert(p[threadIdx.x] >= 0);
}
