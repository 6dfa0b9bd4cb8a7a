// cu2metal's CUB: cub::DeviceSelect (Flagged, If, Unique), written for cu2metal from CUB's
// documented API (not CUB's source). Runs on the host after synchronising the stream
// (device/device_common.cuh); the selected items keep their order.
#pragma once
#include <cub/device/device_common.cuh>

namespace cub {

struct DeviceSelect {
  /** The items of d_in whose flag is set, to d_out; their count to *d_num_selected_out. */
  template <typename InputIteratorT, typename FlagIterator, typename OutputIteratorT, typename NumSelectedIteratorT, typename NumItemsT>
  static cudaError_t Flagged(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, FlagIterator d_flags,
                             OutputIteratorT d_out, NumSelectedIteratorT d_num_selected_out, NumItemsT num_items, cudaStream_t stream = 0) {
    return Select(d_temp_storage, temp_storage_bytes, d_in, d_out, d_num_selected_out, num_items, stream,
                  [&](NumItemsT i, const detail::ValueOf<InputIteratorT> &) { return static_cast<bool>(d_flags[i]); });
  }

  /** The items of d_in for which select_op is true, to d_out; their count to *d_num_selected_out. */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumSelectedIteratorT, typename NumItemsT, typename SelectOp>
  static cudaError_t If(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                        NumSelectedIteratorT d_num_selected_out, NumItemsT num_items, SelectOp select_op, cudaStream_t stream = 0) {
    return Select(d_temp_storage, temp_storage_bytes, d_in, d_out, d_num_selected_out, num_items, stream,
                  [&](NumItemsT, const detail::ValueOf<InputIteratorT> &v) { return static_cast<bool>(select_op(v)); });
  }

  /** The first item of each run of equal items, to d_out; their count to *d_num_selected_out. */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumSelectedIteratorT, typename NumItemsT>
  static cudaError_t Unique(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                            NumSelectedIteratorT d_num_selected_out, NumItemsT num_items, cudaStream_t stream = 0) {
    detail::ValueOf<InputIteratorT> last{};
    return Select(d_temp_storage, temp_storage_bytes, d_in, d_out, d_num_selected_out, num_items, stream,
                  [&](NumItemsT i, const detail::ValueOf<InputIteratorT> &v) {
                    const bool first = i == 0 || !(v == last);
                    last = v;
                    return first;
                  });
  }

 private:
  /** The two-call protocol around copying, in order, the items for which keep(i, item) is true; their count to *d_num_selected_out. */
  template <typename InputIteratorT, typename OutputIteratorT, typename NumSelectedIteratorT, typename NumItemsT, typename Keep>
  static cudaError_t Select(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OutputIteratorT d_out,
                            NumSelectedIteratorT d_num_selected_out, NumItemsT num_items, cudaStream_t stream, Keep keep) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    NumItemsT n = 0;
    for (NumItemsT i = 0; i < num_items; ++i) {
      const detail::ValueOf<InputIteratorT> v = d_in[i];
      if (keep(i, v)) d_out[n++] = v;
    }
    *d_num_selected_out = n;
    return cudaSuccess;
  }
};

}  // namespace cub
