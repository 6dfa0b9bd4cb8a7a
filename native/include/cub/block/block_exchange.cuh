// cu2metal's CUB: cub::BlockExchange, written for cu2metal from CUB's documented API (not CUB's
// source). It rearranges the block's tile of BLOCK_THREADS * ITEMS_PER_THREAD items between the
// arrangements CUB documents: blocked (thread t holds items t*ITEMS .. t*ITEMS + ITEMS - 1),
// striped (thread t holds items t, t + BLOCK_THREADS ...), warp-striped (within each warp's
// 32*ITEMS items, lane l holds items l, l + 32 ...), and by rank (item i of a thread goes to tile
// position ranks[i]). Every exchange writes the items to the storage, waits for the block, reads
// them back in the other arrangement and waits again, so output may be the input array and the
// storage may be used again at once. WARP_TIME_SLICING (a smaller storage in CUB) changes nothing.
// The thread's arrays are taken as `Items &` (the translator turns `T (&)[N]` into a pointer).
#pragma once

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
  template <typename Items, typename Out>
  __device__ __forceinline__ void StripedToBlocked(Items &input, Out &output) {
    const int tid = LinearTid();
    Move(input, output, tid, BLOCK_THREADS, tid * ITEMS_PER_THREAD, 1);
  }
  /** Blocked → striped. */
  template <typename Items, typename Out>
  __device__ __forceinline__ void BlockedToStriped(Items &input, Out &output) {
    const int tid = LinearTid();
    Move(input, output, tid * ITEMS_PER_THREAD, 1, tid, BLOCK_THREADS);
  }
  /** Warp-striped → blocked. */
  template <typename Items, typename Out>
  __device__ __forceinline__ void WarpStripedToBlocked(Items &input, Out &output) {
    const int tid = LinearTid();
    const int lanes = WARP_ITEMS / ITEMS_PER_THREAD;
    const int base = (tid / lanes) * WARP_ITEMS;
    const int lane = tid % lanes;
    Move(input, output, base + lane, lanes, base + lane * ITEMS_PER_THREAD, 1);
  }
  /** Blocked → warp-striped. */
  template <typename Items, typename Out>
  __device__ __forceinline__ void BlockedToWarpStriped(Items &input, Out &output) {
    const int tid = LinearTid();
    const int lanes = WARP_ITEMS / ITEMS_PER_THREAD;
    const int base = (tid / lanes) * WARP_ITEMS;
    const int lane = tid % lanes;
    Move(input, output, base + lane * ITEMS_PER_THREAD, 1, base + lane, lanes);
  }
  /** Item i of each thread to tile position ranks[i]; then blocked. */
  template <typename Items, typename Out, typename Ranks>
  __device__ __forceinline__ void ScatterToBlocked(Items &input, Out &output, Ranks &ranks) {
    const int tid = LinearTid();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) temp.buff[ranks[i]] = input[i];
    __syncthreads();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) output[i] = temp.buff[tid * ITEMS_PER_THREAD + i];
    __syncthreads();
  }
  /** Item i of each thread to tile position ranks[i]; then striped. */
  template <typename Items, typename Out, typename Ranks>
  __device__ __forceinline__ void ScatterToStriped(Items &input, Out &output, Ranks &ranks) {
    Scatter(input, output, ranks, ranks, 0);
  }
  /** As ScatterToStriped; items of rank -1 are not written (their positions read what the storage held). */
  template <typename Items, typename Out, typename Ranks>
  __device__ __forceinline__ void ScatterToStripedGuarded(Items &input, Out &output, Ranks &ranks) {
    Scatter(input, output, ranks, ranks, 1);
  }
  /** As ScatterToStriped; only the items whose is_valid is true are written. */
  template <typename Items, typename Out, typename Ranks, typename Flags>
  __device__ __forceinline__ void ScatterToStripedFlagged(Items &input, Out &output, Ranks &ranks, Flags &is_valid) {
    Scatter(input, output, ranks, is_valid, 2);
  }

  // In place (CUB's one-array forms).
  template <typename Items>
  __device__ __forceinline__ void StripedToBlocked(Items &items) { StripedToBlocked(items, items); }
  template <typename Items>
  __device__ __forceinline__ void BlockedToStriped(Items &items) { BlockedToStriped(items, items); }
  template <typename Items>
  __device__ __forceinline__ void WarpStripedToBlocked(Items &items) { WarpStripedToBlocked(items, items); }
  template <typename Items>
  __device__ __forceinline__ void BlockedToWarpStriped(Items &items) { BlockedToWarpStriped(items, items); }
  template <typename Items, typename Ranks>
  __device__ __forceinline__ void ScatterToBlocked(Items &items, Ranks &ranks) { ScatterToBlocked(items, items, ranks); }
  template <typename Items, typename Ranks>
  __device__ __forceinline__ void ScatterToStriped(Items &items, Ranks &ranks) { ScatterToStriped(items, items, ranks); }

 private:
  TempStorage &temp;

  static __device__ __forceinline__ int LinearTid() { return threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z); }

  /**
   * The four rearrangements: item i of the thread to slot write_base + i * write_step, the block
   * waits, item i back from slot read_base + i * read_step, the block waits again.
   */
  template <typename Items, typename Out>
  __device__ __forceinline__ void Move(Items &input, Out &output, int write_base, int write_step, int read_base, int read_step) {
    for (int i = 0; i < ITEMS_PER_THREAD; i++) temp.buff[write_base + i * write_step] = input[i];
    __syncthreads();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) output[i] = temp.buff[read_base + i * read_step];
    __syncthreads();
  }

  /** ScatterToStriped's three forms: mode 0 every item, 1 ranks >= 0, 2 where valid[i]. */
  template <typename Items, typename Out, typename Ranks, typename Flags>
  __device__ __forceinline__ void Scatter(Items &input, Out &output, Ranks &ranks, Flags &valid, int mode) {
    const int tid = LinearTid();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) {
      const bool write = mode == 0 || (mode == 1 ? ranks[i] >= 0 : valid[i] != 0);
      if (write) temp.buff[ranks[i]] = input[i];
    }
    __syncthreads();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) output[i] = temp.buff[i * BLOCK_THREADS + tid];
    __syncthreads();
  }
};

/** cub::BlockExchange names CubBlockExchange (a program's own `BlockExchange` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename InputT, int BLOCK_DIM_X, int ITEMS_PER_THREAD, bool WARP_TIME_SLICING = false, int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1>
using BlockExchange = CubBlockExchange<InputT, BLOCK_DIM_X, ITEMS_PER_THREAD, WARP_TIME_SLICING, BLOCK_DIM_Y, BLOCK_DIM_Z>;

}  // namespace cub
