// cu2metal's CUB: cub::DeviceSegmentedReduce (Sum, Max, Min, Reduce), written for cu2metal from
// CUB's documented API (not CUB's source). Segment i is d_in[d_begin_offsets[i] ..
// d_end_offsets[i]); an empty segment gives the initial value. Runs on the host after
// synchronising the stream (device/device_common.cuh).
#pragma once
#include <cub/device/device_common.cuh>

namespace cub {

struct DeviceSegmentedReduce {
  /** d_out[i] = reduction_op over segment i, starting from initial_value. */
  template <typename InputIteratorT, typename OutputIteratorT, typename BeginOffsetIteratorT, typename EndOffsetIteratorT, typename ReductionOp, typename T>
  static cudaError_t Reduce(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out, int num_segments,
                            BeginOffsetIteratorT d_begin_offsets, EndOffsetIteratorT d_end_offsets, ReductionOp reduction_op, T initial_value,
                            cudaStream_t stream = 0) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    for (int s = 0; s < num_segments; ++s) {
      T acc = initial_value;
      for (auto i = d_begin_offsets[s]; i < d_end_offsets[s]; ++i) acc = reduction_op(acc, d_in[i]);
      d_out[s] = acc;
    }
    return cudaSuccess;
  }

  /** d_out[i] = the sum of segment i (0 when empty). */
  template <typename InputIteratorT, typename OutputIteratorT, typename BeginOffsetIteratorT, typename EndOffsetIteratorT>
  static cudaError_t Sum(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out, int num_segments,
                         BeginOffsetIteratorT d_begin_offsets, EndOffsetIteratorT d_end_offsets, cudaStream_t stream = 0) {
    using OutT = detail::OutputValueOf<OutputIteratorT, detail::ValueOf<InputIteratorT>>;
    return Reduce(d_temp_storage, temp_storage_bytes, d_in, d_out, num_segments, d_begin_offsets, d_end_offsets, detail::HostSum(), OutT(), stream);
  }

  /** d_out[i] = the largest item of segment i (numeric_limits::lowest() when empty). */
  template <typename InputIteratorT, typename OutputIteratorT, typename BeginOffsetIteratorT, typename EndOffsetIteratorT>
  static cudaError_t Max(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out, int num_segments,
                         BeginOffsetIteratorT d_begin_offsets, EndOffsetIteratorT d_end_offsets, cudaStream_t stream = 0) {
    using InT = detail::ValueOf<InputIteratorT>;
    return Reduce(d_temp_storage, temp_storage_bytes, d_in, d_out, num_segments, d_begin_offsets, d_end_offsets, detail::HostMax(), std::numeric_limits<InT>::lowest(), stream);
  }

  /** d_out[i] = the smallest item of segment i (numeric_limits::max() when empty). */
  template <typename InputIteratorT, typename OutputIteratorT, typename BeginOffsetIteratorT, typename EndOffsetIteratorT>
  static cudaError_t Min(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out, int num_segments,
                         BeginOffsetIteratorT d_begin_offsets, EndOffsetIteratorT d_end_offsets, cudaStream_t stream = 0) {
    using InT = detail::ValueOf<InputIteratorT>;
    return Reduce(d_temp_storage, temp_storage_bytes, d_in, d_out, num_segments, d_begin_offsets, d_end_offsets, detail::HostMin(), std::numeric_limits<InT>::max(), stream);
  }
};

}  // namespace cub
