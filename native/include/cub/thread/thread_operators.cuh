// cu2metal's CUB: the binary operators of CUB's documented API (cub::Sum, cub::Max, cub::Min,
// cub::ArgMax, cub::ArgMin), written for cu2metal from the API's documentation (not CUB's source).
#pragma once
#include <cub/util_type.cuh>

namespace cub {

// cub::Sum, cub::Max and cub::Min name CubSum, CubMax and CubMin: in the MSL, which has no
// namespaces, a program's own `Max` keeps its name and `cub::Max` becomes CubMax (src/translate/reach.ts).
// (The collectives' Sum members use CubSum: inside them `Sum` names the member.)

/** a + b */
struct CubSum {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return a + b; }
};
typedef CubSum Sum;

/** The larger of a and b (a when neither is larger). */
struct CubMax {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return b > a ? b : a; }
};

/** The smaller of a and b (a when neither is smaller). */
struct CubMin {
  template <typename T>
  __host__ __device__ __forceinline__ T operator()(const T &a, const T &b) const { return b < a ? b : a; }
};

typedef CubMax Max;
typedef CubMin Min;

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
