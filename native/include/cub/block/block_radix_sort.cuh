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
#pragma once
#include <cub/util_type.cuh>

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
  template <typename Keys>
  __device__ __forceinline__ void Sort(Keys &keys, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortKeys(keys, false, false, begin_bit, end_bit);
  }
  /** Keys and their values in ascending order of the keys, blocked. */
  template <typename Keys, typename Values>
  __device__ __forceinline__ void Sort(Keys &keys, Values &values, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortPairs(keys, values, false, false, begin_bit, end_bit);
  }
  /** Keys in descending order, blocked. */
  template <typename Keys>
  __device__ __forceinline__ void SortDescending(Keys &keys, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortKeys(keys, true, false, begin_bit, end_bit);
  }
  /** Keys and values in descending order of the keys, blocked. */
  template <typename Keys, typename Values>
  __device__ __forceinline__ void SortDescending(Keys &keys, Values &values, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortPairs(keys, values, true, false, begin_bit, end_bit);
  }
  /** As Sort, the result striped. */
  template <typename Keys>
  __device__ __forceinline__ void SortBlockedToStriped(Keys &keys, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortKeys(keys, false, true, begin_bit, end_bit);
  }
  template <typename Keys, typename Values>
  __device__ __forceinline__ void SortBlockedToStriped(Keys &keys, Values &values, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortPairs(keys, values, false, true, begin_bit, end_bit);
  }
  /** As SortDescending, the result striped. */
  template <typename Keys>
  __device__ __forceinline__ void SortDescendingBlockedToStriped(Keys &keys, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortKeys(keys, true, true, begin_bit, end_bit);
  }
  template <typename Keys, typename Values>
  __device__ __forceinline__ void SortDescendingBlockedToStriped(Keys &keys, Values &values, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8) {
    SortPairs(keys, values, true, true, begin_bit, end_bit);
  }

 private:
  TempStorage &temp;

  static __device__ __forceinline__ int LinearTid() { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }

  /** The sort key of bits: its digits [begin_bit, end_bit), complemented for a descending order. */
  static __device__ __forceinline__ UnsignedBits Digits(UnsignedBits twiddled, int begin_bit, int end_bit, bool descending) {
    const int width = end_bit - begin_bit;
    const UnsignedBits all = (UnsignedBits)~(UnsignedBits)0;
    const UnsignedBits mask = width >= (int)(sizeof(UnsignedBits) * 8) ? all : (UnsignedBits)(((UnsignedBits)1 << width) - 1);
    const UnsignedBits d = (UnsignedBits)((twiddled >> begin_bit) & mask);
    return descending ? (UnsignedBits)(mask ^ d) : d;
  }

  /** Keys-only sorts. */
  template <typename Keys>
  __device__ __forceinline__ void SortKeys(Keys &keys, bool descending, bool striped, int begin_bit, int end_bit) {
    int rank[ITEMS_PER_THREAD];
    RankKeys(keys, rank, descending, begin_bit, end_bit);
    PlaceKeys(keys, rank, striped);
  }
  /** Key-value sorts: the values follow their keys. */
  template <typename Keys, typename Values>
  __device__ __forceinline__ void SortPairs(Keys &keys, Values &values, bool descending, bool striped, int begin_bit, int end_bit) {
    int rank[ITEMS_PER_THREAD];
    RankKeys(keys, rank, descending, begin_bit, end_bit);
    PlaceKeys(keys, rank, striped);
    PlaceValues(values, rank, striped);
  }

  /** rank[i] = the tile position of the thread's item i in the sorted order. */
  template <typename Keys, typename Ranks>
  __device__ __forceinline__ void RankKeys(Keys &keys, Ranks &rank, bool descending, int begin_bit, int end_bit) {
    const int tid = LinearTid();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) {
      KeyT key = keys[i];
      UnsignedBits bits = reinterpret_cast<UnsignedBits &>(key);
      temp.bits[tid * ITEMS_PER_THREAD + i] = Digits(CubTraits<KeyT>::TwiddleIn(bits), begin_bit, end_bit, descending);
    }
    __syncthreads();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) {
      const int at = tid * ITEMS_PER_THREAD + i;
      const UnsignedBits mine = temp.bits[at];
      int r = 0;
      for (int j = 0; j < TILE_ITEMS; j++) {
        const UnsignedBits other = temp.bits[j];
        if (other < mine || (other == mine && j < at)) r++;
      }
      rank[i] = r;
    }
    __syncthreads();
  }

  /** The keys to their ranks, read back blocked or striped. */
  template <typename Keys, typename Ranks>
  __device__ __forceinline__ void PlaceKeys(Keys &keys, Ranks &rank, bool striped) {
    const int tid = LinearTid();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) temp.keys[rank[i]] = keys[i];
    __syncthreads();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) keys[i] = temp.keys[striped ? i * BLOCK_THREADS + tid : tid * ITEMS_PER_THREAD + i];
    __syncthreads();
  }

  /** The values to their keys' ranks, read back blocked or striped. */
  template <typename Values, typename Ranks>
  __device__ __forceinline__ void PlaceValues(Values &values, Ranks &rank, bool striped) {
    const int tid = LinearTid();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) temp.values[rank[i]] = values[i];
    __syncthreads();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) values[i] = temp.values[striped ? i * BLOCK_THREADS + tid : tid * ITEMS_PER_THREAD + i];
    __syncthreads();
  }
};

/** cub::BlockRadixSort names CubBlockRadixSort (a program's own `BlockRadixSort` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename KeyT, int BLOCK_DIM_X, int ITEMS_PER_THREAD, typename ValueT = NullType, int RADIX_BITS = 4, bool MEMOIZE_OUTER_SCAN = true, int INNER_SCAN_ALGORITHM = 0, int SMEM_CONFIG = 0, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockRadixSort = CubBlockRadixSort<KeyT, BLOCK_DIM_X, ITEMS_PER_THREAD, ValueT, RADIX_BITS, MEMOIZE_OUTER_SCAN, INNER_SCAN_ALGORITHM, SMEM_CONFIG, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
