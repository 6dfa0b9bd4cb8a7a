// cu2metal's CUB: cub::DeviceRunLengthEncode (Encode, NonTrivialRuns), written for cu2metal from
// CUB's documented API (not CUB's source). Runs on the host after synchronising the stream
// (device/device_common.cuh).
#pragma once
#include <cub/device/device_common.cuh>

namespace cub {

struct DeviceRunLengthEncode {
  /** Each run of equal items: its item to d_unique_out, its length to d_counts_out; the number of runs to *d_num_runs_out. */
  template <typename InputIteratorT, typename UniqueOutputIteratorT, typename LengthsOutputIteratorT, typename NumRunsOutputIteratorT, typename NumItemsT>
  static cudaError_t Encode(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, UniqueOutputIteratorT d_unique_out,
                            LengthsOutputIteratorT d_counts_out, NumRunsOutputIteratorT d_num_runs_out, NumItemsT num_items, cudaStream_t stream = 0) {
    return Runs(d_temp_storage, temp_storage_bytes, d_in, d_num_runs_out, num_items, stream, [&](NumItemsT run, NumItemsT first, NumItemsT end) {
      d_unique_out[run] = d_in[first];
      d_counts_out[run] = end - first;
      return true;
    });
  }

  /** Each run of two or more equal items: its offset to d_offsets_out, its length to d_lengths_out; their number to *d_num_runs_out. */
  template <typename InputIteratorT, typename OffsetsOutputIteratorT, typename LengthsOutputIteratorT, typename NumRunsOutputIteratorT, typename NumItemsT>
  static cudaError_t NonTrivialRuns(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, OffsetsOutputIteratorT d_offsets_out,
                                    LengthsOutputIteratorT d_lengths_out, NumRunsOutputIteratorT d_num_runs_out, NumItemsT num_items, cudaStream_t stream = 0) {
    return Runs(d_temp_storage, temp_storage_bytes, d_in, d_num_runs_out, num_items, stream, [&](NumItemsT run, NumItemsT first, NumItemsT end) {
      if (end - first < 2) return false;
      d_offsets_out[run] = first;
      d_lengths_out[run] = end - first;
      return true;
    });
  }

 private:
  /**
   * The two-call protocol around a walk over the runs of equal items of d_in: `write(run, first, end)`
   * is called for each run [first, end) and says whether it counted (as run number `run`); the number
   * counted goes to *d_num_runs_out.
   */
  template <typename InputIteratorT, typename NumRunsOutputIteratorT, typename NumItemsT, typename Write>
  static cudaError_t Runs(void *d_temp_storage, size_t &temp_storage_bytes, InputIteratorT d_in, NumRunsOutputIteratorT d_num_runs_out,
                          NumItemsT num_items, cudaStream_t stream, Write write) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    NumItemsT runs = 0;
    for (NumItemsT i = 0; i < num_items;) {
      const detail::ValueOf<InputIteratorT> v = d_in[i];
      NumItemsT j = i + 1;
      while (j < num_items && d_in[j] == v) ++j;
      if (write(runs, i, j)) ++runs;
      i = j;
    }
    *d_num_runs_out = runs;
    return cudaSuccess;
  }
};

}  // namespace cub
