// cu2metal's CUB: cub::CachingDeviceAllocator, written for cu2metal from CUB's documented API (not
// CUB's source). It allocates with cudaMalloc and frees with cudaFree, caching nothing (the
// documented behaviour, without the cache).
#pragma once
#include <cstddef>
#include <cuda_runtime.h>

namespace cub {

struct CachingDeviceAllocator {
  explicit CachingDeviceAllocator(bool skip_cleanup = false, bool debug = false) { (void)skip_cleanup; (void)debug; }
  CachingDeviceAllocator(unsigned int bin_growth, unsigned int min_bin = 1, unsigned int max_bin = 0, size_t max_cached_bytes = 0,
                         bool skip_cleanup = false, bool debug = false) {
    (void)bin_growth; (void)min_bin; (void)max_bin; (void)max_cached_bytes; (void)skip_cleanup; (void)debug;
  }

  /** *d_ptr = bytes of device memory (of the current device). */
  cudaError_t DeviceAllocate(void **d_ptr, size_t bytes, cudaStream_t active_stream = 0) {
    (void)active_stream;
    return cudaMalloc(d_ptr, bytes);
  }
  /** *d_ptr = bytes of device memory (the device argument is not used). */
  cudaError_t DeviceAllocate(int device, void **d_ptr, size_t bytes, cudaStream_t active_stream = 0) {
    (void)device;
    return DeviceAllocate(d_ptr, bytes, active_stream);
  }
  /** Frees memory of DeviceAllocate. */
  cudaError_t DeviceFree(void *d_ptr) { return cudaFree(d_ptr); }
  cudaError_t DeviceFree(int device, void *d_ptr) {
    (void)device;
    return cudaFree(d_ptr);
  }
  /** Nothing is cached. */
  cudaError_t FreeAllCached() { return cudaSuccess; }
};

}  // namespace cub
