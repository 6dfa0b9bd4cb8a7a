// cu2metal's CUB: cub::BlockHistogram, written for cu2metal from CUB's documented API (not CUB's
// source). The block counts its tile of BLOCK_THREADS * ITEMS_PER_THREAD samples (each a bin
// index below BINS) into a histogram of BINS counters in shared memory that the program declares:
// InitHistogram zeroes it (the block's threads share the bins), Composite adds the tile's counts to
// it, and Histogram does both with a barrier between. As CUB documents, a barrier is needed before
// the histogram is read. Both of CUB's algorithms give the same counts; here both are
// BLOCK_HISTO_ATOMIC (an atomicAdd per sample in shared memory), CUB's BLOCK_HISTO_SORT (sort the
// tile, count the runs) being a speed choice only, so TempStorage holds nothing the collective uses.
// The thread's array is taken as `Items &` (the translator turns `T (&)[N]` into a pointer).
#pragma once

namespace cub {

enum BlockHistogramAlgorithm { BLOCK_HISTO_SORT, BLOCK_HISTO_ATOMIC };

template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, int BINS, BlockHistogramAlgorithm ALGORITHM = BLOCK_HISTO_SORT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockHistogram {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** Nothing (the counters are the program's histogram); a member so that it can be declared and aliased. */
  struct TempStorage {
    int unused;
  };

  __device__ __forceinline__ CubBlockHistogram() {}
  __device__ __forceinline__ CubBlockHistogram(TempStorage &) {}

  /** Zeroes the BINS counters (no barrier: the program waits before it counts into them). */
  template <typename CounterT>
  __device__ __forceinline__ void InitHistogram(CounterT histogram) {
    for (int bin = LinearTid(); bin < BINS; bin += BLOCK_THREADS) histogram[bin] = 0;
  }

  /** Zeroes the histogram, waits for the block, and counts the tile into it. */
  template <typename Items, typename CounterT>
  __device__ __forceinline__ void Histogram(Items &items, CounterT histogram) {
    InitHistogram(histogram);
    __syncthreads();
    Composite(items, histogram);
  }

  /** Adds the tile's counts to the histogram. */
  template <typename Items, typename CounterT>
  __device__ __forceinline__ void Composite(Items &items, CounterT histogram) {
    for (int i = 0; i < ITEMS_PER_THREAD; i++) atomicAdd(&histogram[items[i]], 1);
  }

 private:
  static __device__ __forceinline__ int LinearTid() { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }
};

/** cub::BlockHistogram names CubBlockHistogram (a program's own keeps its name in the flat MSL). */
template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, int BINS, BlockHistogramAlgorithm ALGORITHM = BLOCK_HISTO_SORT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockHistogram = CubBlockHistogram<T, BLOCK_DIM_X, ITEMS_PER_THREAD, BINS, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
