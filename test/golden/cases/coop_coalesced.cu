// Coalesced groups, partitions and grid groups: the calls keep their spelling, the MSL gets the
// cooperative_groups helpers; coalesced_threads() and this_grid() receive the built-ins they read.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;

__device__ int claim(int* counter) {
    cg::coalesced_group g = cg::coalesced_threads();
    int base = 0;
    if (g.thread_rank() == 0) base = atomicAdd(counter, (int)g.size());
    return g.shfl(base, 0) + (int)g.thread_rank();
}

__global__ void groups(const int* in, int* out, int* counter, int n) {
    cg::thread_block_tile<32> tile = cg::tiled_partition<32>(cg::this_thread_block());
    cg::grid_group grid = cg::this_grid();
    for (int i = grid.thread_rank(); i < n; i += grid.size()) {
        auto same = cg::labeled_partition(cg::coalesced_threads(), in[i] % 3);
        auto odd = cg::binary_partition(tile, in[i] & 1);
        out[i] = cg::reduce(same, in[i], cg::plus<int>()) + cg::reduce(odd, in[i], cg::less<int>());
        if (in[i] > 10) out[i] += claim(counter);
    }
}
