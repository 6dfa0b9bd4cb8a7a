// cooperative_groups::thread_group holding a thread_block, tiled_partition(group, n) and a
// thread_block_tile<32>, passed to a helper by value (the prelude's thread_group).
#include <cstdio>
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

// Tree sum over the group's threads through x[0 .. g.size()).
__device__ int groupSum(cg::thread_group g, int *x, int val) {
  int lane = g.thread_rank();
  for (int i = g.size() / 2; i > 0; i /= 2) {
    x[lane] = val;
    g.sync();
    if (lane < i) val += x[lane + i];
    g.sync();
  }
  return val; // valid in rank 0
}

__global__ void groups(int *out) {
  __shared__ int work[128];
  cg::thread_block block = cg::this_thread_block();
  cg::thread_group all = block;
  int r = block.thread_rank();
  int total = groupSum(all, work, r);
  if (r == 0) out[0] = total;
  block.sync();

  cg::thread_group tile = cg::tiled_partition(block, 16);
  int base = r - tile.thread_rank();
  int s16 = groupSum(tile, work + base, tile.thread_rank() + 1);
  if (tile.thread_rank() == 0) out[1 + r / 16] = s16 * 100 + (int)tile.size();
  cg::sync(block);

  cg::thread_group sub = cg::tiled_partition(tile, 4);
  if (sub.thread_rank() == 0) out[16 + r / 4] = (int)sub.num_threads() * 1000 + (int)tile.thread_rank();
  cg::sync(sub);

  cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
  int s32 = groupSum(warp, work + (r - warp.thread_rank()), 1);
  if (warp.thread_rank() == 0) out[64 + r / 32] = s32;
}
