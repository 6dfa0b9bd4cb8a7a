// cu2metal's CUB: cub::DeviceScan (ExclusiveSum, InclusiveSum, ExclusiveScan, InclusiveScan),
// written for cu2metal from CUB's documented API (not CUB's source). Runs on the host after
// synchronising the stream (device/device_common.cuh); d_out may be d_in (each item is read before
// its output is written).
#pragma once
#include <cub/device/device_common.cuh>

namespace cub {

struct DeviceScan {
  /** d_out[i] = scan_op over init, d_in[0 .. i) (d_out[0] = init). */
  template <typename InputIteratorT, typename OutputIteratorT, typename ScanOpT, typename InitValueT, typename NumItemsT>
  static cudaError_t ExclusiveScan(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                                   ScanOpT scan_op, InitValueT init_value, NumItemsT num_items, cudaStream_t stream = 0) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    InitValueT acc = init_value;
    for (NumItemsT i = 0; i < num_items; ++i) {
      const detail::ValueOf<InputIteratorT> v = d_in[i];
      d_out[i] = acc;
      acc = scan_op(acc, v);
    }
    return cudaSuccess;
  }

  /** d_out[i] = scan_op over d_in[0 .. i]. */
  template <typename InputIteratorT, typename OutputIteratorT, typename ScanOpT, typename NumItemsT>
  static cudaError_t InclusiveScan(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                                   ScanOpT scan_op, NumItemsT num_items, cudaStream_t stream = 0) {
    return Inclusive<detail::ValueOf<InputIteratorT>>(d_temp_storage, temp_storage_bytes, d_in, d_out, scan_op, num_items, stream);
  }

  /** d_out[i] = the sum of d_in[0 .. i) (d_out[0] = 0): ExclusiveScan with +, from 0 in the type of a sum of two items. */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t ExclusiveSum(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                                  NumItemsT num_items, cudaStream_t stream = 0) {
    return ExclusiveScan(d_temp_storage, temp_storage_bytes, d_in, d_out, detail::HostSum(), SumOf<InputIteratorT>(), num_items, stream);
  }

  /** d_out[i] = the sum of d_in[0 .. i]: InclusiveScan with +, accumulated in the type of a sum of two items. */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t InclusiveSum(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                                  NumItemsT num_items, cudaStream_t stream = 0) {
    return Inclusive<SumOf<InputIteratorT>>(d_temp_storage, temp_storage_bytes, d_in, d_out, detail::HostSum(), num_items, stream);
  }

 private:
  /** The type of the sum of two items (int for char and short items, as CUB's sums). */
  template <typename InputIteratorT>
  using SumOf = decltype(std::declval<detail::ValueOf<InputIteratorT>>() + std::declval<detail::ValueOf<InputIteratorT>>());

  /** d_out[i] = scan_op over d_in[0 .. i], accumulated in AccT. */
  template <typename AccT, typename InputIteratorT, typename OutputIteratorT, typename ScanOpT, typename NumItemsT>
  static cudaError_t Inclusive(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                               ScanOpT scan_op, NumItemsT num_items, cudaStream_t stream) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    if (num_items <= 0) return cudaSuccess;
    AccT acc = d_in[0];
    d_out[0] = acc;
    for (NumItemsT i = 1; i < num_items; ++i) {
      acc = scan_op(acc, d_in[i]);
      d_out[i] = acc;
    }
    return cudaSuccess;
  }
};

}  // namespace cub
