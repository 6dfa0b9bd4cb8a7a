// cu2metal's CUB: cub::WarpExchange, written for cu2metal from CUB's documented API (not CUB's
// source). The lanes of a logical warp (LOGICAL_WARP_THREADS consecutive threads) rearrange the
// warp's LOGICAL_WARP_THREADS * ITEMS_PER_THREAD items between the blocked arrangement (lane l holds
// items l*ITEMS ..) and the striped one (lane l holds items l, l + LOGICAL_WARP_THREADS ...), or
// scatter them by rank into the striped one, through the warp's own storage (the program declares
// one per warp: `__shared__ typename WarpExchange::TempStorage temp[WARPS]`).
#pragma once

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
  template <typename Items, typename Out>
  __device__ __forceinline__ void BlockedToStriped(Items &input, Out &output) {
    const int lane = LaneId();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) temp.buff[lane * ITEMS_PER_THREAD + i] = input[i];
    __syncwarp();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) output[i] = temp.buff[i * LOGICAL_WARP_THREADS + lane];
    __syncwarp();
  }
  /** Striped → blocked. */
  template <typename Items, typename Out>
  __device__ __forceinline__ void StripedToBlocked(Items &input, Out &output) {
    const int lane = LaneId();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) temp.buff[i * LOGICAL_WARP_THREADS + lane] = input[i];
    __syncwarp();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) output[i] = temp.buff[lane * ITEMS_PER_THREAD + i];
    __syncwarp();
  }
  /** Item i of each lane to warp position ranks[i]; then striped (in place). */
  template <typename Items, typename Ranks>
  __device__ __forceinline__ void ScatterToStriped(Items &items, Ranks &ranks) {
    const int lane = LaneId();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) temp.buff[ranks[i]] = items[i];
    __syncwarp();
    for (int i = 0; i < ITEMS_PER_THREAD; i++) items[i] = temp.buff[i * LOGICAL_WARP_THREADS + lane];
    __syncwarp();
  }

 private:
  TempStorage &temp;

  static __device__ __forceinline__ int LaneId() {
    return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) % LOGICAL_WARP_THREADS;
  }
};

/** cub::WarpExchange names CubWarpExchange (a program's own `WarpExchange` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename InputT, int ITEMS_PER_THREAD, int LOGICAL_WARP_THREADS = 32>
using WarpExchange = CubWarpExchange<InputT, ITEMS_PER_THREAD, LOGICAL_WARP_THREADS>;

}  // namespace cub
