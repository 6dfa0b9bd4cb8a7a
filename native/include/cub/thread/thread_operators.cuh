// cu2metal's CUB: the binary operators of CUB's documented API (cub::Sum, cub::Max, cub::Min,
// cub::ArgMax, cub::ArgMin), written for cu2metal from the API's documentation (not CUB's source).
#pragma once
#include <cub/util_type.cuh>

namespace cub {

/** a + b */
struct Sum {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return a + b; }
};

/** a + b, for the collectives' own Sum members (inside which `Sum` names the member). */
struct CubSumOp {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return a + b; }
};

/** The larger of a and b (a when neither is larger). */
struct Max {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return b > a ? b : a; }
};

/** The smaller of a and b (a when neither is smaller). */
struct Min {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return b < a ? b : a; }
};

/** The pair of the larger value; of equal values, the one of the smaller key. */
struct ArgMax {
  template <typename K, typename V>
  __host__ __device__ __forceinline__ KeyValuePair<K, V> operator()(const KeyValuePair<K, V> &a, const KeyValuePair<K, V> &b) const {
    return (b.value > a.value || (b.value == a.value && b.key < a.key)) ? b : a;
  }
};

/** The pair of the smaller value; of equal values, the one of the smaller key. */
struct ArgMin {
  template <typename K, typename V>
  __host__ __device__ __forceinline__ KeyValuePair<K, V> operator()(const KeyValuePair<K, V> &a, const KeyValuePair<K, V> &b) const {
    return (b.value < a.value || (b.value == a.value && b.key < a.key)) ? b : a;
  }
};

}  // namespace cub
