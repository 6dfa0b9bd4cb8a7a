// cu2metal's CUB: the block and warp collectives of CUB's documented API, in CUDA that cu2metal
// translates (templates, __shared__ storage, __syncthreads, warp shuffles), so that a program's
// kernels using them run on every backend, and the device-wide algorithms (cub::DeviceReduce,
// DeviceScan ...), which run on the host over the device memory (device/device_common.cuh).
// Written for cu2metal from the API's documentation; not CUB's source.
#pragma once
#include <cassert>  // (programs count on CUB's headers for assert and std::chrono)
#include <chrono>
#include <cub/util_type.cuh>
#include <cub/thread/thread_operators.cuh>
#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>
#include <cub/block/block_load.cuh>
#include <cub/block/block_store.cuh>
#include <cub/block/block_adjacent_difference.cuh>
#include <cub/block/block_discontinuity.cuh>
#include <cub/block/block_histogram.cuh>
#include <cub/block/block_exchange.cuh>
#include <cub/block/block_radix_sort.cuh>
#include <cub/warp/warp_reduce.cuh>
#include <cub/warp/warp_scan.cuh>
#include <cub/warp/warp_exchange.cuh>
#include <cub/util_macro.cuh>
#include <cub/util_debug.cuh>
#include <cub/util_allocator.cuh>
#include <cub/iterator/counting_input_iterator.cuh>
#include <cub/iterator/transform_input_iterator.cuh>
#include <cub/device/device_reduce.cuh>
#include <cub/device/device_scan.cuh>
#include <cub/device/device_select.cuh>
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_run_length_encode.cuh>
#include <cub/device/device_segmented_reduce.cuh>
#include <cub/device/device_histogram.cuh>
