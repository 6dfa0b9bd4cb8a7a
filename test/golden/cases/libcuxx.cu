// libcu++ copies and barriers (native/include/cuda/barrier, cuda/pipeline): a block barrier with a
// copy and a split arrive/wait, and a thread-scope pipeline that fills the next stage while the
// block reads the current one. The copies are done at once; the block-scope waits are the block's
// barrier.
#include <cuda/barrier>
#include <cuda/pipeline>
#include <utility>

__global__ void reverseTile(const float *in, float *out) {
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  __shared__ alignas(16) float tile[128];
  if (threadIdx.x == 0) init(&bar, blockDim.x);
  __syncthreads();
  cuda::memcpy_async(&tile[threadIdx.x], &in[blockIdx.x * 128 + threadIdx.x], sizeof(float), bar);
  bar.arrive_and_wait();
  const float v = tile[127 - threadIdx.x];
  auto token = bar.arrive();
  bar.wait(std::move(token));
  out[blockIdx.x * 128 + threadIdx.x] = v;
}

__global__ void columnSums(const float *in, float *out, int rows) {
  __shared__ float stage[2][128];
  cuda::pipeline<cuda::thread_scope_thread> pipe = cuda::make_pipeline();
  const auto one = cuda::aligned_size_t<alignof(float)>(sizeof(float));
  pipe.producer_acquire();
  cuda::memcpy_async(&stage[0][threadIdx.x], &in[threadIdx.x], one, pipe);
  pipe.producer_commit();
  float sum = 0.0f;
  for (int r = 0; r < rows; ++r) {
    if (r + 1 < rows) {
      pipe.producer_acquire();
      cuda::memcpy_async(&stage[(r + 1) % 2][threadIdx.x], &in[(r + 1) * 128 + threadIdx.x], one, pipe);
      pipe.producer_commit();
    }
    cuda::pipeline_consumer_wait_prior<1>(pipe);
    __syncthreads();
    sum += stage[r % 2][threadIdx.x];
    __syncthreads();
    pipe.consumer_release();
  }
  out[threadIdx.x] = sum;
}
