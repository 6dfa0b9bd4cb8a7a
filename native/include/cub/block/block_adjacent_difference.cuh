// cu2metal's CUB: cub::BlockAdjacentDifference, written for cu2metal from CUB's documented API (not
// CUB's source). Over the block's tile in a blocked arrangement (thread t holds items t*ITEMS ..),
// SubtractLeft gives op(item, the item before it) and SubtractRight op(item, the item after it);
// the tile's first (last) item is kept, or combined with the given predecessor (successor). Each
// thread's first and last items go through shared memory; output may be the input array. The
// thread's arrays are taken as `Items &` / `Out &` (the translator loses `T (&)[N]`'s N).
#pragma once

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
  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void SubtractLeft(Items &input, Out &output, DifferenceOpT difference_op) {
    Left(input, output, difference_op, false, input[0], BLOCK_THREADS * (int)(sizeof(Items) / sizeof(T)));
  }
  /** As SubtractLeft; the tile's first item is combined with tile_predecessor_item. */
  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void SubtractLeft(Items &input, Out &output, DifferenceOpT difference_op, T tile_predecessor_item) {
    Left(input, output, difference_op, true, tile_predecessor_item, BLOCK_THREADS * (int)(sizeof(Items) / sizeof(T)));
  }
  /** As SubtractLeft over the tile's first valid_items items (the others are copied). */
  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void SubtractLeftPartialTile(Items &input, Out &output, DifferenceOpT difference_op, int valid_items) {
    Left(input, output, difference_op, false, input[0], valid_items);
  }

  /** output[i] = op(input[i], the item after it); the tile's last item is kept. */
  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void SubtractRight(Items &input, Out &output, DifferenceOpT difference_op) {
    Right(input, output, difference_op, false, input[0], BLOCK_THREADS * (int)(sizeof(Items) / sizeof(T)));
  }
  /** As SubtractRight; the tile's last item is combined with tile_successor_item. */
  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void SubtractRight(Items &input, Out &output, DifferenceOpT difference_op, T tile_successor_item) {
    Right(input, output, difference_op, true, tile_successor_item, BLOCK_THREADS * (int)(sizeof(Items) / sizeof(T)));
  }
  /** As SubtractRight over the tile's first valid_items items: the last valid one is kept, the others copied. */
  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void SubtractRightPartialTile(Items &input, Out &output, DifferenceOpT difference_op, int valid_items) {
    Right(input, output, difference_op, false, input[0], valid_items);
  }

 private:
  static __device__ __forceinline__ int LinearTid() { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }

  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void Left(Items &input, Out &output, DifferenceOpT op, bool has_edge, T edge, int valid_items) {
    const int items = sizeof(Items) / sizeof(T);
    const int tid = LinearTid();
    temp.last[tid] = input[items - 1];
    __syncthreads();
    T before = edge;
    if (tid > 0) before = temp.last[tid - 1];
    __syncthreads();  // (every thread has read the storage: it may be used again at once)
    for (int i = items - 1; i >= 0; i--) {
      const int index = tid * items + i;
      T item = input[i];
      T left = i > 0 ? input[i - 1] : before;
      if (index < valid_items && (index > 0 || has_edge)) output[i] = op(item, left);
      else output[i] = item;
    }
  }

  template <typename Items, typename Out, typename DifferenceOpT>
  __device__ __forceinline__ void Right(Items &input, Out &output, DifferenceOpT op, bool has_edge, T edge, int valid_items) {
    const int items = sizeof(Items) / sizeof(T);
    const int tid = LinearTid();
    temp.first[tid] = input[0];
    __syncthreads();
    T after = edge;
    if (tid < BLOCK_THREADS - 1) after = temp.first[tid + 1];
    __syncthreads();
    const int last = has_edge && valid_items == BLOCK_THREADS * items ? valid_items : valid_items - 1;
    for (int i = 0; i < items; i++) {
      const int index = tid * items + i;
      T item = input[i];
      T right = i < items - 1 ? input[i + 1] : after;
      if (index < last) output[i] = op(item, right);
      else output[i] = item;
    }
  }

  TempStorage &temp;
};

/** cub::BlockAdjacentDifference names CubBlockAdjacentDifference (a program's own keeps its name in the flat MSL). */
template <typename T, int BLOCK_DIM_X, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockAdjacentDifference = CubBlockAdjacentDifference<T, BLOCK_DIM_X, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
