// Warp collectives of the cuda-cpu work-item loops (src/build/warpCuts.ts): a statement with a warp
// operation in a block-uniform place is cut in three: a loop over the block's threads stores each
// thread's arguments in a WarpLane, one of the functions below computes every lane's result per
// 32-lane warp, and the statement then runs per thread with the call replaced by its result (a
// shuffle has no step: the statement reads its source lane's stored value, see shuffle_get). Every
// thread of the block reaches the statement, so the active lanes of a warp are the ones that exist
// (a block's last warp may be partial). The source lane of each shuffle comes from the same
// functions as the fibers' collectives (cu2m_cuda_device.h shfl_*_src), so the results are theirs.
#pragma once
#include <stdint.h>
#include <type_traits>

namespace cu2m_wil {
struct WarpLane {
  uint64_t v[2]; // the value (a shuffle's up to 16 bytes, a predicate as an int)
  uint64_t r[2]; // the result
  int32_t a;     // srcLane / delta / laneMask; for a reduction: whether the type is signed (int)
  int32_t width;
};

template <class T, class V> inline void warp_put(WarpLane& l, const V& value, int32_t a = 0, int32_t width = 32) {
  static_assert(std::is_trivially_copyable<T>::value && sizeof(T) <= 16, "warp operations take trivially copyable values of at most 16 bytes here");
  const T v = T(value);
  l.v[0] = l.v[1] = 0;
  __builtin_memcpy(l.v, &v, sizeof(T));
  l.a = a;
  l.width = width;
}
template <class T> inline T warp_get(const WarpLane& l) {
  T r;
  __builtin_memcpy(&r, l.r, sizeof(T));
  return r;
}
inline uint32_t active_lanes(uint32_t lanes) { return lanes >= 32 ? ~0u : (1u << lanes) - 1u; }

// A helper call under `if (c)` inlined by src/build/inlineHelpers.ts runs for every thread; its
// collectives' masks read `CU2M_LANE_IF(on, mask)`, and a thread whose `c` is false stores no
// value (warp_off): it takes no part, as on fibers, where it waits at the next barrier or has ended.
#define CU2M_LANE_IF(on, mask) (mask)
constexpr int32_t lane_off = INT32_MIN;
inline void warp_off(WarpLane& l) {
  l.v[0] = l.v[1] = 0;
  l.width = lane_off;
}
/** The lanes of a warp (`lanes` of them) that take part. */
inline uint32_t lanes_on(const WarpLane* w, uint32_t lanes) {
  uint32_t m = 0;
  for (uint32_t l = 0; l < lanes; ++l) m |= uint32_t(w[l].width != lane_off) << l;
  return m;
}

// Shuffles keep their lanes as three arrays in the n WarpLanes' bytes: the values (T, contiguous)
// and, after 16 bytes per thread, each lane's source lane and whether it takes part (int32 each).
// The put loop computes the source lane (shfl_src..., from the lane's own arguments, as the fibers'
// collectives do; a lane that takes no part reads its own); the statement's own loop then reads each result
// straight from the source lane's value, without a step: every thread stored before any thread
// reads, and the reads touch only the stored values. The rules are the fibers' (and an H200's): the
// source lane's value if it takes part, the own where it does not or is past the warp, 0 where it does not exist.
template <class T, class V, class Src> inline void shuffle_put(WarpLane* L, uint32_t tid, uint32_t n, const V& value, int32_t a, int32_t width, Src src) {
  static_assert(std::is_trivially_copyable<T>::value && sizeof(T) <= 16, "warp operations take trivially copyable values of at most 16 bytes here");
  const T v = T(value);
  const int32_t from = int32_t(src(tid & 31u, a, width)), on = 1;
  char* const b = reinterpret_cast<char*>(L);
  __builtin_memcpy(b + size_t(tid) * sizeof(T), &v, sizeof(T));
  __builtin_memcpy(b + size_t(n) * 16 + size_t(tid) * 4, &from, 4);
  __builtin_memcpy(b + size_t(n) * 20 + size_t(tid) * 4, &on, 4);
}
template <class T, class V> inline void shfl_put(WarpLane* L, uint32_t tid, uint32_t n, const V& v, int32_t a, int32_t width = 32) { shuffle_put<T>(L, tid, n, v, a, width, [](uint32_t l, int32_t a, int32_t width) { return ::cu2m_cuda::shfl_src(l, a, width); }); }
template <class T, class V> inline void shfl_up_put(WarpLane* L, uint32_t tid, uint32_t n, const V& v, int32_t a, int32_t width = 32) { shuffle_put<T>(L, tid, n, v, a, width, [](uint32_t l, int32_t a, int32_t width) { return ::cu2m_cuda::shfl_up_src(l, unsigned(a), width); }); }
template <class T, class V> inline void shfl_down_put(WarpLane* L, uint32_t tid, uint32_t n, const V& v, int32_t a, int32_t width = 32) { shuffle_put<T>(L, tid, n, v, a, width, [](uint32_t l, int32_t a, int32_t width) { return ::cu2m_cuda::shfl_down_src(l, unsigned(a), width); }); }
template <class T, class V> inline void shfl_xor_put(WarpLane* L, uint32_t tid, uint32_t n, const V& v, int32_t a, int32_t width = 32) { shuffle_put<T>(L, tid, n, v, a, width, [](uint32_t l, int32_t a, int32_t width) { return ::cu2m_cuda::shfl_xor_src(l, a, width); }); }
template <class T> inline void shuffle_off(WarpLane* L, uint32_t tid, uint32_t n) {
  char* const b = reinterpret_cast<char*>(L);
  const int32_t own = int32_t(tid & 31u), off = 0;
  __builtin_memset(b + size_t(tid) * sizeof(T), 0, sizeof(T));
  __builtin_memcpy(b + size_t(n) * 16 + size_t(tid) * 4, &own, 4);
  __builtin_memcpy(b + size_t(n) * 20 + size_t(tid) * 4, &off, 4);
}
template <class T> inline T shuffle_get(const WarpLane* L, uint32_t tid, uint32_t n) {
  const char* const b = reinterpret_cast<const char*>(L);
  int32_t from, on = 0;
  __builtin_memcpy(&from, b + size_t(n) * 16 + size_t(tid) * 4, 4);
  const uint32_t base = tid & ~31u, lanes = n - base < 32 ? n - base : 32, s = uint32_t(from);
  if (s < lanes) __builtin_memcpy(&on, b + size_t(n) * 20 + size_t(base + s) * 4, 4);
  T r;
  __builtin_memcpy(&r, b + size_t(on ? base + s : tid) * sizeof(T), sizeof(T));
  if (s < 32 && s >= lanes) __builtin_memset(&r, 0, sizeof(T));
  return r;
}

// One result for the whole warp, from its lanes' values in lane order.
template <class F> inline void per_warp(WarpLane* L, uint32_t n, F f) {
  for (uint32_t base = 0; base < n; base += 32) {
    WarpLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32;
    const uint64_t r = f(w, lanes);
    for (uint32_t l = 0; l < lanes; ++l) {
      w[l].r[0] = r;
      w[l].r[1] = 0;
    }
  }
}
inline int32_t pred(const WarpLane& l) { return int32_t(uint32_t(l.v[0])); }
inline uint32_t ballot_of(const WarpLane* w, uint32_t lanes) {
  uint32_t r = 0;
  for (uint32_t l = 0; l < lanes; ++l) if (pred(w[l]) != 0) r |= 1u << l; // a lane off stores 0
  return r;
}
// Each lane's ballot keeps the bits of its own mask (stored in `a` by warpCuts.ts).
inline void ballot(WarpLane* L, uint32_t n) {
  for (uint32_t base = 0; base < n; base += 32) {
    WarpLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32, b = ballot_of(w, lanes);
    for (uint32_t l = 0; l < lanes; ++l) {
      w[l].r[0] = b & uint32_t(w[l].a);
      w[l].r[1] = 0;
    }
  }
}
inline void any(WarpLane* L, uint32_t n) { per_warp(L, n, [](const WarpLane* w, uint32_t lanes) -> uint64_t { return uint32_t(ballot_of(w, lanes) != 0); }); }
inline void all(WarpLane* L, uint32_t n) { per_warp(L, n, [](const WarpLane* w, uint32_t lanes) -> uint64_t { return uint32_t(ballot_of(w, lanes) == lanes_on(w, lanes)); }); }

// __reduce_*_sync: unsigned or int (warp_put marks int lanes), folded in lane order as
// cu2m_cuda::warp_reduce does.
template <class F> inline void reduce(WarpLane* L, uint32_t n, F f) {
  per_warp(L, n, [&](const WarpLane* w, uint32_t lanes) -> uint64_t {
    const uint32_t on = lanes_on(w, lanes);
    if (on == 0) return 0;
    const uint32_t first = uint32_t(__builtin_ctz(on));
    uint32_t r = uint32_t(w[first].v[0]);
    if (w[first].a) {
      for (uint32_t l = first + 1; l < lanes; ++l) if (on >> l & 1u) r = uint32_t(f(int32_t(r), int32_t(uint32_t(w[l].v[0]))));
    } else {
      for (uint32_t l = first + 1; l < lanes; ++l) if (on >> l & 1u) r = uint32_t(f(r, uint32_t(w[l].v[0])));
    }
    return r;
  });
}
inline void reduce_add(WarpLane* L, uint32_t n) { reduce(L, n, [](auto a, auto b) { return a + b; }); }
inline void reduce_min(WarpLane* L, uint32_t n) { reduce(L, n, [](auto a, auto b) { return a < b ? a : b; }); }
inline void reduce_max(WarpLane* L, uint32_t n) { reduce(L, n, [](auto a, auto b) { return a > b ? a : b; }); }
inline void reduce_and(WarpLane* L, uint32_t n) { reduce(L, n, [](auto a, auto b) { return a & b; }); }
inline void reduce_or(WarpLane* L, uint32_t n) { reduce(L, n, [](auto a, auto b) { return a | b; }); }
inline void reduce_xor(WarpLane* L, uint32_t n) { reduce(L, n, [](auto a, auto b) { return a ^ b; }); }

// Cooperative-groups tiles (thread_block_tile<N>, N <= 32: src/build/warpCuts.ts). A tile's shuffles
// are the warp shuffles with width N (shfl..shfl_xor above, width stored by the put); its votes
// keep the warp's ballot and its lanes (r[0], r[1]) and each thread takes its tile's bits, as
// cooperative_groups.h's ballot(p) >> base() does; reduce is cooperative_groups.h's butterfly.
inline void tile_vote(WarpLane* L, uint32_t n) {
  for (uint32_t base = 0; base < n; base += 32) {
    WarpLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32, b = ballot_of(w, lanes), on = lanes_on(w, lanes);
    for (uint32_t l = 0; l < lanes; ++l) {
      w[l].r[0] = b;
      w[l].r[1] = on;
    }
  }
}
/** A tile's bits of a warp-wide mask: the tile of N lanes that holds the thread (its ballot(p)). */
template <class Tile> inline uint32_t tile_bits(const Tile& t, uint32_t bits) {
  const uint32_t N = uint32_t(t.size()), base = uint32_t(t.meta_group_rank() * N) % 32u;
  return (bits >> base) & uint32_t((1ull << N) - 1);
}
template <class Tile> inline unsigned tile_ballot(const Tile& t, const WarpLane& l) { return tile_bits(t, uint32_t(l.r[0])); }
template <class Tile> inline bool tile_any(const Tile& t, const WarpLane& l) { return tile_bits(t, uint32_t(l.r[0])) != 0; }
template <class Tile> inline bool tile_all(const Tile& t, const WarpLane& l) { return tile_bits(t, uint32_t(l.r[0])) == tile_bits(t, uint32_t(l.r[1])); }

// reduce(tile, v, op) for N <= 32: log2(N) rounds of v = op(v, __shfl_xor_sync(~0u, v, m, N)), the
// source lanes and absent lanes as shuffle_get takes them.
template <class T, class Op> inline void tile_fold(WarpLane* L, uint32_t n) {
  for (uint32_t base = 0; base < n; base += 32) {
    WarpLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32, active = lanes_on(w, lanes);
    const int32_t width = w[0].width;
    T v[32], next[32], zero;
    __builtin_memset(&zero, 0, sizeof(T));
    for (uint32_t l = 0; l < lanes; ++l) __builtin_memcpy(&v[l], w[l].v, sizeof(T));
    for (int32_t m = width / 2; m > 0; m /= 2) {
      for (uint32_t l = 0; l < lanes; ++l) {
        const uint32_t s = ::cu2m_cuda::shfl_xor_src(l, m, width);
        const T& o = s < 32 && s >= lanes ? zero : s < 32 && (active >> s & 1u) ? v[s] : v[l];
        next[l] = Op()(v[l], o);
      }
      for (uint32_t l = 0; l < lanes; ++l) v[l] = next[l];
    }
    for (uint32_t l = 0; l < lanes; ++l) {
      w[l].r[0] = w[l].r[1] = 0;
      __builtin_memcpy(w[l].r, &v[l], sizeof(T));
    }
  }
}
template <class T, class Op, template <unsigned> class Tile, unsigned N> inline void tile_reduce_put(WarpLane& l, const T& value, const Op&, const Tile<N>&) {
  static_assert(N <= 32, "reduce over a tile larger than a warp runs on fibers");
  warp_put<T>(l, value, 0, int32_t(N));
  // The butterfly for the value's type and operation, kept in the result until the step overwrites it.
  void (*const step)(WarpLane*, uint32_t) = &tile_fold<T, Op>;
  static_assert(sizeof(step) <= sizeof(l.r), "a function pointer fits the result");
  __builtin_memcpy(l.r, &step, sizeof(step));
}
inline void run_step(WarpLane* L, uint32_t n) {
  if (n == 0) return;
  void (*step)(WarpLane*, uint32_t);
  __builtin_memcpy(&step, L[0].r, sizeof(step));
  step(L, n);
}
} // namespace cu2m_wil
