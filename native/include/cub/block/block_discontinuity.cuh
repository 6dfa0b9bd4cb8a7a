// cu2metal's CUB: cub::BlockDiscontinuity, written for cu2metal from CUB's documented API (not
// CUB's source). Over the block's tile in a blocked arrangement (thread t holds items t*ITEMS ..),
// FlagHeads sets head_flags[i] to flag_op(the item before it, item) and FlagTails sets
// tail_flags[i] to flag_op(item, the item after it), converted to the flag type. The tile's first
// item is always a head (or, given tile_predecessor_item, is flagged by flag_op(predecessor, item)),
// the tile's last item always a tail (or flag_op(item, tile_successor_item)). Each thread's first
// and last items go through shared memory, between two barriers, so the storage may be used again
// at once. flag_op takes (a, b); CUB's three-argument form (a, b, b_index) is not supported.
// The thread's arrays are taken as `Flags &` / `Items &` (the translator loses `T (&)[N]`'s N).
#pragma once

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
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagHeads(Flags &head_flags, Items &input, FlagOp flag_op) {
    Flag(head_flags, head_flags, input, flag_op, true, false, false, input[0], false, input[0]);
  }
  /** As FlagHeads; the tile's first item is flagged by flag_op(tile_predecessor_item, input[0]). */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagHeads(Flags &head_flags, Items &input, FlagOp flag_op, T tile_predecessor_item) {
    Flag(head_flags, head_flags, input, flag_op, true, false, true, tile_predecessor_item, false, input[0]);
  }

  /** tail_flags[i] = flag_op(input[i], the item after); the tile's last item is flagged. */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagTails(Flags &tail_flags, Items &input, FlagOp flag_op) {
    Flag(tail_flags, tail_flags, input, flag_op, false, true, false, input[0], false, input[0]);
  }
  /** As FlagTails; the tile's last item is flagged by flag_op(it, tile_successor_item). */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagTails(Flags &tail_flags, Items &input, FlagOp flag_op, T tile_successor_item) {
    Flag(tail_flags, tail_flags, input, flag_op, false, true, false, input[0], true, tile_successor_item);
  }

  /** FlagHeads and FlagTails at once (one pass through the storage). */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagHeadsAndTails(Flags &head_flags, Flags &tail_flags, Items &input, FlagOp flag_op) {
    Flag(head_flags, tail_flags, input, flag_op, true, true, false, input[0], false, input[0]);
  }
  /** ... with the tile's successor. */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagHeadsAndTails(Flags &head_flags, Flags &tail_flags, T tile_successor_item, Items &input, FlagOp flag_op) {
    Flag(head_flags, tail_flags, input, flag_op, true, true, false, input[0], true, tile_successor_item);
  }
  /** ... with the tile's predecessor. */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagHeadsAndTails(Flags &head_flags, T tile_predecessor_item, Flags &tail_flags, Items &input, FlagOp flag_op) {
    Flag(head_flags, tail_flags, input, flag_op, true, true, true, tile_predecessor_item, false, input[0]);
  }
  /** ... with both. */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void FlagHeadsAndTails(Flags &head_flags, T tile_predecessor_item, Flags &tail_flags, T tile_successor_item, Items &input, FlagOp flag_op) {
    Flag(head_flags, tail_flags, input, flag_op, true, true, true, tile_predecessor_item, true, tile_successor_item);
  }

 private:
  static __device__ __forceinline__ int LinearTid() { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }

  /**
   * Every form: heads into head_flags (if heads), tails into tail_flags (if tails); has_predecessor /
   * has_successor say whether the tile's edges are compared with predecessor / successor.
   */
  template <typename Flags, typename Items, typename FlagOp>
  __device__ __forceinline__ void Flag(Flags &head_flags, Flags &tail_flags, Items &input, FlagOp flag_op, bool heads, bool tails,
                                       bool has_predecessor, T predecessor, bool has_successor, T successor) {
    const int items = sizeof(Items) / sizeof(T);
    const int tid = LinearTid();
    temp.first[tid] = input[0];
    temp.last[tid] = input[items - 1];
    __syncthreads();
    T before = predecessor;
    T after = successor;
    if (tid > 0) before = temp.last[tid - 1];
    if (tid < BLOCK_THREADS - 1) after = temp.first[tid + 1];
    __syncthreads();  // (every thread has read the storage: it may be used again at once)
    const bool first_edge = tid == 0 && !has_predecessor;
    const bool last_edge = tid == BLOCK_THREADS - 1 && !has_successor;
    // Both flag arrays may be one array (FlagHeads, FlagTails): compute every flag before storing.
    bool head[sizeof(Items) / sizeof(T)];
    bool tail[sizeof(Items) / sizeof(T)];
    for (int i = 0; i < items; i++) {
      const T left = i > 0 ? input[i - 1] : before;
      const T right = i < items - 1 ? input[i + 1] : after;
      head[i] = (i == 0 && first_edge) ? true : (bool)flag_op(left, input[i]);
      tail[i] = (i == items - 1 && last_edge) ? true : (bool)flag_op(input[i], right);
    }
    for (int i = 0; i < items; i++) {
      if (heads) head_flags[i] = head[i];
      if (tails) tail_flags[i] = tail[i];
    }
  }

  TempStorage &temp;
};

/** cub::BlockDiscontinuity names CubBlockDiscontinuity (a program's own keeps its name in the flat MSL). */
template <typename T, int BLOCK_DIM_X, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockDiscontinuity = CubBlockDiscontinuity<T, BLOCK_DIM_X, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
