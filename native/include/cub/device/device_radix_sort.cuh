// cu2metal's CUB: cub::DeviceRadixSort (SortKeys, SortPairs and their Descending forms, over the
// bits [begin_bit, end_bit) of the keys), written for cu2metal from CUB's documented API (not CUB's
// source). Runs on the host after synchronising the stream (device/device_common.cuh). The sort is
// stable, as CUB's: equal keys (in the bits compared) keep their input order.
#pragma once
#include <algorithm>
#include <cstring>
#include <vector>
#include <cub/device/device_common.cuh>

namespace cub {
namespace detail {

/** The unsigned integer of a key's size. */
template <size_t Bytes> struct UnsignedOfSize;
template <> struct UnsignedOfSize<1> { typedef unsigned char Type; };
template <> struct UnsignedOfSize<2> { typedef unsigned short Type; };
template <> struct UnsignedOfSize<4> { typedef unsigned int Type; };
template <> struct UnsignedOfSize<8> { typedef unsigned long long Type; };

/**
 * A key's bits in an order where unsigned comparison is the key's order: signed integers have the
 * sign bit flipped; floating-point keys have all bits flipped when negative, else the sign bit.
 */
template <typename K>
typename UnsignedOfSize<sizeof(K)>::Type RadixBits(const K &key) {
  typedef typename UnsignedOfSize<sizeof(K)>::Type U;
  U bits;
  std::memcpy(&bits, &key, sizeof(K));
  const U sign = static_cast<U>(U(1) << (sizeof(K) * 8 - 1));
  if (std::is_floating_point<K>::value) return (bits & sign) ? static_cast<U>(~bits) : static_cast<U>(bits | sign);
  if (std::is_signed<K>::value) return static_cast<U>(bits ^ sign);
  return bits;
}

/** The order of items 0 .. n-1 by the bits [begin_bit, end_bit) of their keys, stable. */
template <typename KeyIt, typename NumItemsT>
std::vector<size_t> RadixOrder(KeyIt keys, NumItemsT num_items, int begin_bit, int end_bit, bool descending) {
  typedef ValueOf<KeyIt> K;
  typedef typename UnsignedOfSize<sizeof(K)>::Type U;
  const int bits = static_cast<int>(sizeof(K) * 8);
  if (begin_bit < 0) begin_bit = 0;
  if (end_bit > bits) end_bit = bits;
  const int width = end_bit - begin_bit;
  const U mask = width <= 0 ? U(0) : width >= bits ? static_cast<U>(~U(0)) : static_cast<U>((U(1) << width) - 1);
  const size_t n = num_items > 0 ? static_cast<size_t>(num_items) : 0;
  std::vector<U> digit(n);
  for (size_t i = 0; i < n; ++i) digit[i] = width <= 0 ? U(0) : static_cast<U>((RadixBits<K>(keys[i]) >> begin_bit) & mask);
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  if (descending)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return digit[a] > digit[b]; });
  else
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return digit[a] < digit[b]; });
  return order;
}

/** out[i] = in[order[i]], through a copy (in and out may be the same memory). */
template <typename InIt, typename OutIt>
void Permute(InIt in, OutIt out, const std::vector<size_t> &order) {
  std::vector<ValueOf<InIt>> copy(order.size());
  for (size_t i = 0; i < order.size(); ++i) copy[i] = in[order[i]];
  for (size_t i = 0; i < order.size(); ++i) out[i] = copy[i];
}

}  // namespace detail

struct DeviceRadixSort {
  /** d_keys_out = d_keys_in sorted ascending by the bits [begin_bit, end_bit). */
  template <typename KeyT, typename NumItemsT>
  static cudaError_t SortKeys(void *d_temp_storage, size_t &temp_storage_bytes, const KeyT *d_keys_in, KeyT *d_keys_out,
                              NumItemsT num_items, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8, cudaStream_t stream = 0) {
    return Sort(d_temp_storage, temp_storage_bytes, d_keys_in, d_keys_out, static_cast<const char *>(nullptr), static_cast<char *>(nullptr), num_items, begin_bit, end_bit, stream, false);
  }

  /** d_keys_out = d_keys_in sorted descending by the bits [begin_bit, end_bit). */
  template <typename KeyT, typename NumItemsT>
  static cudaError_t SortKeysDescending(void *d_temp_storage, size_t &temp_storage_bytes, const KeyT *d_keys_in, KeyT *d_keys_out,
                                        NumItemsT num_items, int begin_bit = 0, int end_bit = sizeof(KeyT) * 8, cudaStream_t stream = 0) {
    return Sort(d_temp_storage, temp_storage_bytes, d_keys_in, d_keys_out, static_cast<const char *>(nullptr), static_cast<char *>(nullptr), num_items, begin_bit, end_bit, stream, true);
  }

  /** The keys sorted ascending, and the values in the same order. */
  template <typename KeyT, typename ValueT, typename NumItemsT>
  static cudaError_t SortPairs(void *d_temp_storage, size_t &temp_storage_bytes, const KeyT *d_keys_in, KeyT *d_keys_out,
                               const ValueT *d_values_in, ValueT *d_values_out, NumItemsT num_items, int begin_bit = 0,
                               int end_bit = sizeof(KeyT) * 8, cudaStream_t stream = 0) {
    return Sort(d_temp_storage, temp_storage_bytes, d_keys_in, d_keys_out, d_values_in, d_values_out, num_items, begin_bit, end_bit, stream, false);
  }

  /** The keys sorted descending, and the values in the same order. */
  template <typename KeyT, typename ValueT, typename NumItemsT>
  static cudaError_t SortPairsDescending(void *d_temp_storage, size_t &temp_storage_bytes, const KeyT *d_keys_in, KeyT *d_keys_out,
                                         const ValueT *d_values_in, ValueT *d_values_out, NumItemsT num_items, int begin_bit = 0,
                                         int end_bit = sizeof(KeyT) * 8, cudaStream_t stream = 0) {
    return Sort(d_temp_storage, temp_storage_bytes, d_keys_in, d_keys_out, d_values_in, d_values_out, num_items, begin_bit, end_bit, stream, true);
  }

 private:
  template <typename KeyT, typename ValueT, typename NumItemsT>
  static cudaError_t Sort(void *d_temp_storage, size_t &temp_storage_bytes, const KeyT *d_keys_in, KeyT *d_keys_out,
                          const ValueT *d_values_in, ValueT *d_values_out, NumItemsT num_items, int begin_bit, int end_bit,
                          cudaStream_t stream, bool descending) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    const std::vector<size_t> order = detail::RadixOrder(d_keys_in, num_items, begin_bit, end_bit, descending);
    if (d_values_in != nullptr && d_values_out != nullptr) detail::Permute(d_values_in, d_values_out, order);
    detail::Permute(d_keys_in, d_keys_out, order);
    return cudaSuccess;
  }
};

}  // namespace cub
