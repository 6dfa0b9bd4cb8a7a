// /tmp/cubfix/h.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#line 1 "/tmp/cubfix/h.cu"
#line 1 "native/include/cub/cub.cuh"
// cu2metal's CUB: the block and warp collectives of CUB's documented API, in CUDA that cu2metal
// translates (templates, __shared__ storage, __syncthreads, warp shuffles), so that a program's
// kernels using them run on every backend, and the device-wide algorithms (cub::DeviceReduce,
// DeviceScan ...), which run on the host over the device memory (device/device_common.cuh).
// Written for cu2metal from the API's documentation; not CUB's source.

#include <cassert>  // (programs count on CUB's headers for assert and std::chrono)
#include <chrono>
#line 1 "native/include/cub/util_type.cuh"
// cu2metal's CUB: cub::KeyValuePair, cub::Traits, cub::NullType and cub::Uninitialized, written for cu2metal from
// CUB's documented API.
// An include guard, not #pragma once: the host program may hold an inlined copy of this header
// (it has device code) while the device-wide algorithms' headers include it by name.

#define CU2M_CUB_UTIL_TYPE_CUH

namespace cub {

/** A key and a value (ArgMax/ArgMin reduce these). */
template <typename K, typename V>
struct KeyValuePair {
  K key;
  V value;
};

/** No type (BlockRadixSort's ValueT when it sorts keys only). */
struct CubNullType {};
typedef CubNullType NullType;

/**
 * Storage for a T without constructing one (a `__shared__` member of a union): Alias() is the T.
 * In threadgroup memory, Alias() is called through its threadgroup copy (src/translate/function.ts
 * referenceMemberCopies).
 */
template <typename T>
struct __attribute__((aligned(16))) CubUninitialized {
  unsigned char storage[sizeof(T)];
  __host__ __device__ __forceinline__ T &Alias() { return reinterpret_cast<T &>(*this); }
};

/** cub::Uninitialized names CubUninitialized (src/translate/reach.ts). */
template <typename T>
using Uninitialized = CubUninitialized<T>;

/** What kind of number a key type is (Traits<T>::CATEGORY). */
enum Category { NOT_A_NUMBER, SIGNED_INTEGER, UNSIGNED_INTEGER, FLOATING_POINT };

/**
 * A key type as radix sorts see it: its bits as the unsigned integer UnsignedBits, and TwiddleIn,
 * which maps them to bits whose unsigned order is the keys' order (signed integers: the sign bit
 * flipped; floating point: every bit of a negative number flipped, the sign bit of a positive one,
 * so -0.0 comes before +0.0), and TwiddleOut, its inverse.
 */
template <int KIND, typename Bits>
struct CubKeyTraits {
  typedef Bits UnsignedBits;
  enum { CATEGORY = KIND, PRIMITIVE = 1, NULL_TYPE = 0 };

  static __host__ __device__ __forceinline__ Bits HighBit() { return (Bits)((Bits)1 << (sizeof(Bits) * 8 - 1)); }

  static __host__ __device__ __forceinline__ Bits TwiddleIn(Bits key) {
    if (KIND == FLOATING_POINT) return (Bits)(key ^ ((key & HighBit()) ? (Bits)~(Bits)0 : HighBit()));
    if (KIND == SIGNED_INTEGER) return (Bits)(key ^ HighBit());
    return key;
  }

  static __host__ __device__ __forceinline__ Bits TwiddleOut(Bits key) {
    if (KIND == FLOATING_POINT) return (Bits)(key ^ ((key & HighBit()) ? HighBit() : (Bits)~(Bits)0));
    if (KIND == SIGNED_INTEGER) return (Bits)(key ^ HighBit());
    return key;
  }
};

/** An integer key type T: its largest and lowest values are the twiddled extremes turned back. */
template <int KIND, typename Bits, typename T>
struct CubIntegerTraits : CubKeyTraits<KIND, Bits> {
  static __host__ __device__ __forceinline__ T Max() { return (T)CubKeyTraits<KIND, Bits>::TwiddleOut((Bits)~(Bits)0); }
  static __host__ __device__ __forceinline__ T Lowest() { return (T)CubKeyTraits<KIND, Bits>::TwiddleOut((Bits)0); }
};

/** The key traits of T (a type that is no number has CATEGORY NOT_A_NUMBER and no twiddling). */
template <typename T>
struct CubTraits {
  enum { CATEGORY = NOT_A_NUMBER, PRIMITIVE = 0, NULL_TYPE = 0 };
};
template <> struct CubTraits<bool> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned char, bool> {};
template <> struct CubTraits<char> : CubIntegerTraits<(char)-1 < 0 ? SIGNED_INTEGER : UNSIGNED_INTEGER, unsigned char, char> {};
template <> struct CubTraits<signed char> : CubIntegerTraits<SIGNED_INTEGER, unsigned char, signed char> {};
template <> struct CubTraits<unsigned char> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned char, unsigned char> {};
template <> struct CubTraits<short> : CubIntegerTraits<SIGNED_INTEGER, unsigned short, short> {};
template <> struct CubTraits<unsigned short> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned short, unsigned short> {};
template <> struct CubTraits<int> : CubIntegerTraits<SIGNED_INTEGER, unsigned int, int> {};
template <> struct CubTraits<unsigned int> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned int, unsigned int> {};
template <> struct CubTraits<long> : CubIntegerTraits<SIGNED_INTEGER, unsigned long, long> {};
template <> struct CubTraits<unsigned long> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned long, unsigned long> {};
template <> struct CubTraits<long long> : CubIntegerTraits<SIGNED_INTEGER, unsigned long long, long long> {};
template <> struct CubTraits<unsigned long long> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned long long, unsigned long long> {};
/** Floating point: Max() and Lowest() are the largest finite values (FLT_MAX, DBL_MAX), as CUB's. */
template <> struct CubTraits<float> : CubKeyTraits<FLOATING_POINT, unsigned int> {
  static __host__ __device__ __forceinline__ float Max() { return 3.40282347e+38f; }
  static __host__ __device__ __forceinline__ float Lowest() { return -3.40282347e+38f; }
};
template <> struct CubTraits<double> : CubKeyTraits<FLOATING_POINT, unsigned long long> {
  static __host__ __device__ __forceinline__ double Max() { return 1.7976931348623157e+308; }
  static __host__ __device__ __forceinline__ double Lowest() { return -1.7976931348623157e+308; }
};

/** cub::Traits names CubTraits (a program's own `Traits` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename T>
using Traits = CubTraits<T>;

}  // namespace cub


#line 10 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/thread/thread_operators.cuh"
// cu2metal's CUB: the binary operators of CUB's documented API (cub::Sum, cub::Max, cub::Min,
// cub::ArgMax, cub::ArgMin), written for cu2metal from the API's documentation (not CUB's source).

#include <cub/util_type.cuh>
#line 5 "native/include/cub/thread/thread_operators.cuh"

namespace cub {

// cub::Sum, cub::Max and cub::Min name CubSum, CubMax and CubMin: in the MSL, which has no
// namespaces, a program's own `Max` keeps its name and `cub::Max` becomes CubMax (src/translate/reach.ts).
// (The collectives' Sum members use CubSum: inside them `Sum` names the member.)

/** a + b */
struct CubSum {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return a + b; }
};
typedef CubSum Sum;

/** The larger of a and b (a when neither is larger). */
struct CubMax {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return b > a ? b : a; }
};

/** The smaller of a and b (a when neither is smaller). */
struct CubMin {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return b < a ? b : a; }
};

typedef CubMax Max;
typedef CubMin Min;

/** The pair of the larger value; of equal values, the one of the smaller key. */
struct ArgMax {
  template <typename K, typename V>
  __host__ __device__ __forceinline__ KeyValuePair<K, V> operator()(const KeyValuePair<K, V> &a, const KeyValuePair<K, V> &b) const {
    return (b.value > a.value || (b.value == a.value && b.key < a.key)) ? b : a;
  }
};

/** The pair of the smaller value; of equal values, the one of the smaller key. */
struct ArgMin {
  template <typename K, typename V>
  __host__ __device__ __forceinline__ KeyValuePair<K, V> operator()(const KeyValuePair<K, V> &a, const KeyValuePair<K, V> &b) const {
    return (b.value < a.value || (b.value == a.value && b.key < a.key)) ? b : a;
  }
};

}  // namespace cub
#line 11 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_reduce.cuh"
// cu2metal's CUB: cub::BlockReduce, written for cu2metal from CUB's documented API (not CUB's
// source). Every thread of the block calls the collective; the block's result is valid in thread 0.
// One way for every ALGORITHM: each thread's value goes to shared memory and pairs of neighbours
// are combined in log2(threads) rounds, left to right, so the operator need only be associative.

// #include <cub/thread/thread_operators.cuh>: already included above

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
  
  /** The sum of the first num_valid threads' values (in thread 0). */
  

  /** op over the block's values, in thread order (in thread 0). */
  


  /** op over the values of threads 0 .. num_valid - 1, in thread order (in thread 0). */
  


















 private:
  

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
#line 12 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_scan.cuh"
// cu2metal's CUB: cub::BlockScan, written for cu2metal from CUB's documented API (not CUB's source).
// Every thread of the block calls the collective with one value; thread i gets the scan of the
// values of threads 0 .. i (inclusive) or 0 .. i - 1 (exclusive). One way for every ALGORITHM:
// the values in shared memory, log2(threads) rounds each adding the value `d` threads back
// (Hillis-Steele), in thread order, so the operator need only be associative.

// #include <cub/thread/thread_operators.cuh>: already included above

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
  



  /** output = input of threads 0 .. i, summed; block_aggregate = the sum of every thread's input. */
  

  /** output = input of threads 0 .. i - 1, summed (0 in thread 0). */
  



  /** As ExclusiveSum; block_aggregate = the sum of every thread's input. */
  

  /** output = op over the inputs of threads 0 .. i. */
  




  /** As InclusiveScan; block_aggregate = op over every thread's input. */
  


  /** output = op over initial_value and the inputs of threads 0 .. i - 1 (initial_value in thread 0). */
  




  /** As ExclusiveScan; block_aggregate = op over every thread's input (without initial_value). */
  


  /**
   * Blocked arrangement: each thread's ITEMS consecutive values (`T items[ITEMS]`), output in
   * place or to another array of the same shape. (Items is the array type: ITEMS comes from sizeof.)
   */
  





















  

  /** As InclusiveScan over a blocked arrangement; block_aggregate = op over every thread's items. */
  













  


  /**
   * Exclusive scans of a blocked arrangement: output[i] = op over initial_value and every item
   * before this one in the tile (the threads before, then this thread's items before i).
   */
  











  




  

  





 private:
  

  /** The inclusive scan of this thread; aggregate: the last thread's. */
  





















  /** The exclusive scan of this thread (initial in thread 0); aggregate: op over every input. */
  














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
#line 13 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_load.cuh"
// cu2metal's CUB: cub::BlockLoad and the direct loads (LoadDirectBlocked, LoadDirectStriped),
// written for cu2metal from CUB's documented API (not CUB's source). Each thread of the block gets
// ITEMS_PER_THREAD items of the block's tile: a blocked arrangement (thread t holds items
// t*ITEMS .. t*ITEMS + ITEMS - 1) for every ALGORITHM but BLOCK_LOAD_STRIPED, which gives the
// striped one (thread t holds items t, t + BLOCK_THREADS ...). The loads read memory directly, so
// the TempStorage is not used (it exists for the program's union of storages).
// The thread's array is taken as `Items &` (the array type: the translator turns `T (&)[N]` into a
// pointer and loses N), its length sizeof(Items) / sizeof(its element).


namespace cub {

enum BlockLoadAlgorithm {
  BLOCK_LOAD_DIRECT, BLOCK_LOAD_STRIPED, BLOCK_LOAD_VECTORIZE, BLOCK_LOAD_TRANSPOSE, BLOCK_LOAD_WARP_TRANSPOSE, BLOCK_LOAD_WARP_TRANSPOSE_TIMESLICED
};

/** items[i] = block_itr[linear_tid * ITEMS + i]. */





/** As LoadDirectBlocked, reading only the first valid_items items of the tile. */






/** As LoadDirectBlocked; items past valid_items are oob_default. */







/** items[i] = block_itr[i * BLOCK_THREADS + linear_tid]. */





/** As LoadDirectStriped, reading only the first valid_items items of the tile. */






/** As LoadDirectStriped; items past valid_items are oob_default. */







template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, BlockLoadAlgorithm ALGORITHM = BLOCK_LOAD_DIRECT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockLoad {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** Not used (the loads read memory directly); here for the program's `__shared__` storage. */
  struct TempStorage {
    int unused;
  };

  __device__ __forceinline__ CubBlockLoad() {}
  __device__ __forceinline__ CubBlockLoad(TempStorage &temp_storage) {}

  /** The tile's items, ITEMS_PER_THREAD to each thread. */
  





  /** The first valid_items items of the tile (the others are left as they are). */
  





  /** The first valid_items items of the tile; the others are oob_default. */
  





};

/** cub::BlockLoad names CubBlockLoad (a program's own `BlockLoad` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, BlockLoadAlgorithm ALGORITHM = BLOCK_LOAD_DIRECT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockLoad = CubBlockLoad<T, BLOCK_DIM_X, ITEMS_PER_THREAD, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
#line 14 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_store.cuh"
// cu2metal's CUB: cub::BlockStore and the direct stores (StoreDirectBlocked, StoreDirectStriped),
// written for cu2metal from CUB's documented API (not CUB's source). Each thread writes its
// ITEMS_PER_THREAD items to the block's tile: from a blocked arrangement for every ALGORITHM but
// BLOCK_STORE_STRIPED, which writes a striped one (block/block_load.cuh). The stores write memory
// directly, so the TempStorage is not used. The thread's array is taken as `Items &`.


namespace cub {

enum BlockStoreAlgorithm {
  BLOCK_STORE_DIRECT, BLOCK_STORE_STRIPED, BLOCK_STORE_VECTORIZE, BLOCK_STORE_TRANSPOSE, BLOCK_STORE_WARP_TRANSPOSE, BLOCK_STORE_WARP_TRANSPOSE_TIMESLICED
};

/** block_itr[linear_tid * ITEMS + i] = items[i]. */





/** As StoreDirectBlocked, writing only the first valid_items items of the tile. */







/** block_itr[i * BLOCK_THREADS + linear_tid] = items[i]. */





/** As StoreDirectStriped, writing only the first valid_items items of the tile. */







template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, BlockStoreAlgorithm ALGORITHM = BLOCK_STORE_DIRECT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockStore {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** Not used (the stores write memory directly); here for the program's `__shared__` storage. */
  struct TempStorage {
    int unused;
  };

  __device__ __forceinline__ CubBlockStore() {}
  __device__ __forceinline__ CubBlockStore(TempStorage &temp_storage) {}

  /** The tile's items, ITEMS_PER_THREAD from each thread. */
  





  /** The first valid_items items of the tile. */
  





};

/** cub::BlockStore names CubBlockStore (a program's own `BlockStore` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, BlockStoreAlgorithm ALGORITHM = BLOCK_STORE_DIRECT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockStore = CubBlockStore<T, BLOCK_DIM_X, ITEMS_PER_THREAD, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
#line 15 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_adjacent_difference.cuh"
// cu2metal's CUB: cub::BlockAdjacentDifference, written for cu2metal from CUB's documented API (not
// CUB's source). Over the block's tile in a blocked arrangement (thread t holds items t*ITEMS ..),
// SubtractLeft gives op(item, the item before it) and SubtractRight op(item, the item after it);
// the tile's first (last) item is kept, or combined with the given predecessor (successor). Each
// thread's first and last items go through shared memory; output may be the input array. The
// thread's arrays are taken as `Items &` / `Out &` (the translator loses `T (&)[N]`'s N).


namespace cub {

template <typename T, int BLOCK_DIM_X, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockAdjacentDifference {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** Each thread's first and last items. */
  struct TempStorage {
    T first[BLOCK_THREADS];
    T last[BLOCK_THREADS];
  };

  __device__ __forceinline__ CubBlockAdjacentDifference(TempStorage &temp_storage) : temp(temp_storage) {}

  /** output[i] = op(input[i], the item before it); the tile's first item is kept. */
  



  /** As SubtractLeft; the tile's first item is combined with tile_predecessor_item. */
  



  /** As SubtractLeft over the tile's first valid_items items (the others are copied). */
  




  /** output[i] = op(input[i], the item after it); the tile's last item is kept. */
  



  /** As SubtractRight; the tile's last item is combined with tile_successor_item. */
  



  /** As SubtractRight over the tile's first valid_items items: the last valid one is kept, the others copied. */
  




 private:
  

  

















  


















  TempStorage &temp;
};

/** cub::BlockAdjacentDifference names CubBlockAdjacentDifference (a program's own keeps its name in the flat MSL). */
template <typename T, int BLOCK_DIM_X, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockAdjacentDifference = CubBlockAdjacentDifference<T, BLOCK_DIM_X, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
#line 16 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_discontinuity.cuh"
// cu2metal's CUB: cub::BlockDiscontinuity, written for cu2metal from CUB's documented API (not
// CUB's source). Over the block's tile in a blocked arrangement (thread t holds items t*ITEMS ..),
// FlagHeads sets head_flags[i] to flag_op(the item before it, item) and FlagTails sets
// tail_flags[i] to flag_op(item, the item after it), converted to the flag type. The tile's first
// item is always a head (or, given tile_predecessor_item, is flagged by flag_op(predecessor, item)),
// the tile's last item always a tail (or flag_op(item, tile_successor_item)). Each thread's first
// and last items go through shared memory, between two barriers, so the storage may be used again
// at once. flag_op takes (a, b); CUB's three-argument form (a, b, b_index) is not supported.
// The thread's arrays are taken as `Flags &` / `Items &` (the translator loses `T (&)[N]`'s N).


namespace cub {

template <typename T, int BLOCK_DIM_X, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockDiscontinuity {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z };

  /** Each thread's first and last items. */
  struct TempStorage {
    T first[BLOCK_THREADS];
    T last[BLOCK_THREADS];
  };

  __device__ __forceinline__ CubBlockDiscontinuity(TempStorage &temp_storage) : temp(temp_storage) {}

  /** head_flags[i] = flag_op(the item before, input[i]); the tile's first item is flagged. */
  



  /** As FlagHeads; the tile's first item is flagged by flag_op(tile_predecessor_item, input[0]). */
  




  /** tail_flags[i] = flag_op(input[i], the item after); the tile's last item is flagged. */
  



  /** As FlagTails; the tile's last item is flagged by flag_op(it, tile_successor_item). */
  




  /** FlagHeads and FlagTails at once (one pass through the storage). */
  



  /** ... with the tile's successor. */
  



  /** ... with the tile's predecessor. */
  



  /** ... with both. */
  




 private:
  

  /**
   * Every form: heads into head_flags (if heads), tails into tail_flags (if tails); has_predecessor /
   * has_successor say whether the tile's edges are compared with predecessor / successor.
   */
  





























  TempStorage &temp;
};

/** cub::BlockDiscontinuity names CubBlockDiscontinuity (a program's own keeps its name in the flat MSL). */
template <typename T, int BLOCK_DIM_X, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockDiscontinuity = CubBlockDiscontinuity<T, BLOCK_DIM_X, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
#line 17 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_histogram.cuh"
// cu2metal's CUB: cub::BlockHistogram, written for cu2metal from CUB's documented API (not CUB's
// source). The block counts its tile of BLOCK_THREADS * ITEMS_PER_THREAD samples (each a bin
// index below BINS) into a histogram of BINS counters in shared memory that the program declares:
// InitHistogram zeroes it (the block's threads share the bins), Composite adds the tile's counts to
// it, and Histogram does both with a barrier between. As CUB documents, a barrier is needed before
// the histogram is read. Both of CUB's algorithms give the same counts; here both are
// BLOCK_HISTO_ATOMIC (an atomicAdd per sample in shared memory), CUB's BLOCK_HISTO_SORT (sort the
// tile, count the runs) being a speed choice only, so TempStorage holds nothing the collective uses.
// The thread's array is taken as `Items &` (the translator turns `T (&)[N]` into a pointer).


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
  




  /** Zeroes the histogram, waits for the block, and counts the tile into it. */
  






  /** Adds the tile's counts to the histogram. */
  




 private:
  
};

/** cub::BlockHistogram names CubBlockHistogram (a program's own keeps its name in the flat MSL). */
template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, int BINS, BlockHistogramAlgorithm ALGORITHM = BLOCK_HISTO_SORT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockHistogram = CubBlockHistogram<T, BLOCK_DIM_X, ITEMS_PER_THREAD, BINS, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
#line 18 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_exchange.cuh"
// cu2metal's CUB: cub::BlockExchange, written for cu2metal from CUB's documented API (not CUB's
// source). It rearranges the block's tile of BLOCK_THREADS * ITEMS_PER_THREAD items between the
// arrangements CUB documents: blocked (thread t holds items t*ITEMS .. t*ITEMS + ITEMS - 1),
// striped (thread t holds items t, t + BLOCK_THREADS ...), warp-striped (within each warp's
// 32*ITEMS items, lane l holds items l, l + 32 ...), and by rank (item i of a thread goes to tile
// position ranks[i]). Every exchange writes the items to the storage, waits for the block, reads
// them back in the other arrangement and waits again, so output may be the input array and the
// storage may be used again at once. WARP_TIME_SLICING (a smaller storage in CUB) changes nothing.
// The thread's arrays are taken as `Items &` (the translator turns `T (&)[N]` into a pointer).


namespace cub {

template <typename InputT, int BLOCK_DIM_X, int ITEMS_PER_THREAD, bool WARP_TIME_SLICING = false, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockExchange {
 public:
  enum {
    BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z,
    TILE_ITEMS = BLOCK_THREADS * ITEMS_PER_THREAD,
    WARP_ITEMS = (BLOCK_THREADS < 32 ? BLOCK_THREADS : 32) * ITEMS_PER_THREAD,
  };

  /** The whole tile. */
  struct TempStorage {
    InputT buff[TILE_ITEMS];
  };

  __device__ __forceinline__ CubBlockExchange(TempStorage &temp_storage) : temp(temp_storage) {}

  /** Striped → blocked. */
  







  /** Blocked → striped. */
  







  /** Warp-striped → blocked. */
  










  /** Blocked → warp-striped. */
  










  /** Item i of each thread to tile position ranks[i]; then blocked. */
  







  /** Item i of each thread to tile position ranks[i]; then striped. */
  



  /** As ScatterToStriped; items of rank -1 are not written (their positions read what the storage held). */
  



  /** As ScatterToStriped; only the items whose is_valid is true are written. */
  




  // In place (CUB's one-array forms).
  

  

  

  

  

  


 private:
  TempStorage &temp;

  

  /** ScatterToStriped's three forms: mode 0 every item, 1 ranks >= 0, 2 where valid[i]. */
  










};

/** cub::BlockExchange names CubBlockExchange (a program's own `BlockExchange` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename InputT, int BLOCK_DIM_X, int ITEMS_PER_THREAD, bool WARP_TIME_SLICING = false, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockExchange = CubBlockExchange<InputT, BLOCK_DIM_X, ITEMS_PER_THREAD, WARP_TIME_SLICING, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
#line 19 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/block/block_radix_sort.cuh"
// cu2metal's CUB: cub::BlockRadixSort, written for cu2metal from CUB's documented API (not CUB's
// source). It sorts the block's tile of BLOCK_THREADS * ITEMS_PER_THREAD keys (and values), given
// in a blocked arrangement, by the bits [begin_bit, end_bit) of their twiddled form (cub::Traits:
// signed integers and floats in numeric order, -0.0 before +0.0), as a stable sort does: equal
// keys keep their order. The result is blocked (Sort) or striped (SortBlockedToStriped).
// The algorithm is not CUB's digit passes but ranking by counting, with the same result: each item's
// position is the number of items of smaller key plus the earlier items of the same key, from the
// twiddled keys in the storage (2 barriers, TILE_ITEMS comparisons per item, then 2 to place the keys and 2 the values). RADIX_BITS and
// the other tuning parameters change nothing.
// The thread's arrays are taken as `Keys &` / `Values &` (the translator turns `T (&)[N]` into a pointer).

#include <cub/util_type.cuh>
#line 13 "native/include/cub/block/block_radix_sort.cuh"

namespace cub {

template <typename KeyT, int BLOCK_DIM_X, int ITEMS_PER_THREAD, typename ValueT = NullType, int RADIX_BITS = 4, bool MEMOIZE_OUTER_SCAN = true, int INNER_SCAN_ALGORITHM = 0, int SMEM_CONFIG = 0, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
class CubBlockRadixSort {
 public:
  enum { BLOCK_THREADS = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z, TILE_ITEMS = BLOCK_THREADS * ITEMS_PER_THREAD };
  typedef typename CubTraits<KeyT>::UnsignedBits UnsignedBits;

  /** The twiddled keys by input position, then the keys and values by rank. */
  struct TempStorage {
    UnsignedBits bits[TILE_ITEMS];
    KeyT keys[TILE_ITEMS];
    ValueT values[TILE_ITEMS];
  };

  __device__ __forceinline__ CubBlockRadixSort(TempStorage &temp_storage) : temp(temp_storage) {}

  /** Keys in ascending order, blocked. */
  



  /** Keys and their values in ascending order of the keys, blocked. */
  



  /** Keys in descending order, blocked. */
  



  /** Keys and values in descending order of the keys, blocked. */
  



  /** As Sort, the result striped. */
  



  



  /** As SortDescending, the result striped. */
  



  




 private:
  TempStorage &temp;

  

  /** The sort key of bits: its digits [begin_bit, end_bit), complemented for a descending order. */
  static __device__ __forceinline__ UnsignedBits Digits(UnsignedBits twiddled, int begin_bit, int end_bit, bool descending) {
    const int width = end_bit - begin_bit;
    const UnsignedBits all = (UnsignedBits)~(UnsignedBits)0;
    const UnsignedBits mask = width >= (int)(sizeof(UnsignedBits) * 8) ? all : (UnsignedBits)(((UnsignedBits)1 << width) - 1);
    const UnsignedBits d = (UnsignedBits)((twiddled >> begin_bit) & mask);
    return descending ? (UnsignedBits)(mask ^ d) : d;
  }

  /** Keys-only sorts. */
  





  /** Key-value sorts: the values follow their keys. */
  







  /** rank[i] = the tile position of the thread's item i in the sorted order. */
  





















  /** The keys to their ranks, read back blocked or striped. */
  








  /** The values to their keys' ranks, read back blocked or striped. */
  







};

/** cub::BlockRadixSort names CubBlockRadixSort (a program's own `BlockRadixSort` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename KeyT, int BLOCK_DIM_X, int ITEMS_PER_THREAD, typename ValueT = NullType, int RADIX_BITS = 4, bool MEMOIZE_OUTER_SCAN = true, int INNER_SCAN_ALGORITHM = 0, int SMEM_CONFIG = 0, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockRadixSort = CubBlockRadixSort<KeyT, BLOCK_DIM_X, ITEMS_PER_THREAD, ValueT, RADIX_BITS, MEMOIZE_OUTER_SCAN, INNER_SCAN_ALGORITHM, SMEM_CONFIG, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
#line 20 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/warp/warp_reduce.cuh"
// cu2metal's CUB: cub::WarpReduce, written for cu2metal from CUB's documented API (not CUB's
// source). The lanes of a logical warp (LOGICAL_WARP_THREADS consecutive threads, a power of two
// up to 32) reduce their values; the result is valid in the warp's lane 0. The values go to the
// warp's shared storage and pairs of neighbours are combined in log2(lanes) rounds, in lane order.

// #include <cub/thread/thread_operators.cuh>: already included above

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
  
  /** The sum of the values of lanes 0 .. valid_items - 1 (in lane 0). */
  

  /** op over the warp's values, in lane order (in lane 0). */
  


  /** op over the values of lanes 0 .. valid_items - 1, in lane order (in lane 0). */
  



















 private:
  



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
#line 21 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/warp/warp_scan.cuh"
// cu2metal's CUB: cub::WarpScan, written for cu2metal from CUB's documented API (not CUB's
// source). The lanes of a logical warp (LOGICAL_WARP_THREADS consecutive threads, a power of two
// up to 32) scan their values in lane order: lane i gets the scan of lanes 0 .. i (inclusive) or
// 0 .. i - 1 (exclusive). Hillis-Steele rounds in the warp's shared storage.

// #include <cub/thread/thread_operators.cuh>: already included above

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
  



  /** As InclusiveSum; warp_aggregate = the sum of every lane's input. */
  

  /** output = input of lanes 0 .. i - 1, summed (0 in lane 0). */
  



  /** As ExclusiveSum; warp_aggregate = the sum of every lane's input. */
  

  /** output = op over the inputs of lanes 0 .. i. */
  




  /** As InclusiveScan; warp_aggregate = op over every lane's input. */
  


  /** output = op over initial_value and the inputs of lanes 0 .. i - 1 (initial_value in lane 0). */
  




  /** As ExclusiveScan; warp_aggregate = op over every lane's input (without initial_value). */
  


 private:
  



  





















  














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
#line 22 "native/include/cub/cub.cuh"
#line 1 "native/include/cub/warp/warp_exchange.cuh"
// cu2metal's CUB: cub::WarpExchange, written for cu2metal from CUB's documented API (not CUB's
// source). The lanes of a logical warp (LOGICAL_WARP_THREADS consecutive threads) rearrange the
// warp's LOGICAL_WARP_THREADS * ITEMS_PER_THREAD items between the blocked arrangement (lane l holds
// items l*ITEMS ..) and the striped one (lane l holds items l, l + LOGICAL_WARP_THREADS ...), or
// scatter them by rank into the striped one, through the warp's own storage (the program declares
// one per warp: `__shared__ typename WarpExchange::TempStorage temp[WARPS]`).


namespace cub {

template <typename InputT, int ITEMS_PER_THREAD, int LOGICAL_WARP_THREADS = 32>
class CubWarpExchange {
 public:
  /** The warp's items. */
  struct TempStorage {
    InputT buff[ITEMS_PER_THREAD * LOGICAL_WARP_THREADS];
  };

  __device__ __forceinline__ CubWarpExchange(TempStorage &temp_storage) : temp(temp_storage) {}

  /** Blocked → striped. */
  







  /** Striped → blocked. */
  







  /** Item i of each lane to warp position ranks[i]; then striped (in place). */
  








 private:
  TempStorage &temp;

  


};

/** cub::WarpExchange names CubWarpExchange (a program's own `WarpExchange` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename InputT, int ITEMS_PER_THREAD, int LOGICAL_WARP_THREADS = 32>
using WarpExchange = CubWarpExchange<InputT, ITEMS_PER_THREAD, LOGICAL_WARP_THREADS>;

}  // namespace cub
#line 23 "native/include/cub/cub.cuh"
#include <cub/util_macro.cuh>
#line 24 "native/include/cub/cub.cuh"
#include <cub/util_debug.cuh>
#line 25 "native/include/cub/cub.cuh"
#include <cub/util_allocator.cuh>
#line 26 "native/include/cub/cub.cuh"
#include <cub/iterator/counting_input_iterator.cuh>
#line 27 "native/include/cub/cub.cuh"
#include <cub/iterator/transform_input_iterator.cuh>
#line 28 "native/include/cub/cub.cuh"
#include <cub/device/device_reduce.cuh>
#line 29 "native/include/cub/cub.cuh"
#include <cub/device/device_scan.cuh>
#line 30 "native/include/cub/cub.cuh"
#include <cub/device/device_select.cuh>
#line 31 "native/include/cub/cub.cuh"
#include <cub/device/device_radix_sort.cuh>
#line 32 "native/include/cub/cub.cuh"
#include <cub/device/device_run_length_encode.cuh>
#line 33 "native/include/cub/cub.cuh"
#include <cub/device/device_segmented_reduce.cuh>
#line 34 "native/include/cub/cub.cuh"
#include <cub/device/device_histogram.cuh>
#line 35 "native/include/cub/cub.cuh"
#line 2 "/tmp/cubfix/h.cu"
/* __global__ k: device code translated to Metal (see the .metal file); this host stub launches it */
void k(const unsigned char *in, unsigned int *out) {
  static const cu2m_param_info cu2m_params[] = {{"in", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_U8, 1u, 0u}, {"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_U32, 4u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"k", "/tmp/cubfix/h.cu", 2u, 2u, cu2m_params, CU2M_KERNEL_USES_BARRIERS, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, k);
  void* cu2m_args[] = {(void*)&in, (void*)&out};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 12 "/tmp/cubfix/h.cu"
