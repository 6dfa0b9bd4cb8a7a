// Grid syncs that are not split: a return before a sync, a loop whose bound the host cannot know,
// a sync in a branch and one in a __device__ function.
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void early(float* p, int n) {
  cg::grid_group g = cg::this_grid();
  if (g.thread_rank() >= n) return;
  p[g.thread_rank()] = 1;
  g.sync();
}

__global__ void dataBound(float* p, const int* count) {
  cg::grid_group g = cg::this_grid();
  for (int k = 0; k < count[0]; ++k) {
    p[g.thread_rank()] += 1;
    g.sync();
  }
}

__device__ void phase(cg::grid_group g, float* p) {
  p[g.thread_rank()] *= 2;
  g.sync();
}

__global__ void branch(float* p, int n) {
  cg::grid_group g = cg::this_grid();
  if (n > 1) g.sync();
  phase(g, p);
}
