// cu2metal's CUB: cub::WarpReduce, written for cu2metal from CUB's documented API (not CUB's
// source). The lanes of a logical warp (LOGICAL_WARP_THREADS consecutive threads, a power of two
// up to 32) reduce their values; the result is valid in the warp's lane 0. The values go to the
// warp's shared storage and pairs of neighbours are combined in log2(lanes) rounds, in lane order.
#pragma once
#include <cub/thread/thread_operators.cuh>

namespace cub {

template <typename T, int LOGICAL_WARP_THREADS = 32>
class CubWarpReduce {
 public:
  /** The shared memory of one logical warp: one slot per lane. */
  struct TempStorage {
    T slot[LOGICAL_WARP_THREADS];
  };

  __device__ __forceinline__ CubWarpReduce(TempStorage &temp_storage) : temp(temp_storage) {}

  /** The sum of the warp's values (in lane 0). */
  __device__ __forceinline__ T Sum(T input) { return Reduce(input, CubSum(), LOGICAL_WARP_THREADS); }
  /** The sum of the values of lanes 0 .. valid_items - 1 (in lane 0). */
  __device__ __forceinline__ T Sum(T input, int valid_items) { return Reduce(input, CubSum(), valid_items); }

  /** op over the warp's values, in lane order (in lane 0). */
  template <typename ReductionOp>
  __device__ __forceinline__ T Reduce(T input, ReductionOp op) { return Reduce(input, op, LOGICAL_WARP_THREADS); }

  /** op over the values of lanes 0 .. valid_items - 1, in lane order (in lane 0). */
  template <typename ReductionOp>
  __device__ __forceinline__ T Reduce(T input, ReductionOp op, int valid_items) {
    const int lane = LaneId();
    temp.slot[lane] = input;
    __syncwarp();
    for (int stride = 1; stride < valid_items; stride *= 2) {
      const int left = 2 * stride * lane;
      if (left + stride < valid_items) {
        T a = temp.slot[left];
        T b = temp.slot[left + stride];
        temp.slot[left] = op(a, b);
      }
      __syncwarp();
    }
    T result = input;
    if (lane == 0) result = temp.slot[0];
    __syncwarp();  // (lane 0 has read the storage: it may be used again at once)
    return result;
  }

 private:
  static __device__ __forceinline__ int LaneId() {
    return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) % LOGICAL_WARP_THREADS;
  }

  TempStorage &temp;
};

/**
 * cub::WarpReduce names CubWarpReduce: in the MSL, which has no namespaces, a program's own `WarpReduce` (a
 * device function wrapping the collective, as programs write) keeps its name and `cub::WarpReduce`
 * becomes CubWarpReduce (src/translate/reach.ts).
 */
template <typename T, int LOGICAL_WARP_THREADS = 32>
using WarpReduce = CubWarpReduce<T, LOGICAL_WARP_THREADS>;

}  // namespace cub
