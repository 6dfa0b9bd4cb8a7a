// cu2metal's CUB: cub::DeviceReduce (Sum, Max, Min, ArgMax, ArgMin, Reduce), written for cu2metal
// from CUB's documented API (not CUB's source). Runs on the host after synchronising the stream
// (device/device_common.cuh); reduces in item order.
#pragma once
#include <cub/device/device_common.cuh>

namespace cub {

struct DeviceReduce {
  /** *d_out = reduction_op over d_in[0 .. num_items), starting from init (init alone when num_items is 0). */
  template <typename InputIteratorT, typename OutputIteratorT, typename ReductionOpT, typename T, typename NumItemsT>
  static cudaError_t Reduce(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                            NumItemsT num_items, ReductionOpT reduction_op, T init, cudaStream_t stream = 0) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    T acc = init;
    for (NumItemsT i = 0; i < num_items; ++i) acc = reduction_op(acc, d_in[i]);
    *d_out = acc;
    return cudaSuccess;
  }

  /** *d_out = the sum of d_in[0 .. num_items), in the output's value type (0 when num_items is 0). */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t Sum(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                         NumItemsT num_items, cudaStream_t stream = 0) {
    using OutT = detail::OutputValueOf<OutputIteratorT, detail::ValueOf<InputIteratorT>>;
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    OutT acc = OutT();
    for (NumItemsT i = 0; i < num_items; ++i) acc = acc + d_in[i];
    *d_out = acc;
    return cudaSuccess;
  }

  /** *d_out = the largest of d_in[0 .. num_items) (numeric_limits::lowest() when num_items is 0). */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t Max(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                         NumItemsT num_items, cudaStream_t stream = 0) {
    using InT = detail::ValueOf<InputIteratorT>;
    return Reduce(d_temp_storage, temp_storage_bytes, d_in, d_out, num_items, detail::HostMax(), std::numeric_limits<InT>::lowest(), stream);
  }

  /** *d_out = the smallest of d_in[0 .. num_items) (numeric_limits::max() when num_items is 0). */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t Min(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                         NumItemsT num_items, cudaStream_t stream = 0) {
    using InT = detail::ValueOf<InputIteratorT>;
    return Reduce(d_temp_storage, temp_storage_bytes, d_in, d_out, num_items, detail::HostMin(), std::numeric_limits<InT>::max(), stream);
  }

  /** *d_out = {offset, value} of the first largest item ({1, lowest()} when num_items is 0). */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t ArgMax(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                            NumItemsT num_items, cudaStream_t stream = 0) {
    return Arg(d_temp_storage, temp_storage_bytes, d_in, d_out, num_items, stream, true);
  }

  /** *d_out = {offset, value} of the first smallest item ({1, max()} when num_items is 0). */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t ArgMin(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                            NumItemsT num_items, cudaStream_t stream = 0) {
    return Arg(d_temp_storage, temp_storage_bytes, d_in, d_out, num_items, stream, false);
  }

 private:
  template <typename InputIteratorT, typename OutputIteratorT, typename NumItemsT>
  static cudaError_t Arg(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                         NumItemsT num_items, cudaStream_t stream, bool largest) {
    using InT = detail::ValueOf<InputIteratorT>;
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    KeyValuePair<int, InT> best;
    best.key = 1;
    best.value = largest ? std::numeric_limits<InT>::lowest() : std::numeric_limits<InT>::max();
    for (NumItemsT i = 0; i < num_items; ++i) {
      const InT v = d_in[i];
      if (i == 0 || (largest ? v > best.value : v < best.value)) {
        best.key = static_cast<int>(i);
        best.value = v;
      }
    }
    d_out->key = best.key;
    d_out->value = best.value;
    return cudaSuccess;
  }
};

}  // namespace cub
