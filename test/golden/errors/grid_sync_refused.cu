// Grid syncs that are not split: a return before a sync, a loop whose bound the host cannot know
// and that skips its step with a continue, an else-if chain around syncs, and a __device__ helper
// that syncs called inside an expression (its sync is reported where it is written).
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
    if (p[0] > 4) continue;
  }
}

__global__ void chain(float* p, int n) {
  cg::grid_group g = cg::this_grid();
  if (n > 1) {
    g.sync();
  } else if (n > 0) {
    g.sync();
  }
}

__device__ int phase(cg::grid_group g, float* p) {
  p[g.thread_rank()] *= 2;
  g.sync();
  return 1;
}

__global__ void inExpression(float* p, int* out) {
  cg::grid_group g = cg::this_grid();
  out[0] = phase(g, p);
}
