// cu2metal's CUB: cub::WarpScan, written for cu2metal from CUB's documented API (not CUB's
// source). The lanes of a logical warp (LOGICAL_WARP_THREADS consecutive threads, a power of two
// up to 32) scan their values in lane order: lane i gets the scan of lanes 0 .. i (inclusive) or
// 0 .. i - 1 (exclusive). Hillis-Steele rounds in the warp's shared storage.
#pragma once
#include <cub/thread/thread_operators.cuh>

namespace cub {

template <typename T, int LOGICAL_WARP_THREADS = 32>
class CubWarpScan {
 public:
  /** The shared memory of one logical warp: one slot per lane. */
  struct TempStorage {
    T slot[LOGICAL_WARP_THREADS];
  };

  __device__ __forceinline__ CubWarpScan(TempStorage &temp_storage) : temp(temp_storage) {}

  /** output = input of lanes 0 .. i, summed. */
  __device__ __forceinline__ void InclusiveSum(T input, T &output) {
    T aggregate;
    output = ScanInclusive(input, CubSum(), aggregate);
  }
  /** As InclusiveSum; warp_aggregate = the sum of every lane's input. */
  __device__ __forceinline__ void InclusiveSum(T input, T &output, T &warp_aggregate) { output = ScanInclusive(input, CubSum(), warp_aggregate); }

  /** output = input of lanes 0 .. i - 1, summed (0 in lane 0). */
  __device__ __forceinline__ void ExclusiveSum(T input, T &output) {
    T aggregate;
    output = ScanExclusive(input, CubSum(), T(0), aggregate);
  }
  /** As ExclusiveSum; warp_aggregate = the sum of every lane's input. */
  __device__ __forceinline__ void ExclusiveSum(T input, T &output, T &warp_aggregate) { output = ScanExclusive(input, CubSum(), T(0), warp_aggregate); }

  /** output = op over the inputs of lanes 0 .. i. */
  template <typename ScanOp>
  __device__ __forceinline__ void InclusiveScan(T input, T &output, ScanOp scan_op) {
    T aggregate;
    output = ScanInclusive(input, scan_op, aggregate);
  }
  /** As InclusiveScan; warp_aggregate = op over every lane's input. */
  template <typename ScanOp>
  __device__ __forceinline__ void InclusiveScan(T input, T &output, ScanOp scan_op, T &warp_aggregate) { output = ScanInclusive(input, scan_op, warp_aggregate); }

  /** output = op over initial_value and the inputs of lanes 0 .. i - 1 (initial_value in lane 0). */
  template <typename ScanOp>
  __device__ __forceinline__ void ExclusiveScan(T input, T &output, T initial_value, ScanOp scan_op) {
    T aggregate;
    output = ScanExclusive(input, scan_op, initial_value, aggregate);
  }
  /** As ExclusiveScan; warp_aggregate = op over every lane's input (without initial_value). */
  template <typename ScanOp>
  __device__ __forceinline__ void ExclusiveScan(T input, T &output, T initial_value, ScanOp scan_op, T &warp_aggregate) { output = ScanExclusive(input, scan_op, initial_value, warp_aggregate); }

 private:
  static __device__ __forceinline__ int LaneId() {
    return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) % LOGICAL_WARP_THREADS;
  }

  template <typename ScanOp>
  __device__ __forceinline__ T ScanInclusive(T input, ScanOp op, T &aggregate) {
    const int lane = LaneId();
    T running = input;
    temp.slot[lane] = running;
    __syncwarp();
    for (int d = 1; d < LOGICAL_WARP_THREADS; d *= 2) {
      T sum = running;
      if (lane >= d) {
        T before = temp.slot[lane - d];
        sum = op(before, running);
      }
      __syncwarp();
      running = sum;
      temp.slot[lane] = running;
      __syncwarp();
    }
    aggregate = temp.slot[LOGICAL_WARP_THREADS - 1];
    __syncwarp();  // (every lane has read the storage: it may be used again at once)
    return running;
  }

  template <typename ScanOp>
  __device__ __forceinline__ T ScanExclusive(T input, ScanOp op, T initial, T &aggregate) {
    const int lane = LaneId();
    T inclusive = ScanInclusive(input, op, aggregate);
    temp.slot[lane] = inclusive;
    __syncwarp();
    T result = initial;
    if (lane > 0) {
      T before = temp.slot[lane - 1];
      result = op(initial, before);
    }
    __syncwarp();
    return result;
  }

  TempStorage &temp;
};

/**
 * cub::WarpScan names CubWarpScan: in the MSL, which has no namespaces, a program's own `WarpScan` (a
 * device function wrapping the collective, as programs write) keeps its name and `cub::WarpScan`
 * becomes CubWarpScan (src/translate/reach.ts).
 */
template <typename T, int LOGICAL_WARP_THREADS = 32>
using WarpScan = CubWarpScan<T, LOGICAL_WARP_THREADS>;

}  // namespace cub
