// Stream capture hooks for the stream-ordered calls of cuda_api.cpp (implemented in graph.cpp).
//
// Every stream-ordered operation first asks whether its stream is capturing: if so, the operation
// becomes a node of the capture's graph instead of running (or the capture is invalidated, as CUDA
// does for operations a capture cannot hold), and the call returns *result. Handles are the
// cudaStream_t / cudaEvent_t values as void pointers, so this header needs no CUDA header.
#ifndef CU2M_RUNTIME_GRAPH_H
#define CU2M_RUNTIME_GRAPH_H

#include "runtime.h"

struct cu2m_grid_split; // native/include/cu2m/graph_api.h

namespace cu2m {
namespace capture {

// True when the operation was taken by a capture (recorded, or refused); *result is then the call's
// return value. False: no capture involved, run it normally.
bool kernel(const void* stream, const cu2m_kernel_info& kernel, const LaunchConfig& config,
            void* const* args, Error* result);
bool memcpy(const void* stream, void* dst, const void* src, size_t bytes, CopyKind kind, Error* result);
bool memset(const void* stream, void* dst, int value, size_t bytes, Error* result);
// For the pitched copies (cudaMemcpy2DAsync, cudaMemcpy3DAsync); `parms` is a cudaMemcpy3DParms*.
bool memcpy2D(const void* stream, void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
              size_t height, CopyKind kind, Error* result);
bool memcpy3D(const void* stream, const void* parms, Error* result);
// cudaMemset2DAsync (cudaMemset3DAsync: one call per slice, each becomes a node in stream order).
bool memset2D(const void* stream, void* dst, size_t pitch, int value, size_t width, size_t height,
              Error* result);
// cudaLaunchHostFunc: a host node.
bool hostFunc(const void* stream, void (*fn)(void*), void* userData, Error* result);
// cudaMallocAsync / cudaFreeAsync: memory allocation and free nodes (*ptr gets the node's fixed
// address); freeing memory that no graph allocated is refused with a message.
bool mallocAsync(const void* stream, void** ptr, size_t bytes, Error* result);
bool freeAsync(const void* stream, void* ptr, Error* result);
// cudaFree / cudaFreeAsync (not captured) of memory a graph allocated: true when `ptr` is such an
// allocation. Allowed for an allocation that is allocated now and not freed by its own graph (the
// address stays reserved for the graph's next run); otherwise cudaErrorInvalidValue with a message.
bool freeGraphMemory(void* ptr, const char* api, Error* result);
bool eventRecord(const void* stream, const void* event, Error* result);
bool streamWaitEvent(const void* stream, const void* event, Error* result);

// A synchronous or "potentially unsafe" call (cudaMalloc, cudaMemcpy, cudaDeviceSynchronize...):
// while a capture that the calling thread must respect is active (CUDA's capture-mode rules),
// invalidates it and returns cudaErrorStreamCaptureUnsupported; otherwise Success.
Error prohibited(const char* api);
// cudaStreamSynchronize / cudaStreamQuery of a capturing stream: invalidates the capture and
// returns cudaErrorStreamCaptureUnsupported; Success when the stream is not capturing.
Error streamSync(const void* stream, const char* api);

} // namespace capture

// The host function (stub address) registered for `kernel`, or nullptr (registry.cpp).
const void* registeredHostFunc(const cu2m_kernel_info* kernel);
// A kernel split at its grid syncs launched without cudaLaunchCooperativeKernel (`<<<>>>`,
// cudaLaunchKernel): its parts run as in a cooperative launch when the grid's blocks can all be
// resident at once (CUDA's grid.sync() then works too), else cudaErrorCooperativeLaunchTooLarge and
// nothing runs (CUDA would wait forever at the sync).
// Returns the launch's error (cudaError_t's value), already recorded as the last error.
Error launchGridSplitUncooperative(const cu2m_grid_split& split, const LaunchConfig& config, void** args,
                                   const void* stream);

} // namespace cu2m

#endif // CU2M_RUNTIME_GRAPH_H
