// SIMD-group functions of the msl-cpu work-item loops (src/build/mslWarpCuts.ts): a statement of
// the lowered MSL that calls simd_shuffle*/simd_ballot/simd_any/simd_all/simd_sum... (or one of
// our prelude's width helpers, cu2m_shfl_*_width) in a threadgroup-uniform place is cut in three:
// a loop over the threadgroup's threads stores each thread's value and source lane in a SimdLane,
// one of the steps below computes every lane's result per 32-lane SIMD group, and the statement
// then runs per thread with the call replaced by its result. Every thread of the threadgroup
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
template <class T> struct Rec {
  T v;
  int32_t src;
  explicit Rec(T value) : v(value), src(-1) {}
};
template <class T> inline Rec<T> simd_shuffle(Rec<T> r, ::metal::ushort lane) {
  r.src = ::metal::__simd::src_shuffle(0, lane);
  return r;
}
template <class T> inline void simd_put_rec(SimdLane& l, Rec<T> r) { simd_put<T>(l, r.v, r.src); }

// Every lane takes the value of its source lane, its own where that lane is not active, 0 where
// it does not exist (a partial last group's missing lanes, as the fibers' simd_shuffle does).
inline void simd_shuffle_step(SimdLane* L, uint32_t n) {
  for (uint32_t base = 0; base < n; base += 32) {
    SimdLane* w = L + base;
    const uint32_t lanes = n - base < 32 ? n - base : 32, active = simd_active(lanes);
    for (uint32_t l = 0; l < lanes; ++l) {
      const int32_t from = w[l].src;
      if (from >= int32_t(lanes) && from < 32) {
        w[l].r[0] = w[l].r[1] = 0;
        continue;
      }
      const SimdLane& f = ::metal::__simd::readable(from, active) ? w[from] : w[l];
      w[l].r[0] = f.v[0];
      w[l].r[1] = f.v[1];
    }
  }
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
} // namespace cu2m_wil
