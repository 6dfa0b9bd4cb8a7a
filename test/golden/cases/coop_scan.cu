// cooperative_groups scans (tiles, a tile of two SIMD groups, coalesced groups) and memcpy_async.
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cooperative_groups/scan.h>
namespace cg = cooperative_groups;

__global__ void prefixSums(int* out, const int* in) {
  __shared__ cg::block_tile_memory<256> scratch;
  __shared__ int staged[256];
  cg::thread_block block = cg::this_thread_block(scratch);
  cg::memcpy_async(block, staged, in + blockIdx.x * 256, 256 * sizeof(int));
  cg::wait(block);
  int v = staged[block.thread_rank()];
  cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
  cg::thread_block_tile<64> pair = cg::tiled_partition<64>(block);
  int inWarp = cg::inclusive_scan(warp, v);
  int before = cg::exclusive_scan(pair, v, cg::plus<int>());
  int largest = cg::inclusive_scan(cg::tiled_partition<8>(block), v, cg::greater<int>());
  int odd = 0;
  if (v & 1) {
    cg::coalesced_group active = cg::coalesced_threads();
    odd = cg::exclusive_scan(active, v, cg::bit_xor<int>());
  }
  out[blockIdx.x * 256 + block.thread_rank()] = inWarp + before + largest + odd;
}
