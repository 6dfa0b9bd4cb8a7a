// cu2metal's CUB: cub::DeviceHistogram (HistogramEven, HistogramRange, one channel), written for
// cu2metal from CUB's documented API (not CUB's source). num_levels boundaries make num_levels - 1
// bins; samples outside [first level, last level) are not counted. Runs on the host after
// synchronising the stream (device/device_common.cuh).
#pragma once
#include <cub/device/device_common.cuh>

namespace cub {

struct DeviceHistogram {
  /** d_histogram[b] = the samples in [lower + b*w, lower + (b+1)*w), w = (upper - lower) / (num_levels - 1). */
  template <typename SampleIteratorT, typename CounterT, typename LevelT, typename OffsetT>
  static cudaError_t HistogramEven(void *d_temp_storage, size_t &temp_storage_bytes, SampleIteratorT d_samples, CounterT *d_histogram,
                                   int num_levels, LevelT lower_level, LevelT upper_level, OffsetT num_samples, cudaStream_t stream = 0) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    const int bins = num_levels - 1;
    for (int b = 0; b < bins; ++b) d_histogram[b] = 0;
    for (OffsetT i = 0; i < num_samples; ++i) {
      const LevelT s = static_cast<LevelT>(d_samples[i]);
      if (!(s >= lower_level && s < upper_level)) continue;
      int b = static_cast<int>((s - lower_level) * bins / (upper_level - lower_level));
      if (b >= bins) b = bins - 1;
      d_histogram[b] += 1;
    }
    return cudaSuccess;
  }

  /** d_histogram[b] = the samples in [d_levels[b], d_levels[b + 1]). */
  template <typename SampleIteratorT, typename CounterT, typename LevelT, typename OffsetT>
  static cudaError_t HistogramRange(void *d_temp_storage, size_t &temp_storage_bytes, SampleIteratorT d_samples, CounterT *d_histogram,
                                    int num_levels, const LevelT *d_levels, OffsetT num_samples, cudaStream_t stream = 0) {
    cudaError_t status;
    if (detail::SizeQuery(d_temp_storage, temp_storage_bytes, stream, status)) return status;
    const int bins = num_levels - 1;
    for (int b = 0; b < bins; ++b) d_histogram[b] = 0;
    for (OffsetT i = 0; i < num_samples; ++i) {
      const LevelT s = static_cast<LevelT>(d_samples[i]);
      int lo = 0, hi = bins;  // the bin b with d_levels[b] <= s < d_levels[b + 1]
      if (bins <= 0 || !(s >= d_levels[0] && s < d_levels[bins])) continue;
      while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        if (s < d_levels[mid]) hi = mid; else lo = mid;
      }
      d_histogram[lo] += 1;
    }
    return cudaSuccess;
  }
};

}  // namespace cub
