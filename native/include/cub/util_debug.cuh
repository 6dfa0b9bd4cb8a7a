// cu2metal's CUB: CubDebug and CubDebugExit, written for cu2metal from CUB's documented API (not
// CUB's source). CubDebug(e) returns e, printing it with the file and line when it is an error and
// CUB_STDERR is defined; CubDebugExit(e) also exits the program on an error.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

namespace cub {

/** e, printed with where it came from when it is an error (and CUB_STDERR is defined). */
inline cudaError_t Debug(cudaError_t error, const char *filename, int line) {
#ifdef CUB_STDERR
  if (error != cudaSuccess) std::fprintf(stderr, "CUDA error %d [%s, %d]: %s\n", static_cast<int>(error), filename, line, cudaGetErrorString(error));
#else
  (void)filename;
  (void)line;
#endif
  return error;
}

}  // namespace cub

#ifndef CubDebug
#define CubDebug(e) ::cub::Debug(static_cast<cudaError_t>(e), __FILE__, __LINE__)
#endif
#ifndef CubDebugExit
#define CubDebugExit(e) \
  do { \
    if (::cub::Debug(static_cast<cudaError_t>(e), __FILE__, __LINE__)) std::exit(1); \
  } while (0)
#endif
