// What Metal's one barrier (threadgroup_barrier, for every thread of the threadgroup) cannot express
// of libcu++: a producer/consumer pipeline, a pipeline of a tile, a barrier expecting a part of the
// block, a barrier of device scope, an arrive by only some threads.
#include <cuda/barrier>
#include <cuda/pipeline>
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void refused(const float *in, float *out) {
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, 2> state;
  __shared__ cuda::barrier<cuda::thread_scope_device> grid;
  auto block = cg::this_thread_block();
  auto warp = cg::tiled_partition<32>(block);
  if (block.thread_rank() == 0) init(&bar, block.size() - 32);
  const auto role = threadIdx.x < 32 ? cuda::pipeline_role::producer : cuda::pipeline_role::consumer;
  auto pipe = cuda::make_pipeline(block, &state, role);
  auto own = cuda::make_pipeline(warp, &state);
  out[threadIdx.x] = in[threadIdx.x];
}

__global__ void dropped(const float *in, float *out, int n) {
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  if (threadIdx.x == 0) init(&bar, blockDim.x);
  __syncthreads();
  if (threadIdx.x >= n) {
    bar.arrive_and_drop();
    return;
  }
  bar.arrive_and_wait();
  out[threadIdx.x] = in[threadIdx.x];
}
