// cu2metal's CUB: cub::BlockLoad and the direct loads (LoadDirectBlocked, LoadDirectStriped),
// written for cu2metal from CUB's documented API (not CUB's source). Each thread of the block gets
// ITEMS_PER_THREAD items of the block's tile: a blocked arrangement (thread t holds items
// t*ITEMS .. t*ITEMS + ITEMS - 1) for every ALGORITHM but BLOCK_LOAD_STRIPED, which gives the
// striped one (thread t holds items t, t + BLOCK_THREADS ...). The loads read memory directly, so
// the TempStorage is not used (it exists for the program's union of storages).
// The thread's array is taken as `Items &` (the array type: the translator turns `T (&)[N]` into a
// pointer and loses N), its length sizeof(Items) / sizeof(its element).
#pragma once

namespace cub {

enum BlockLoadAlgorithm {
  BLOCK_LOAD_DIRECT, BLOCK_LOAD_STRIPED, BLOCK_LOAD_VECTORIZE, BLOCK_LOAD_TRANSPOSE, BLOCK_LOAD_WARP_TRANSPOSE, BLOCK_LOAD_WARP_TRANSPOSE_TIMESLICED
};

/** items[i] = block_itr[linear_tid * ITEMS + i]. */
template <typename InputIteratorT, typename Items>
__device__ __forceinline__ void LoadDirectBlocked(int linear_tid, InputIteratorT block_itr, Items &items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) items[i] = block_itr[linear_tid * count + i];
}
/** As LoadDirectBlocked, reading only the first valid_items items of the tile. */
template <typename InputIteratorT, typename Items>
__device__ __forceinline__ void LoadDirectBlocked(int linear_tid, InputIteratorT block_itr, Items &items, int valid_items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++)
    if (linear_tid * count + i < valid_items) items[i] = block_itr[linear_tid * count + i];
}
/** As LoadDirectBlocked; items past valid_items are oob_default. */
template <typename InputIteratorT, typename Items, typename DefaultT>
__device__ __forceinline__ void LoadDirectBlocked(int linear_tid, InputIteratorT block_itr, Items &items, int valid_items, DefaultT oob_default) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) items[i] = oob_default;
  LoadDirectBlocked(linear_tid, block_itr, items, valid_items);
}

/** items[i] = block_itr[i * BLOCK_THREADS + linear_tid]. */
template <int BLOCK_THREADS, typename InputIteratorT, typename Items>
__device__ __forceinline__ void LoadDirectStriped(int linear_tid, InputIteratorT block_itr, Items &items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) items[i] = block_itr[i * BLOCK_THREADS + linear_tid];
}
/** As LoadDirectStriped, reading only the first valid_items items of the tile. */
template <int BLOCK_THREADS, typename InputIteratorT, typename Items>
__device__ __forceinline__ void LoadDirectStriped(int linear_tid, InputIteratorT block_itr, Items &items, int valid_items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++)
    if (i * BLOCK_THREADS + linear_tid < valid_items) items[i] = block_itr[i * BLOCK_THREADS + linear_tid];
}
/** As LoadDirectStriped; items past valid_items are oob_default. */
template <int BLOCK_THREADS, typename InputIteratorT, typename Items, typename DefaultT>
__device__ __forceinline__ void LoadDirectStriped(int linear_tid, InputIteratorT block_itr, Items &items, int valid_items, DefaultT oob_default) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) items[i] = oob_default;
  LoadDirectStriped<BLOCK_THREADS>(linear_tid, block_itr, items, valid_items);
}

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
  template <typename InputIteratorT, typename Items>
  __device__ __forceinline__ void Load(InputIteratorT block_itr, Items &items) {
    const int tid = threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z);
    if (ALGORITHM == BLOCK_LOAD_STRIPED) LoadDirectStriped<BLOCK_THREADS>(tid, block_itr, items);
    else LoadDirectBlocked(tid, block_itr, items);
  }
  /** The first valid_items items of the tile (the others are left as they are). */
  template <typename InputIteratorT, typename Items>
  __device__ __forceinline__ void Load(InputIteratorT block_itr, Items &items, int valid_items) {
    const int tid = threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z);
    if (ALGORITHM == BLOCK_LOAD_STRIPED) LoadDirectStriped<BLOCK_THREADS>(tid, block_itr, items, valid_items);
    else LoadDirectBlocked(tid, block_itr, items, valid_items);
  }
  /** The first valid_items items of the tile; the others are oob_default. */
  template <typename InputIteratorT, typename Items, typename DefaultT>
  __device__ __forceinline__ void Load(InputIteratorT block_itr, Items &items, int valid_items, DefaultT oob_default) {
    const int tid = threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z);
    if (ALGORITHM == BLOCK_LOAD_STRIPED) LoadDirectStriped<BLOCK_THREADS>(tid, block_itr, items, valid_items, oob_default);
    else LoadDirectBlocked(tid, block_itr, items, valid_items, oob_default);
  }
};

/** cub::BlockLoad names CubBlockLoad (a program's own `BlockLoad` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, BlockLoadAlgorithm ALGORITHM = BLOCK_LOAD_DIRECT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockLoad = CubBlockLoad<T, BLOCK_DIM_X, ITEMS_PER_THREAD, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
