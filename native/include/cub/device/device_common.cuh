// cu2metal's CUB: what the device-wide algorithms (cub::DeviceReduce, DeviceScan ...) share,
// written for cu2metal from CUB's documented API (not CUB's source).
//
// The algorithms run on the host CPU over the program's device pointers: device memory is
// host-visible on every backend (cudaMalloc memory is host memory on the CPU backends and
// MTLStorageModeShared on Metal). Each keeps CUB's two-call protocol: a call with
// d_temp_storage == nullptr only writes temp_storage_bytes; the next call waits for the work
// queued on its stream (cudaStreamSynchronize), then does the work before it returns. This header
// has no device code, so the host program includes it as it is (docs/DESIGN.md).
#pragma once
#include <cstddef>
#include <iterator>
#include <limits>
#include <type_traits>
#include <utility>
#include <cuda_runtime.h>
#include <cub/util_type.cuh>

namespace cub {
namespace detail {

/** The bytes of temporary storage every algorithm asks for (none is used; never 0, so that a program allocating only a non-zero size passes a non-null pointer). */
constexpr size_t kTempStorageBytes = 16;

/**
 * The two-call protocol: true for the first call (d_temp_storage == nullptr, which only reports
 * the size); otherwise waits for the stream's queued work, after which the device memory may be
 * read and written here.
 */
inline bool SizeQuery(void *d_temp_storage, size_t &temp_storage_bytes, cudaStream_t stream, cudaError_t &status) {
  status = cudaSuccess;
  if (d_temp_storage == nullptr) {
    temp_storage_bytes = kTempStorageBytes;
    return true;
  }
  status = cudaStreamSynchronize(stream);
  return status != cudaSuccess;
}

/** The value type of an iterator (a pointer's element type). */
template <typename It>
using ValueOf = typename std::remove_cv<typename std::iterator_traits<It>::value_type>::type;

/** The value type of an output iterator, or Fallback where it has none (void). */
template <typename It, typename Fallback>
using OutputValueOf = typename std::conditional<std::is_void<ValueOf<It>>::value, Fallback, ValueOf<It>>::type;

/** a + b, the larger and the smaller (the device-wide algorithms' own: thread_operators.cuh has device code, which the host program does not include as a header). */
struct HostSum {
  template <typename A, typename B> auto operator()(const A &a, const B &b) const -> decltype(a + b) { return a + b; }
};
struct HostMax {
  template <typename T> T operator()(const T &a, const T &b) const { return b > a ? b : a; }
};
struct HostMin {
  template <typename T> T operator()(const T &a, const T &b) const { return b < a ? b : a; }
};

}  // namespace detail
}  // namespace cub
