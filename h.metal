// h.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// atomicAdd (CUDA) on Metal atomics, relaxed order; returns the old value. int/unsigned: atomic_fetch_add; float: atomic_float in device memory, a CAS loop in threadgroup memory.
inline int atomicAdd(device int* p, int v) { return atomic_fetch_add_explicit((device atomic_int*)p, v, memory_order_relaxed); }
inline int atomicAdd(threadgroup int* p, int v) { return atomic_fetch_add_explicit((threadgroup atomic_int*)p, v, memory_order_relaxed); }
inline uint atomicAdd(device uint* p, uint v) { return atomic_fetch_add_explicit((device atomic_uint*)p, v, memory_order_relaxed); }
inline uint atomicAdd(threadgroup uint* p, uint v) { return atomic_fetch_add_explicit((threadgroup atomic_uint*)p, v, memory_order_relaxed); }
inline float atomicAdd(device float* p, float v) { return atomic_fetch_add_explicit((device atomic_float*)p, v, memory_order_relaxed); }
inline float atomicAdd(threadgroup float* p, float v) {
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    float old_ = as_type<float>(seen);
    if (atomic_compare_exchange_weak_explicit(a, &seen, as_type<uint>(float(old_ + v)), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
#line 17 "native/include/cub/block/block_load.cuh"
/** items[i] = block_itr[linear_tid * ITEMS + i]. */
template <typename InputIteratorT, typename Items>
inline void LoadDirectBlocked(int linear_tid, InputIteratorT block_itr, thread Items &items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) items[i] = block_itr[linear_tid * count + i];
}
/** As LoadDirectBlocked, reading only the first valid_items items of the tile. */
template <typename InputIteratorT, typename Items>
inline void LoadDirectBlocked(int linear_tid, InputIteratorT block_itr, thread Items &items, int valid_items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++)
    if (linear_tid * count + i < valid_items) items[i] = block_itr[linear_tid * count + i];
}
/** As LoadDirectBlocked; items past valid_items are oob_default. */
template <typename InputIteratorT, typename Items, typename DefaultT>
inline void LoadDirectBlocked(int linear_tid, InputIteratorT block_itr, thread Items &items, int valid_items, DefaultT oob_default) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) items[i] = oob_default;
  LoadDirectBlocked(linear_tid, block_itr, items, valid_items);
}
#line 14 "native/include/cub/block/block_histogram.cuh"
enum BlockHistogramAlgorithm { BLOCK_HISTO_SORT, BLOCK_HISTO_ATOMIC };

template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, int BINS, BlockHistogramAlgorithm ALGORITHM = BLOCK_HISTO_SORT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockHistogram {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** Nothing (the counters are the program's histogram); a member so that it can be declared and aliased. */
  struct TempStorage {
    int unused;
  };

  inline CubBlockHistogram() {}
  inline CubBlockHistogram(threadgroup TempStorage &) {}

  /** Zeroes the BINS counters (no barrier: the program waits before it counts into them). */
  template <typename CounterT>
  inline void InitHistogram(uint3 threadIdx, CounterT histogram) {
    for (int bin = LinearTid(threadIdx); bin < BINS; bin += BLOCK_THREADS) histogram[bin] = 0;
  }

  /** Zeroes the histogram, waits for the block, and counts the tile into it. */
  template <typename Items, typename CounterT>
  inline void Histogram(uint3 threadIdx, thread Items &items, CounterT histogram) {
    InitHistogram(threadIdx, histogram);
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    Composite(items, histogram);
  }

  /** Adds the tile's counts to the histogram. */
  template <typename Items, typename CounterT>
  inline void Composite(thread Items &items, CounterT histogram) {
    for (int i = 0; i < ITEMS_PER_THREAD; i++) atomicAdd(&histogram[items[i]], 1);
  }

 private:
  static inline int LinearTid(uint3 threadIdx) { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }
};

/** cub::BlockHistogram names CubBlockHistogram (a program's own keeps its name in the flat MSL). */
template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, int BINS, BlockHistogramAlgorithm ALGORITHM = BLOCK_HISTO_SORT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockHistogram = CubBlockHistogram<T, BLOCK_DIM_X, ITEMS_PER_THREAD, BINS, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;
#line 2 "/tmp/cubfix/h.cu"
kernel void k(device const unsigned char* in [[buffer(0)]], device unsigned int* out [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  typedef BlockHistogram<unsigned char, 128, 4, 64> H;
  threadgroup typename H::TempStorage t;
  threadgroup unsigned int hist[64];
  unsigned char s[4];
  LoadDirectBlocked(threadIdx.x, in, s);
  H(t).Histogram(threadIdx, s, hist);
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  if (threadIdx.x < 64) out[threadIdx.x] = hist[threadIdx.x];
}
