// cu2metal's CUB: the block and warp collectives of CUB's documented API, in CUDA that cu2metal
// translates (templates, __shared__ storage, __syncthreads, warp shuffles), so that a program's
// kernels using them run on every backend. Written for cu2metal from the API's documentation;
// not CUB's source. Not provided: the device-wide algorithms (cub::DeviceReduce ...).
#pragma once
#include <cassert>  // (programs count on CUB's headers for assert)
#include <cub/util_type.cuh>
#include <cub/thread/thread_operators.cuh>
#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>
#include <cub/warp/warp_reduce.cuh>
#include <cub/warp/warp_scan.cuh>
