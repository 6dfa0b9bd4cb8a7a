// cu2metal's CUB: cub::BlockReduce, written for cu2metal from CUB's documented API (not CUB's
// source). Every thread of the block calls the collective; the block's result is valid in thread 0.
// One way for every ALGORITHM: each thread's value goes to shared memory and pairs of neighbours
// are combined in log2(threads) rounds, left to right, so the operator need only be associative.
#pragma once
#include <cub/thread/thread_operators.cuh>

namespace cub {

enum BlockReduceAlgorithm { BLOCK_REDUCE_RAKING_COMMUTATIVE_ONLY, BLOCK_REDUCE_RAKING, BLOCK_REDUCE_WARP_REDUCTIONS };

template <typename T, int BLOCK_DIM_X, BlockReduceAlgorithm ALGORITHM = BLOCK_REDUCE_WARP_REDUCTIONS, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockReduce {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** The shared memory the collective works in: one slot per thread. */
  struct TempStorage {
    T slot[BLOCK_THREADS];
  };

  __device__ __forceinline__ CubBlockReduce(TempStorage &temp_storage) : temp(temp_storage) {}

  /** The sum of the block's values (in thread 0). */
  __device__ __forceinline__ T Sum(T input) { return Reduce(input, CubSum(), BLOCK_THREADS); }
  /** The sum of the first num_valid threads' values (in thread 0). */
  __device__ __forceinline__ T Sum(T input, int num_valid) { return Reduce(input, CubSum(), num_valid); }

  /** op over the block's values, in thread order (in thread 0). */
  template <typename ReductionOp>
  __device__ __forceinline__ T Reduce(T input, ReductionOp op) { return Reduce(input, op, BLOCK_THREADS); }

  /** op over the values of threads 0 .. num_valid - 1, in thread order (in thread 0). */
  template <typename ReductionOp>
  __device__ __forceinline__ T Reduce(T input, ReductionOp op, int num_valid) {
    const int tid = LinearTid();
    temp.slot[tid] = input;
    __syncthreads();
    for (int stride = 1; stride < num_valid; stride *= 2) {
      const int left = 2 * stride * tid;
      if (left + stride < num_valid) {
        T a = temp.slot[left];
        T b = temp.slot[left + stride];
        temp.slot[left] = op(a, b);
      }
      __syncthreads();
    }
    T result = input;
    if (tid == 0) result = temp.slot[0];
    return result;
  }

 private:
  static __device__ __forceinline__ int LinearTid() { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }

  TempStorage &temp;
};

/**
 * cub::BlockReduce names CubBlockReduce: in the MSL, which has no namespaces, a program's own `BlockReduce` (a
 * device function wrapping the collective, as programs write) keeps its name and `cub::BlockReduce`
 * becomes CubBlockReduce (src/translate/reach.ts).
 */
template <typename T, int BLOCK_DIM_X, BlockReduceAlgorithm ALGORITHM = BLOCK_REDUCE_WARP_REDUCTIONS, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockReduce = CubBlockReduce<T, BLOCK_DIM_X, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
