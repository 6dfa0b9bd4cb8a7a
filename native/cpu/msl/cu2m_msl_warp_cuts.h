// SIMD-group functions of the msl-cpu work-item loops (src/build/mslWarpCuts.ts): a statement of
// the lowered MSL that calls simd_shuffle*/simd_ballot/simd_any/simd_all/simd_sum... (or one of
// our prelude's width helpers, cu2m_shfl_*_width) in a threadgroup-uniform place is cut in three:
// a loop over the threadgroup's threads stores each thread's value and source lane in a SimdLane,
// one of the steps below computes every lane's result per 32-lane SIMD group, and the statement
// then runs per thread with the call replaced by its result (a shuffle has no step: the statement
// reads its source lane's stored value, see simd_shuffle_get). Every thread of the threadgroup
// reaches the statement, so a group's active lanes are the ones that exist (the last group may be
// partial). The per-lane rules are the fibers' (metal_stdlib, namespace metal::__simd: readable,
// src_*, op_*), so both paths give the same results.
#pragma once

namespace cu2m_wil {
struct SimdLane;
typedef void (*SimdStep)(SimdLane* L, uint32_t n);
struct SimdLane {
  uint64_t v[2]; // the value (a shuffle's up to 16 bytes: vectors of 32-bit scalars, f64)
  uint64_t r[2]; // the result
  int32_t src;   // a shuffle's source lane (-1: the own value)
  SimdStep step; // a reduction's fold, instantiated for the value's type by the put
};

inline uint32_t simd_active(uint32_t lanes) { return lanes >= 32 ? ~0u : (1u << lanes) - 1u; }

template <class T> inline void simd_put(SimdLane& l, T value, int32_t src) {
  static_assert(sizeof(T) <= 16 && __is_trivially_copyable(T), "SIMD-group functions take trivially copyable values of at most 16 bytes here");
  l.v[0] = l.v[1] = 0;
  __builtin_memcpy(l.v, &value, sizeof(T));
  l.src = src;
}
template <class T> inline T simd_get(const SimdLane& l) {
  T r;
  __builtin_memcpy(&r, l.r, sizeof(T));
  return r;
}

// Our prelude's width helpers (src/translate/tables/warps.ts: cu2m_shfl_width and the up/down/xor
// forms) run unchanged on a Rec: their one simd_shuffle (found for a Rec by argument-dependent
// lookup, more specialised than metal::simd_shuffle) records the source lane, and their
// `cond ? r : v` returns either that record or the own value.
// A tile's shuffles (our prelude's thread_block_tile<N>) run on a Rec that knows its own lane.
template <class T> struct Rec {
  T v;
  int32_t src;
  int32_t lane;
  explicit Rec(T value, int32_t own = 0) : v(value), src(-1), lane(own) {}
};
template <class T> inline Rec<T> simd_shuffle(Rec<T> r, ::metal::ushort lane) {
  r.src = ::metal::__simd::src_shuffle(r.lane, lane);
  return r;
}
template <class T> inline Rec<T> simd_shuffle_up(Rec<T> r, ::metal::ushort delta) {
  r.src = ::metal::__simd::src_up(r.lane, delta);
  return r;
}
template <class T> inline Rec<T> simd_shuffle_down(Rec<T> r, ::metal::ushort delta) {
  r.src = ::metal::__simd::src_down(r.lane, delta);
  return r;
}
template <class T> inline Rec<T> simd_shuffle_xor(Rec<T> r, ::metal::ushort mask) {
  r.src = ::metal::__simd::src_xor(r.lane, mask);
  return r;
}
template <class T> inline void simd_put_rec(SimdLane& l, Rec<T> r) { simd_put<T>(l, r.v, r.src); }

// Shuffles keep their lanes as two arrays in the n SimdLanes' bytes: the values (T, contiguous)
// and, after 16 bytes per thread, the source lanes (int32). The put loop stores both; the
// statement's own loop then reads each result straight from the source lane's value, without a
// step: every thread stored before any thread reads, and the reads touch only the stored values.
// The rules are the fibers' simd_shuffle (metal::__simd::shuffle): the source lane's value, the own where that lane is not
// active, 0 where it does not exist (a partial last group).
template <class T> inline void simd_put_shfl(SimdLane* L, uint32_t tid, uint32_t n, T value, int32_t src) {
  static_assert(sizeof(T) <= 16 && __is_trivially_copyable(T), "SIMD-group functions take trivially copyable values of at most 16 bytes here");
  char* const b = reinterpret_cast<char*>(L);
  __builtin_memcpy(b + size_t(tid) * sizeof(T), &value, sizeof(T));
  __builtin_memcpy(b + size_t(n) * 16 + size_t(tid) * 4, &src, 4);
}
template <class T> inline void simd_put_rec(SimdLane* L, uint32_t tid, uint32_t n, Rec<T> r) { simd_put_shfl<T>(L, tid, n, r.v, r.src); }
template <class T> inline T simd_shuffle_get(const SimdLane* L, uint32_t tid, uint32_t n) {
  const char* const b = reinterpret_cast<const char*>(L);
  int32_t from;
  __builtin_memcpy(&from, b + size_t(n) * 16 + size_t(tid) * 4, 4);
  const uint32_t base = tid & ~31u, lanes = n - base < 32 ? n - base : 32, f = uint32_t(from);
  T r;
  __builtin_memcpy(&r, b + size_t(f < lanes ? base + f : tid) * sizeof(T), sizeof(T));
  if (f >= lanes && f < 32) __builtin_memset(&r, 0, sizeof(T));
  return r;
}

// Votes: the predicate as an int; simd_ballot's simd_vote, simd_any's and simd_all's bool.
inline void simd_put_vote(SimdLane& l, bool p) { simd_put<int32_t>(l, int32_t(p), -1); }
template <class F> inline void simd_per_group(SimdLane* L, uint32_t n, F f) {
  for (uint32_t base = 0; base < n; base += 32) {
    SimdLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32;
    uint32_t bits = 0;
    for (uint32_t l = 0; l < lanes; ++l) if (int32_t(uint32_t(w[l].v[0])) != 0) bits |= 1u << l;
    SimdLane r;
    r.r[0] = r.r[1] = 0;
    f(r, bits, simd_active(lanes));
    for (uint32_t l = 0; l < lanes; ++l) {
      w[l].r[0] = r.r[0];
      w[l].r[1] = r.r[1];
    }
  }
}
template <class T> inline void simd_set(SimdLane& l, T value) { __builtin_memcpy(l.r, &value, sizeof(T)); }
inline void simd_ballot_step(SimdLane* L, uint32_t n) {
  simd_per_group(L, n, [](SimdLane& r, uint32_t bits, uint32_t active) {
    ::metal::simd_vote v(bits);
    v.active_ = active;
    simd_set(r, v);
  });
}
inline void simd_any_step(SimdLane* L, uint32_t n) {
  simd_per_group(L, n, [](SimdLane& r, uint32_t bits, uint32_t) { simd_set(r, bits != 0); });
}
inline void simd_all_step(SimdLane* L, uint32_t n) {
  simd_per_group(L, n, [](SimdLane& r, uint32_t bits, uint32_t active) { simd_set(r, bits == active); });
}

// Reductions: the fold of the group's values in lane order (as metal::__simd::reduce folds the
// active lanes), instantiated for the value's type and operation by the put.
template <class T, class Op> inline void simd_fold(SimdLane* L, uint32_t n) {
  for (uint32_t base = 0; base < n; base += 32) {
    SimdLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32;
    T r;
    __builtin_memcpy(&r, w[0].v, sizeof(T));
    for (uint32_t l = 1; l < lanes; ++l) {
      T x;
      __builtin_memcpy(&x, w[l].v, sizeof(T));
      r = Op()(r, x);
    }
    for (uint32_t l = 0; l < lanes; ++l) simd_set(w[l], r);
  }
}
template <class T, class Op> inline void simd_put_reduce(SimdLane& l, T value, Op) {
  // What the fibers' reduction (warp_exchange) accepts: a module that does not compile there does not here.
  static_assert(::metal::__simd::shuffleable<T> && sizeof(T) <= 8, "Metal's SIMD-group reductions take 32-bit or smaller scalars and vectors");
  simd_put<T>(l, value, -1);
  l.step = &simd_fold<T, Op>;
}
inline void simd_reduce_step(SimdLane* L, uint32_t n) {
  if (n > 0) L[0].step(L, n);
}

// Cooperative-groups tiles (our prelude's thread_block_tile<N>, N <= 32: src/build/mslWarpCuts.ts).
// Shuffles: the tile's own methods on a Rec (above). Votes: the group's ballot and its active lanes
// (r[0], r[1]); each thread takes its tile's bits, as the prelude's ballot(p) >> base() does.
inline void simd_tile_vote_step(SimdLane* L, uint32_t n) {
  simd_per_group(L, n, [](SimdLane& r, uint32_t bits, uint32_t active) {
    r.r[0] = bits;
    r.r[1] = active;
  });
}
template <class Tile> inline uint32_t tile_bits(const Tile& t, uint32_t bits) {
  const uint32_t N = uint32_t(t.size()), base = uint32_t(t.meta_group_rank() * N) % 32u;
  return (bits >> base) & uint32_t((1ull << N) - 1);
}
template <class Tile> inline uint32_t tile_ballot(const Tile& t, const SimdLane& l) { return tile_bits(t, uint32_t(l.r[0])); }
template <class Tile> inline bool tile_any(const Tile& t, const SimdLane& l) { return tile_bits(t, uint32_t(l.r[0])) != 0; }
template <class Tile> inline bool tile_all(const Tile& t, const SimdLane& l) { return tile_bits(t, uint32_t(l.r[0])) == tile_bits(t, uint32_t(l.r[1])); }

// reduce(tile, v, op) for N <= 32: the prelude's butterfly, v = op(v, simd_shuffle_xor(v, m)) for
// m = N/2 .. 1, with simd_shuffle_get's rules for absent and inactive lanes. The width is in src.
template <class T, class Op> inline void simd_tile_fold(SimdLane* L, uint32_t n) {
  for (uint32_t base = 0; base < n; base += 32) {
    SimdLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32, active = simd_active(lanes);
    const int32_t width = w[0].src;
    T v[32], next[32], zero;
    __builtin_memset(&zero, 0, sizeof(T));
    for (uint32_t l = 0; l < lanes; ++l) __builtin_memcpy(&v[l], w[l].v, sizeof(T));
    for (int32_t m = width / 2; m > 0; m /= 2) {
      for (uint32_t l = 0; l < lanes; ++l) {
        const int32_t from = ::metal::__simd::src_xor(int(l), ::metal::ushort(m));
        const T& o = from >= int32_t(lanes) && from < 32 ? zero : ::metal::__simd::readable(from, active) ? v[from] : v[l];
        next[l] = Op()(v[l], o);
      }
      for (uint32_t l = 0; l < lanes; ++l) v[l] = next[l];
    }
    for (uint32_t l = 0; l < lanes; ++l) {
      w[l].r[0] = w[l].r[1] = 0;
      simd_set(w[l], v[l]);
    }
  }
}
template <class T, class Op, template <unsigned> class Tile, unsigned N> inline void simd_put_tile_reduce(SimdLane& l, T value, Op, const Tile<N>&) {
  static_assert(N <= 32, "reduce over a tile larger than a SIMD group runs on fibers");
  simd_put<T>(l, value, int32_t(N));
  l.step = &simd_tile_fold<T, Op>;
}
} // namespace cu2m_wil
