// Grid syncs in a __device__ helper (inlined at its call), in a branch every thread takes alike
// (a part tests its condition) and in a for loop whose bound is read from memory (a while loop).
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__device__ void publish(cg::grid_group& grid, float* total, const float* x, int n) {
  if (grid.thread_rank() == 0) {
    float s = 0.0f;
    for (int i = 0; i < n; ++i) s += x[i];
    *total = s;
  }
  grid.sync();
}

__global__ void relax(float* x, float* total, const int* sweeps, int n, float limit) {
  cg::grid_group grid = cg::this_grid();
  const int i = grid.thread_rank();
  for (int s = 0; s < *sweeps; ++s) {
    if (i < n) x[i] *= 0.5f;
    grid.sync();
    publish(grid, total, x, n);
    if (*total < limit) {
      if (i < n) x[i] += 1.0f;
      grid.sync();
    }
  }
}
