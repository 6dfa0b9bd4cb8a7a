// cu2metal's CUB: cub::BlockStore and the direct stores (StoreDirectBlocked, StoreDirectStriped),
// written for cu2metal from CUB's documented API (not CUB's source). Each thread writes its
// ITEMS_PER_THREAD items to the block's tile: from a blocked arrangement for every ALGORITHM but
// BLOCK_STORE_STRIPED, which writes a striped one (block/block_load.cuh). The stores write memory
// directly, so the TempStorage is not used. The thread's array is taken as `Items &`.
#pragma once

namespace cub {

enum BlockStoreAlgorithm {
  BLOCK_STORE_DIRECT, BLOCK_STORE_STRIPED, BLOCK_STORE_VECTORIZE, BLOCK_STORE_TRANSPOSE, BLOCK_STORE_WARP_TRANSPOSE, BLOCK_STORE_WARP_TRANSPOSE_TIMESLICED
};

/** block_itr[linear_tid * ITEMS + i] = items[i]. */
template <typename OutputIteratorT, typename Items>
__device__ __forceinline__ void StoreDirectBlocked(int linear_tid, OutputIteratorT block_itr, Items &items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) block_itr[linear_tid * count + i] = items[i];
}
/** As StoreDirectBlocked, writing only the first valid_items items of the tile. */
template <typename OutputIteratorT, typename Items>
__device__ __forceinline__ void StoreDirectBlocked(int linear_tid, OutputIteratorT block_itr, Items &items, int valid_items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++)
    if (linear_tid * count + i < valid_items) block_itr[linear_tid * count + i] = items[i];
}

/** block_itr[i * BLOCK_THREADS + linear_tid] = items[i]. */
template <int BLOCK_THREADS, typename OutputIteratorT, typename Items>
__device__ __forceinline__ void StoreDirectStriped(int linear_tid, OutputIteratorT block_itr, Items &items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++) block_itr[i * BLOCK_THREADS + linear_tid] = items[i];
}
/** As StoreDirectStriped, writing only the first valid_items items of the tile. */
template <int BLOCK_THREADS, typename OutputIteratorT, typename Items>
__device__ __forceinline__ void StoreDirectStriped(int linear_tid, OutputIteratorT block_itr, Items &items, int valid_items) {
  const int count = sizeof(Items) / sizeof(items[0]);
  for (int i = 0; i < count; i++)
    if (i * BLOCK_THREADS + linear_tid < valid_items) block_itr[i * BLOCK_THREADS + linear_tid] = items[i];
}

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
  template <typename OutputIteratorT, typename Items>
  __device__ __forceinline__ void Store(OutputIteratorT block_itr, Items &items) {
    const int tid = threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z);
    if (ALGORITHM == BLOCK_STORE_STRIPED) StoreDirectStriped<BLOCK_THREADS>(tid, block_itr, items);
    else StoreDirectBlocked(tid, block_itr, items);
  }
  /** The first valid_items items of the tile. */
  template <typename OutputIteratorT, typename Items>
  __device__ __forceinline__ void Store(OutputIteratorT block_itr, Items &items, int valid_items) {
    const int tid = threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z);
    if (ALGORITHM == BLOCK_STORE_STRIPED) StoreDirectStriped<BLOCK_THREADS>(tid, block_itr, items, valid_items);
    else StoreDirectBlocked(tid, block_itr, items, valid_items);
  }
};

/** cub::BlockStore names CubBlockStore (a program's own `BlockStore` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename T, int BLOCK_DIM_X, int ITEMS_PER_THREAD, BlockStoreAlgorithm ALGORITHM = BLOCK_STORE_DIRECT, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockStore = CubBlockStore<T, BLOCK_DIM_X, ITEMS_PER_THREAD, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
