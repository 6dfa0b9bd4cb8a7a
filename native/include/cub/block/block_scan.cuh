// cu2metal's CUB: cub::BlockScan, written for cu2metal from CUB's documented API (not CUB's source).
// Every thread of the block calls the collective with one value; thread i gets the scan of the
// values of threads 0 .. i (inclusive) or 0 .. i - 1 (exclusive). One way for every ALGORITHM:
// the values in shared memory, log2(threads) rounds each adding the value `d` threads back
// (Hillis-Steele), in thread order, so the operator need only be associative.
#pragma once
#include <cub/thread/thread_operators.cuh>

namespace cub {

enum BlockScanAlgorithm { BLOCK_SCAN_RAKING, BLOCK_SCAN_RAKING_MEMOIZE, BLOCK_SCAN_WARP_SCANS };

template <typename T, int BLOCK_DIM_X, BlockScanAlgorithm ALGORITHM = BLOCK_SCAN_RAKING, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockScan {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** The shared memory the collective works in: one slot per thread. */
  struct TempStorage {
    T slot[BLOCK_THREADS];
  };

  __device__ __forceinline__ CubBlockScan(TempStorage &temp_storage) : temp(temp_storage) {}

  /** output = input of threads 0 .. i, summed. */
  __device__ __forceinline__ void InclusiveSum(T input, T &output) {
    T aggregate;
    output = ScanInclusive(input, CubSum(), aggregate);
  }
  /** output = input of threads 0 .. i, summed; block_aggregate = the sum of every thread's input. */
  __device__ __forceinline__ void InclusiveSum(T input, T &output, T &block_aggregate) { output = ScanInclusive(input, CubSum(), block_aggregate); }

  /** output = input of threads 0 .. i - 1, summed (0 in thread 0). */
  __device__ __forceinline__ void ExclusiveSum(T input, T &output) {
    T aggregate;
    output = ScanExclusive(input, CubSum(), T(0), aggregate);
  }
  /** As ExclusiveSum; block_aggregate = the sum of every thread's input. */
  __device__ __forceinline__ void ExclusiveSum(T input, T &output, T &block_aggregate) { output = ScanExclusive(input, CubSum(), T(0), block_aggregate); }

  /** output = op over the inputs of threads 0 .. i. */
  template <typename ScanOp>
  __device__ __forceinline__ void InclusiveScan(T input, T &output, ScanOp scan_op) {
    T aggregate;
    output = ScanInclusive(input, scan_op, aggregate);
  }
  /** As InclusiveScan; block_aggregate = op over every thread's input. */
  template <typename ScanOp>
  __device__ __forceinline__ void InclusiveScan(T input, T &output, ScanOp scan_op, T &block_aggregate) { output = ScanInclusive(input, scan_op, block_aggregate); }

  /** output = op over initial_value and the inputs of threads 0 .. i - 1 (initial_value in thread 0). */
  template <typename ScanOp>
  __device__ __forceinline__ void ExclusiveScan(T input, T &output, T initial_value, ScanOp scan_op) {
    T aggregate;
    output = ScanExclusive(input, scan_op, initial_value, aggregate);
  }
  /** As ExclusiveScan; block_aggregate = op over every thread's input (without initial_value). */
  template <typename ScanOp>
  __device__ __forceinline__ void ExclusiveScan(T input, T &output, T initial_value, ScanOp scan_op, T &block_aggregate) { output = ScanExclusive(input, scan_op, initial_value, block_aggregate); }

  /**
   * Blocked arrangement: each thread's ITEMS consecutive values (`T items[ITEMS]`), output in
   * place or to another array of the same shape. (Items is the array type: ITEMS comes from sizeof.)
   */
  template <typename Items, typename ScanOp>
  __device__ __forceinline__ void InclusiveScan(Items &input, Items &output, ScanOp scan_op) {
    const int items = sizeof(Items) / sizeof(T);
    T partial = input[0];
    for (int i = 1; i < items; i++) partial = scan_op(partial, input[i]);
    T aggregate;
    const int tid = LinearTid();
    T inclusive = ScanInclusive(partial, scan_op, aggregate);
    temp.slot[tid] = inclusive;
    __syncthreads();
    T running = input[0];
    if (tid > 0) {
      T before = temp.slot[tid - 1];  // the items of the threads before, combined
      running = scan_op(before, running);
    }
    __syncthreads();
    output[0] = running;
    for (int i = 1; i < items; i++) {
      running = scan_op(running, input[i]);
      output[i] = running;
    }
  }
  template <typename Items>
  __device__ __forceinline__ void InclusiveSum(Items &input, Items &output) { InclusiveScan(input, output, CubSum()); }
  /** As InclusiveScan over a blocked arrangement; block_aggregate = op over every thread's items. */
  template <typename Items, typename ScanOp>
  __device__ __forceinline__ void InclusiveScan(Items &input, Items &output, ScanOp scan_op, T &block_aggregate) {
    const int items = sizeof(Items) / sizeof(T);
    T partial = input[0];
    for (int i = 1; i < items; i++) partial = scan_op(partial, input[i]);
    T prefix = ScanExclusive(partial, scan_op, input[0], block_aggregate);  // (thread 0's is not used)
    const bool first = LinearTid() == 0;
    T running = first ? input[0] : scan_op(prefix, input[0]);
    output[0] = running;
    for (int i = 1; i < items; i++) {
      running = scan_op(running, input[i]);
      output[i] = running;
    }
  }
  template <typename Items>
  __device__ __forceinline__ void InclusiveSum(Items &input, Items &output, T &block_aggregate) { InclusiveScan(input, output, CubSum(), block_aggregate); }

  /**
   * Exclusive scans of a blocked arrangement: output[i] = op over initial_value and every item
   * before this one in the tile (the threads before, then this thread's items before i).
   */
  template <typename Items, typename ScanOp>
  __device__ __forceinline__ void ExclusiveScan(Items &input, Items &output, T initial_value, ScanOp scan_op, T &block_aggregate) {
    const int items = sizeof(Items) / sizeof(T);
    T partial = input[0];
    for (int i = 1; i < items; i++) partial = scan_op(partial, input[i]);
    T running = ScanExclusive(partial, scan_op, initial_value, block_aggregate);
    for (int i = 0; i < items; i++) {
      T item = input[i];
      output[i] = running;
      running = scan_op(running, item);
    }
  }
  template <typename Items, typename ScanOp>
  __device__ __forceinline__ void ExclusiveScan(Items &input, Items &output, T initial_value, ScanOp scan_op) {
    T aggregate;
    ExclusiveScan(input, output, initial_value, scan_op, aggregate);
  }
  template <typename Items>
  __device__ __forceinline__ void ExclusiveSum(Items &input, Items &output, T &block_aggregate) { ExclusiveScan(input, output, T(0), CubSum(), block_aggregate); }
  template <typename Items>
  __device__ __forceinline__ void ExclusiveSum(Items &input, Items &output) {
    T aggregate;
    ExclusiveScan(input, output, T(0), CubSum(), aggregate);
  }

 private:
  static __device__ __forceinline__ int LinearTid() { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }

  /** The inclusive scan of this thread; aggregate: the last thread's. */
  template <typename ScanOp>
  __device__ __forceinline__ T ScanInclusive(T input, ScanOp op, T &aggregate) {
    const int tid = LinearTid();
    T running = input;
    temp.slot[tid] = running;
    __syncthreads();
    for (int d = 1; d < BLOCK_THREADS; d *= 2) {
      T sum = running;
      if (tid >= d) {
        T before = temp.slot[tid - d];
        sum = op(before, running);
      }
      __syncthreads();
      running = sum;
      temp.slot[tid] = running;
      __syncthreads();
    }
    aggregate = temp.slot[BLOCK_THREADS - 1];
    __syncthreads();  // (every thread has read the storage: it may be used again at once)
    return running;
  }

  /** The exclusive scan of this thread (initial in thread 0); aggregate: op over every input. */
  template <typename ScanOp>
  __device__ __forceinline__ T ScanExclusive(T input, ScanOp op, T initial, T &aggregate) {
    const int tid = LinearTid();
    T inclusive = ScanInclusive(input, op, aggregate);
    temp.slot[tid] = inclusive;
    __syncthreads();
    T result = initial;
    if (tid > 0) {
      T before = temp.slot[tid - 1];
      result = op(initial, before);
    }
    __syncthreads();
    return result;
  }

  TempStorage &temp;
};

/**
 * cub::BlockScan names CubBlockScan: in the MSL, which has no namespaces, a program's own `BlockScan` (a
 * device function wrapping the collective, as programs write) keeps its name and `cub::BlockScan`
 * becomes CubBlockScan (src/translate/reach.ts).
 */
template <typename T, int BLOCK_DIM_X, BlockScanAlgorithm ALGORITHM = BLOCK_SCAN_RAKING, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockScan = CubBlockScan<T, BLOCK_DIM_X, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
