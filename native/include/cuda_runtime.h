// cu2metal — the CUDA runtime API as seen by translated host programs.
//
// Compiled into users' host programs (`clang++ -std=c++17 -I native/include -include cuda_runtime.h`)
// and implemented by the runtime core in native/runtime/ (see docs/DESIGN.md). Error codes, enum
// values, vector-type layouts and the device-attribute numbers follow CUDA 12 so that programs that
// print or compare them behave as on NVIDIA hardware.
//
// Everything here is host code: the CUDA execution-space qualifiers below are no-ops because kernel
// bodies have been replaced by launch stubs before this header is ever seen.
#ifndef __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_H__

#ifndef __cplusplus
#error "cu2metal: cuda_runtime.h is C++ only"
#endif

#include <stddef.h>
#include <stdint.h>
// nvcc's cuda_runtime.h brings the C math and stdlib declarations with it (through
// math_functions.h); programs rely on that, e.g. calling fabs() without including <math.h>.
#include <math.h>
#include <stdlib.h>
// ...and INT_MAX & co. (HeCBench hungarian uses INT_MAX with no <limits.h> of its own).
#include <limits.h>
// ...and memset/memcpy (its common_functions.h includes <string.h>; HeCBench flame calls memset
// with no <string.h> of its own).
#include <string.h>
#ifdef __cplusplus
#include <cmath>
#include <cstdlib>
#endif

#ifdef __cplusplus
// min/max: CUDA's overload set (math_functions.hpp), including the mixed
// signed/unsigned forms; nvcc makes them visible to host code as well.
inline int min(int a, int b) { return a < b ? a : b; }
inline unsigned min(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned min(int a, unsigned b) { return min(unsigned(a), b); }
inline unsigned min(unsigned a, int b) { return min(a, unsigned(b)); }
inline long min(long a, long b) { return a < b ? a : b; }
inline unsigned long min(unsigned long a, unsigned long b) { return a < b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline unsigned long long min(unsigned long long a, unsigned long long b) { return a < b ? a : b; }
inline unsigned long long min(long long a, unsigned long long b) { return min((unsigned long long)a, b); }
inline unsigned long long min(unsigned long long a, long long b) { return min(a, (unsigned long long)b); }
inline float min(float a, float b) { return fminf(a, b); }
inline double min(double a, double b) { return fmin(a, b); }
inline double min(float a, double b) { return fmin(double(a), b); }
inline double min(double a, float b) { return fmin(a, double(b)); }
inline int max(int a, int b) { return a < b ? b : a; }
inline unsigned max(unsigned a, unsigned b) { return a < b ? b : a; }
inline unsigned max(int a, unsigned b) { return max(unsigned(a), b); }
inline unsigned max(unsigned a, int b) { return max(a, unsigned(b)); }
inline long max(long a, long b) { return a < b ? b : a; }
inline unsigned long max(unsigned long a, unsigned long b) { return a < b ? b : a; }
inline long long max(long long a, long long b) { return a < b ? b : a; }
inline unsigned long long max(unsigned long long a, unsigned long long b) { return a < b ? b : a; }
inline unsigned long long max(long long a, unsigned long long b) { return max((unsigned long long)a, b); }
inline unsigned long long max(unsigned long long a, long long b) { return max(a, (unsigned long long)b); }
inline float max(float a, float b) { return fmaxf(a, b); }
inline double max(double a, double b) { return fmax(a, b); }
inline double max(float a, double b) { return fmax(double(a), b); }
inline double max(double a, float b) { return fmax(a, double(b)); }
inline unsigned umin(unsigned a, unsigned b) { return min(a, b); }
inline unsigned umax(unsigned a, unsigned b) { return max(a, b); }
inline long long llmin(long long a, long long b) { return min(a, b); }
inline long long llmax(long long a, long long b) { return max(a, b); }
inline unsigned long long ullmin(unsigned long long a, unsigned long long b) { return min(a, b); }
inline unsigned long long ullmax(unsigned long long a, unsigned long long b) { return max(a, b); }

// CUDA's math functions beyond the C library, which nvcc provides to host code as well (helper
// headers call them from __host__ __device__ functions).
// Names that newer C libraries also declare (C23: rsqrt, sinpi, cospi...) are defined under a
// cu2m_ name and mapped by macros, so that a glibc declaring them does not clash.
inline float cu2m_rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline double cu2m_rsqrt(double x) { return 1.0 / sqrt(x); }
// sinpi/cospi: exact reduction to [-1/2, 1/2] first, so that sinpif(1) == 0 and cospif(0.5) == 0.
template <class T> inline T cu2m_sinpi_(T x) {
  T r = x - T(2) * rint(T(0.5) * x);
  if (r > T(0.5)) r = T(1) - r;
  else if (r < T(-0.5)) r = T(-1) - r;
  return sin(T(3.141592653589793238462643383279502884) * r);
}
template <class T> inline T cu2m_cospi_(T x) {
  T r = fabs(x - T(2) * rint(T(0.5) * x));
  const T pi = T(3.141592653589793238462643383279502884);
  return r > T(0.5) ? -sin(pi * (r - T(0.5))) : sin(pi * (T(0.5) - r));
}
inline float cu2m_sinpif(float x) { return cu2m_sinpi_(x); }
inline float cu2m_cospif(float x) { return cu2m_cospi_(x); }
inline double cu2m_sinpi(double x) { return cu2m_sinpi_(x); }
inline double cu2m_cospi(double x) { return cu2m_cospi_(x); }
#define rsqrtf cu2m_rsqrtf
#define rsqrt cu2m_rsqrt
#define sinpif cu2m_sinpif
#define cospif cu2m_cospif
#define sinpi cu2m_sinpi
#define cospi cu2m_cospi
inline float rcbrtf(float x) { return 1.0f / cbrtf(x); }
inline double rcbrt(double x) { return 1.0 / cbrt(x); }
inline void sincospif(float x, float* s, float* c) { *s = sinpif(x); *c = cospif(x); }
inline void sincospi(double x, double* s, double* c) { *s = sinpi(x); *c = cospi(x); }
// The float versions in double, rounded once at the end (the reference the MSL polyfills of
// src/translate/tables/floatMath.ts are measured against; within CUDA's bounds): erfc(-x/√2) with
// -x/√2 rounded in float would be 100+ ulp off in the tail, sqrt(a² + b² + c²) in float overflows.
inline float normcdff(float x) { return float(0.5 * erfc(-double(x) * 0.70710678118654752440)); }
inline double normcdf(double x) { return 0.5 * erfc(-x * 0.70710678118654752440); }
inline float rhypotf(float x, float y) { return float(1.0 / hypot(double(x), double(y))); } // in double: 1/hypot of the largest floats is not 0
inline double rhypot(double x, double y) { return 1.0 / hypot(x, y); }
// The sum of squares of n floats in double; infinite when one is infinite, even with a NaN (as hypot).
inline double cu2m_sum_squares(int n, const float* p) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += double(p[i]) * p[i];
  for (int i = 0; i < n; ++i) if (isinf(p[i])) return INFINITY;
  return s;
}
inline float norm3df(float a, float b, float c) { const float v[] = {a, b, c}; return float(sqrt(cu2m_sum_squares(3, v))); }
inline float rnorm3df(float a, float b, float c) { const float v[] = {a, b, c}; return float(1.0 / sqrt(cu2m_sum_squares(3, v))); }
inline float norm4df(float a, float b, float c, float d) { const float v[] = {a, b, c, d}; return float(sqrt(cu2m_sum_squares(4, v))); }
inline float rnorm4df(float a, float b, float c, float d) { const float v[] = {a, b, c, d}; return float(1.0 / sqrt(cu2m_sum_squares(4, v))); }
inline double norm3d(double a, double b, double c) { return sqrt(a * a + b * b + c * c); }
inline double norm4d(double a, double b, double c, double d) { return sqrt(a * a + b * b + c * c + d * d); }
// Modified Bessel functions of the first kind, orders 0 and 1 (the C library has none): the C++17
// special function in long double, rounded once. j0f/y0f/jnf... are the C library's own.
inline long double cu2m_bessel_il(int nu, long double x) { // I0, I1 of x >= 0 (libstdc++ throws at infinity)
  return std::isinf(x) ? x : std::cyl_bessel_il((long double)nu, x);
}
inline float cyl_bessel_i0f(float x) { return float(cu2m_bessel_il(0, fabsl(x))); }
inline double cyl_bessel_i0(double x) { return double(cu2m_bessel_il(0, fabsl(x))); }
inline float cyl_bessel_i1f(float x) { return float(std::copysign(cu2m_bessel_il(1, fabsl(x)), (long double)x)); }
inline double cyl_bessel_i1(double x) { return double(std::copysign(cu2m_bessel_il(1, fabsl(x)), (long double)x)); }
inline float normf(int dim, const float* p) { return float(sqrt(cu2m_sum_squares(dim, p))); }
inline float rnormf(int dim, const float* p) { return float(1.0 / sqrt(cu2m_sum_squares(dim, p))); }
// Of doubles: the squares summed in long double (no overflow, 64-bit significand), rounded once.
inline long double cu2m_sum_squares_d(int n, const double* p) {
  long double s = 0;
  for (int i = 0; i < n; ++i) s += (long double)p[i] * p[i];
  for (int i = 0; i < n; ++i) if (isinf(p[i])) return INFINITY;
  return s;
}
inline double norm(int dim, const double* p) { return double(sqrtl(cu2m_sum_squares_d(dim, p))); }
inline double rnorm(int dim, const double* p) { return double(1.0L / sqrtl(cu2m_sum_squares_d(dim, p))); }
// erfcinv of q in (0, 1] in double: Newton's method on log erfc(y) = log q (exact enough where erfc
// is tiny), from y = sqrt(-log q); erfinv from it where |x| > 1/2 (1 - |x| is exact), else Newton on erf.
inline double cu2m_erfcinv_d(double q) {
  double y = q < 0.5 ? sqrt(-log(q)) : 0.5, L = log(q);
  for (int i = 0; i < 60; ++i) {
    double e = erfc(y), d = (log(e) - L) * e * 0.88622692545275801365 * exp(y * y);
    y += d;
    if (fabs(d) <= 1e-17 * y) break;
  }
  return y;
}
inline double cu2m_erfinv_d(double x) {
  double a = fabs(x);
  if (!(a <= 1.0)) return NAN;
  if (a == 1.0) return copysign(INFINITY, x);
  if (a > 0.5) return copysign(cu2m_erfcinv_d(1.0 - a), x);
  double y = a * 0.88622692545275801365;
  for (int i = 0; i < 60; ++i) {
    double d = (a - erf(y)) * 0.88622692545275801365 * exp(y * y);
    y += d;
    if (fabs(d) <= 1e-17 * y) break;
  }
  return copysign(y, x);
}
inline double cu2m_erfcinv_all(double q) { // q in [0, 2]
  if (!(q >= 0.0 && q <= 2.0)) return NAN;
  if (q == 0.0) return INFINITY;
  if (q == 2.0) return -INFINITY;
  if (q > 1.0) return -cu2m_erfcinv_all(2.0 - q);
  return q >= 0.5 ? cu2m_erfinv_d(1.0 - q) : cu2m_erfcinv_d(q);
}
inline float erfinvf(float x) { return float(cu2m_erfinv_d(x)); }
inline float erfcinvf(float q) { return float(cu2m_erfcinv_all(q)); }
inline float normcdfinvf(float p) { return float(-1.41421356237309504880 * cu2m_erfcinv_all(2.0 * double(p))); }
#endif

// CUDA's intrinsics (__fadd_rd, __int_as_float, __popc ...) for `__host__ __device__` code.
#include "cu2m/intrinsics.h"

#include "cu2m/abi.h"

// Marker macros that CUDA's own headers define and that helper headers (e.g. the samples'
// helper_cuda.h) test for.
#define __DRIVER_TYPES_H__
#define __VECTOR_TYPES_H__
#define __CUDA_RUNTIME_API_H__
#define CUDART_VERSION 12000
#define CU2METAL 1

// ---- Execution-space and memory-space qualifiers: no-ops on the host -------------------------
#define __global__
#define __device__
#define __host__
#define __shared__
#define __constant__
#define __managed__
#define __noinline__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __launch_bounds__(...)
#define __grid_constant__ // a read-only kernel parameter (CUDA 11.7): scalars are passed by value anyway
#define __device_builtin__
#define __builtin_align__(a) alignas(a)
#define __align__(a) alignas(a)
#define __cudart_builtin__
#define CUDARTAPI

// ---- Errors ------------------------------------------------------------------------------------
// X(name, value, cudaGetErrorString text). Values are CUDA 12's.
#define CU2M_CUDA_ERRORS(X)                                                                        \
  X(cudaSuccess, 0, "no error")                                                                    \
  X(cudaErrorInvalidValue, 1, "invalid argument")                                                  \
  X(cudaErrorMemoryAllocation, 2, "out of memory")                                                 \
  X(cudaErrorInitializationError, 3, "initialization error")                                       \
  X(cudaErrorCudartUnloading, 4, "driver shutting down")                                           \
  X(cudaErrorProfilerDisabled, 5, "profiler disabled while using external profiling tool")         \
  X(cudaErrorInvalidConfiguration, 9, "invalid configuration argument")                            \
  X(cudaErrorInvalidPitchValue, 12, "invalid pitch argument")                                      \
  X(cudaErrorInvalidSymbol, 13, "invalid device symbol")                                           \
  X(cudaErrorInvalidHostPointer, 16, "invalid host pointer")                                       \
  X(cudaErrorInvalidDevicePointer, 17, "invalid device pointer")                                   \
  X(cudaErrorInvalidTexture, 18, "invalid texture reference")                                      \
  X(cudaErrorInvalidChannelDescriptor, 20, "invalid channel descriptor")                           \
  X(cudaErrorInvalidMemcpyDirection, 21, "invalid copy direction for memcpy")                      \
  X(cudaErrorInvalidFilterSetting, 26, "invalid filter setting")                                   \
  X(cudaErrorInvalidNormSetting, 27, "invalid norm setting")                                       \
  X(cudaErrorMixedDeviceExecution, 28, "mixed device execution")                                  \
  X(cudaErrorNotYetImplemented, 31, "feature not yet implemented")                                 \
  X(cudaErrorMemoryValueTooLarge, 32, "memory size or pointer value too large to fit in 32 bit")   \
  X(cudaErrorInsufficientDriver, 35, "CUDA driver version is insufficient for CUDA runtime version") \
  X(cudaErrorInvalidSurface, 37, "invalid surface reference")                                      \
  X(cudaErrorDuplicateVariableName, 43, "duplicate global variable looked up by string name")      \
  X(cudaErrorDuplicateTextureName, 44, "duplicate texture looked up by string name")               \
  X(cudaErrorDuplicateSurfaceName, 45, "duplicate surface looked up by string name")               \
  X(cudaErrorDevicesUnavailable, 46, "CUDA-capable device(s) is/are busy or unavailable")          \
  X(cudaErrorIncompatibleDriverContext, 49, "incompatible driver context")                         \
  X(cudaErrorMissingConfiguration, 52, "__global__ function call is not configured")               \
  X(cudaErrorPriorLaunchFailure, 53, "unspecified launch failure in prior launch")                 \
  X(cudaErrorLaunchMaxDepthExceeded, 65, "launch would exceed maximum depth of nested launches")   \
  X(cudaErrorSyncDepthExceeded, 68, "cannot synchronize at the requested nesting depth")           \
  X(cudaErrorLaunchPendingCountExceeded, 69, "launch failed because launch pending count exceeded") \
  X(cudaErrorInvalidDeviceFunction, 98, "invalid device function")                                 \
  X(cudaErrorNoDevice, 100, "no CUDA-capable device is detected")                                  \
  X(cudaErrorInvalidDevice, 101, "invalid device ordinal")                                         \
  X(cudaErrorDeviceNotLicensed, 102, "device doesn't have valid Grid license")                     \
  X(cudaErrorStartupFailure, 127, "startup failure in cuda runtime")                               \
  X(cudaErrorInvalidKernelImage, 200, "device kernel image is invalid")                            \
  X(cudaErrorDeviceUninitialized, 201, "invalid device context")                                   \
  X(cudaErrorMapBufferObjectFailed, 205, "mapping of buffer object failed")                        \
  X(cudaErrorUnmapBufferObjectFailed, 206, "unmapping of buffer object failed")                    \
  X(cudaErrorArrayIsMapped, 207, "array is mapped")                                                \
  X(cudaErrorAlreadyMapped, 208, "resource already mapped")                                        \
  X(cudaErrorNoKernelImageForDevice, 209, "no kernel image is available for execution on the device") \
  X(cudaErrorAlreadyAcquired, 210, "resource already acquired")                                    \
  X(cudaErrorNotMapped, 211, "resource not mapped")                                                \
  X(cudaErrorNotMappedAsArray, 212, "resource not mapped as array")                                \
  X(cudaErrorNotMappedAsPointer, 213, "resource not mapped as pointer")                            \
  X(cudaErrorECCUncorrectable, 214, "uncorrectable ECC error encountered")                         \
  X(cudaErrorUnsupportedLimit, 215, "limit is not supported on this architecture")                 \
  X(cudaErrorPeerAccessUnsupported, 217, "peer access is not supported between these two devices") \
  X(cudaErrorInvalidPtx, 218, "a PTX JIT compilation failed")                                      \
  X(cudaErrorInvalidGraphicsContext, 219, "invalid OpenGL or DirectX context")                     \
  X(cudaErrorNvlinkUncorrectable, 220, "uncorrectable NVLink error detected during the execution") \
  X(cudaErrorJitCompilerNotFound, 221, "PTX JIT compiler library not found")                       \
  X(cudaErrorUnsupportedPtxVersion, 222, "the provided PTX was compiled with an unsupported toolchain.") \
  X(cudaErrorInvalidSource, 300, "device kernel image is invalid")                                 \
  X(cudaErrorFileNotFound, 301, "file not found")                                                  \
  X(cudaErrorSharedObjectSymbolNotFound, 302, "shared object symbol not found")                    \
  X(cudaErrorSharedObjectInitFailed, 303, "shared object initialization failed")                   \
  X(cudaErrorOperatingSystem, 304, "OS call failed or operation not supported on this OS")         \
  X(cudaErrorInvalidResourceHandle, 400, "invalid resource handle")                                \
  X(cudaErrorIllegalState, 401, "the operation cannot be performed in the present state")          \
  X(cudaErrorSymbolNotFound, 500, "named symbol not found")                                        \
  X(cudaErrorNotReady, 600, "device not ready")                                                    \
  X(cudaErrorIllegalAddress, 700, "an illegal memory access was encountered")                      \
  X(cudaErrorLaunchOutOfResources, 701, "too many resources requested for launch")                 \
  X(cudaErrorLaunchTimeout, 702, "the launch timed out and was terminated")                        \
  X(cudaErrorLaunchIncompatibleTexturing, 703, "launch uses incompatible texturing mode")          \
  X(cudaErrorPeerAccessAlreadyEnabled, 704, "peer access is already enabled")                      \
  X(cudaErrorPeerAccessNotEnabled, 705, "peer access has not been enabled")                        \
  X(cudaErrorSetOnActiveProcess, 708, "cannot set while device is active in this process")         \
  X(cudaErrorContextIsDestroyed, 709, "context is destroyed")                                      \
  X(cudaErrorAssert, 710, "device-side assert triggered")                                          \
  X(cudaErrorTooManyPeers, 711, "peer mapping resources exhausted")                                \
  X(cudaErrorHostMemoryAlreadyRegistered, 712, "part or all of the requested memory range is already mapped") \
  X(cudaErrorHostMemoryNotRegistered, 713, "pointer does not correspond to a registered memory region") \
  X(cudaErrorHardwareStackError, 714, "hardware stack error")                                      \
  X(cudaErrorIllegalInstruction, 715, "an illegal instruction was encountered")                    \
  X(cudaErrorMisalignedAddress, 716, "misaligned address")                                         \
  X(cudaErrorInvalidAddressSpace, 717, "operation not supported on global/shared address space")   \
  X(cudaErrorInvalidPc, 718, "invalid program counter")                                            \
  X(cudaErrorLaunchFailure, 719, "unspecified launch failure")                                     \
  X(cudaErrorCooperativeLaunchTooLarge, 720, "too many blocks in cooperative launch")              \
  X(cudaErrorNotPermitted, 800, "operation not permitted")                                         \
  X(cudaErrorNotSupported, 801, "operation not supported")                                         \
  X(cudaErrorSystemNotReady, 802, "system not yet initialized")                                    \
  X(cudaErrorSystemDriverMismatch, 803, "system has unsupported display driver / cuda driver combination") \
  X(cudaErrorCompatNotSupportedOnDevice, 804, "forward compatibility was attempted on non supported HW") \
  X(cudaErrorStreamCaptureUnsupported, 900, "operation not permitted when stream is capturing")    \
  X(cudaErrorStreamCaptureInvalidated, 901, "operation failed due to a previous error during capture") \
  X(cudaErrorStreamCaptureMerge, 902, "operation would result in a merge of separate capture sequences") \
  X(cudaErrorStreamCaptureUnmatched, 903, "capture was not ended in the same stream as it began")  \
  X(cudaErrorStreamCaptureUnjoined, 904, "capturing stream has unjoined work")                     \
  X(cudaErrorStreamCaptureIsolation, 905, "dependency created on uncaptured work in another stream") \
  X(cudaErrorStreamCaptureImplicit, 906, "operation would make the legacy stream depend on a capturing blocking stream") \
  X(cudaErrorCapturedEvent, 907, "operation not permitted on an event last recorded in a capturing stream") \
  X(cudaErrorStreamCaptureWrongThread, 908, "attempt to terminate a thread-local capture sequence from another thread") \
  X(cudaErrorTimeout, 909, "wait operation timed out")                                             \
  X(cudaErrorGraphExecUpdateFailure, 910, "the graph update was not performed because it included changes which violated constraints specific to instantiated graph update") \
  X(cudaErrorUnknown, 999, "unknown error")

enum cudaError {
#define CU2M_ERROR_ENUMERATOR(name, value, text) name = value,
  CU2M_CUDA_ERRORS(CU2M_ERROR_ENUMERATOR)
#undef CU2M_ERROR_ENUMERATOR
  cudaErrorApiFailureBase = 10000
};
typedef enum cudaError cudaError_t;

// ---- Enumerations ------------------------------------------------------------------------------
enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4
};

enum cudaComputeMode {
  cudaComputeModeDefault = 0,
  cudaComputeModeExclusive = 1,
  cudaComputeModeProhibited = 2,
  cudaComputeModeExclusiveProcess = 3
};

enum cudaFuncCache {
  cudaFuncCachePreferNone = 0,
  cudaFuncCachePreferShared = 1,
  cudaFuncCachePreferL1 = 2,
  cudaFuncCachePreferEqual = 3
};

enum cudaSharedMemConfig {
  cudaSharedMemBankSizeDefault = 0,
  cudaSharedMemBankSizeFourByte = 1,
  cudaSharedMemBankSizeEightByte = 2
};

enum cudaDeviceAttr {
  cudaDevAttrMaxThreadsPerBlock = 1,
  cudaDevAttrMaxBlockDimX = 2,
  cudaDevAttrMaxBlockDimY = 3,
  cudaDevAttrMaxBlockDimZ = 4,
  cudaDevAttrMaxGridDimX = 5,
  cudaDevAttrMaxGridDimY = 6,
  cudaDevAttrMaxGridDimZ = 7,
  cudaDevAttrMaxSharedMemoryPerBlock = 8,
  cudaDevAttrTotalConstantMemory = 9,
  cudaDevAttrWarpSize = 10,
  cudaDevAttrMaxPitch = 11,
  cudaDevAttrMaxRegistersPerBlock = 12,
  cudaDevAttrClockRate = 13,
  cudaDevAttrTextureAlignment = 14,
  cudaDevAttrGpuOverlap = 15,
  cudaDevAttrMultiProcessorCount = 16,
  cudaDevAttrKernelExecTimeout = 17,
  cudaDevAttrIntegrated = 18,
  cudaDevAttrCanMapHostMemory = 19,
  cudaDevAttrComputeMode = 20,
  cudaDevAttrConcurrentKernels = 31,
  cudaDevAttrEccEnabled = 32,
  cudaDevAttrPciBusId = 33,
  cudaDevAttrPciDeviceId = 34,
  cudaDevAttrTccDriver = 35,
  cudaDevAttrMemoryClockRate = 36,
  cudaDevAttrGlobalMemoryBusWidth = 37,
  cudaDevAttrL2CacheSize = 38,
  cudaDevAttrMaxThreadsPerMultiProcessor = 39,
  cudaDevAttrAsyncEngineCount = 40,
  cudaDevAttrUnifiedAddressing = 41,
  cudaDevAttrPciDomainId = 50,
  cudaDevAttrComputeCapabilityMajor = 75,
  cudaDevAttrComputeCapabilityMinor = 76,
  cudaDevAttrStreamPrioritiesSupported = 78,
  cudaDevAttrGlobalL1CacheSupported = 79,
  cudaDevAttrLocalL1CacheSupported = 80,
  cudaDevAttrMaxSharedMemoryPerMultiprocessor = 81,
  cudaDevAttrMaxRegistersPerMultiprocessor = 82,
  cudaDevAttrManagedMemory = 83,
  cudaDevAttrIsMultiGpuBoard = 84,
  cudaDevAttrMultiGpuBoardGroupID = 85,
  cudaDevAttrHostNativeAtomicSupported = 86,
  cudaDevAttrSingleToDoublePrecisionPerfRatio = 87,
  cudaDevAttrPageableMemoryAccess = 88,
  cudaDevAttrConcurrentManagedAccess = 89,
  cudaDevAttrComputePreemptionSupported = 90,
  cudaDevAttrCanUseHostPointerForRegisteredMem = 91,
  cudaDevAttrCooperativeLaunch = 95,
  cudaDevAttrMaxSharedMemoryPerBlockOptin = 97,
  cudaDevAttrHostRegisterSupported = 99,
  cudaDevAttrDirectManagedMemAccessFromHost = 101,
  cudaDevAttrMaxBlocksPerMultiprocessor = 106,
  cudaDevAttrMaxPersistingL2CacheSize = 108,
  cudaDevAttrMaxAccessPolicyWindowSize = 109,
  cudaDevAttrReservedSharedMemoryPerBlock = 111,
  cudaDevAttrMemoryPoolsSupported = 115,
  cudaDevAttrIpcEventSupport = 125
};

enum cudaLimit {
  cudaLimitStackSize = 0x00,
  cudaLimitPrintfFifoSize = 0x01,
  cudaLimitMallocHeapSize = 0x02,
  cudaLimitDevRuntimeSyncDepth = 0x03,
  cudaLimitDevRuntimePendingLaunchCount = 0x04,
  cudaLimitMaxL2FetchGranularity = 0x05,
  cudaLimitPersistingL2CacheSize = 0x06
};

enum cudaFuncAttribute {
  cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
  cudaFuncAttributePreferredSharedMemoryCarveout = 9,
  cudaFuncAttributeClusterDimMustBeSet = 10,
  cudaFuncAttributeRequiredClusterWidth = 11,
  cudaFuncAttributeRequiredClusterHeight = 12,
  cudaFuncAttributeRequiredClusterDepth = 13,
  cudaFuncAttributeNonPortableClusterSizeAllowed = 14,
  cudaFuncAttributeClusterSchedulingPolicyPreference = 15,
  cudaFuncAttributeMax
};

enum cudaSharedCarveout {
  cudaSharedmemCarveoutDefault = -1,
  cudaSharedmemCarveoutMaxShared = 100,
  cudaSharedmemCarveoutMaxL1 = 0
};

enum cudaMemoryAdvise {
  cudaMemAdviseSetReadMostly = 1,
  cudaMemAdviseUnsetReadMostly = 2,
  cudaMemAdviseSetPreferredLocation = 3,
  cudaMemAdviseUnsetPreferredLocation = 4,
  cudaMemAdviseSetAccessedBy = 5,
  cudaMemAdviseUnsetAccessedBy = 6
};

enum cudaMemPoolAttr {
  cudaMemPoolReuseFollowEventDependencies = 0x1,
  cudaMemPoolReuseAllowOpportunistic = 0x2,
  cudaMemPoolReuseAllowInternalDependencies = 0x3,
  cudaMemPoolAttrReleaseThreshold = 0x4,
  cudaMemPoolAttrReservedMemCurrent = 0x5,
  cudaMemPoolAttrReservedMemHigh = 0x6,
  cudaMemPoolAttrUsedMemCurrent = 0x7,
  cudaMemPoolAttrUsedMemHigh = 0x8
};

enum cudaMemAllocationType {
  cudaMemAllocationTypeInvalid = 0x0,
  cudaMemAllocationTypePinned = 0x1,
  cudaMemAllocationTypeMax = 0x7FFFFFFF
};

enum cudaMemAllocationHandleType {
  cudaMemHandleTypeNone = 0x0,
  cudaMemHandleTypePosixFileDescriptor = 0x1,
  cudaMemHandleTypeWin32 = 0x2,
  cudaMemHandleTypeWin32Kmt = 0x4
};

enum cudaMemLocationType {
  cudaMemLocationTypeInvalid = 0,
  cudaMemLocationTypeDevice = 1,
  cudaMemLocationTypeHost = 2,
  cudaMemLocationTypeHostNuma = 3,
  cudaMemLocationTypeHostNumaCurrent = 4
};

struct cudaMemLocation {
  enum cudaMemLocationType type;
  int id;
};

struct cudaMemPoolProps {
  enum cudaMemAllocationType allocType;
  enum cudaMemAllocationHandleType handleTypes;
  struct cudaMemLocation location;
  void* win32SecurityAttributes;
  unsigned char reserved[64];
};

#define cudaHostAllocDefault 0x00
#define cudaHostAllocPortable 0x01
#define cudaHostAllocMapped 0x02
#define cudaHostAllocWriteCombined 0x04
#define cudaHostRegisterDefault 0x00
#define cudaHostRegisterPortable 0x01
#define cudaHostRegisterMapped 0x02
#define cudaHostRegisterIoMemory 0x04
#define cudaHostRegisterReadOnly 0x08
#define cudaStreamDefault 0x00
#define cudaStreamNonBlocking 0x01
#define cudaEventDefault 0x00
#define cudaEventBlockingSync 0x01
#define cudaEventDisableTiming 0x02
#define cudaEventInterprocess 0x04
#define cudaDeviceScheduleAuto 0x00
#define cudaDeviceScheduleSpin 0x01
#define cudaDeviceScheduleYield 0x02
#define cudaDeviceScheduleBlockingSync 0x04
#define cudaDeviceScheduleMask 0x07
#define cudaDeviceBlockingSync 0x04 // deprecated name of cudaDeviceScheduleBlockingSync
#define cudaDeviceMapHost 0x08
#define cudaDeviceLmemResizeToMax 0x10
#define cudaDeviceMask 0x1f
#define cudaMemAttachGlobal 0x01
#define cudaMemAttachHost 0x02
#define cudaMemAttachSingle 0x04
#define cudaCpuDeviceId ((int)-1)
#define cudaInvalidDeviceId ((int)-2)
#define cudaOccupancyDefault 0x00
#define cudaOccupancyDisableCachingOverride 0x01
// Calling convention of stream callbacks (__stdcall on Windows, nothing elsewhere).
#define CUDART_CB

// ---- Opaque handles ----------------------------------------------------------------------------
typedef struct CUstream_st* cudaStream_t;
typedef struct CUevent_st* cudaEvent_t;
typedef struct CUmemPoolHandle_st* cudaMemPool_t;
typedef uint32_t cuuint32_t;
typedef uint64_t cuuint64_t; // the type of the memory-pool byte attributes
struct cudaArray;
typedef struct cudaArray* cudaArray_t;
typedef const struct cudaArray* cudaArray_const_t;
typedef void (*cudaStreamCallback_t)(cudaStream_t stream, cudaError_t status, void* userData);
typedef void (*cudaHostFn_t)(void* userData);
#define cudaStreamLegacy ((cudaStream_t)0x1)
#define cudaStreamPerThread ((cudaStream_t)0x2)
// Streams of device code only (dynamic parallelism; CUDA's values): children launched into them
// run after the parent grid, tail launches after everything else the parent launched.
#define cudaStreamTailLaunch ((cudaStream_t)0x3)
#define cudaStreamFireAndForget ((cudaStream_t)0x4)

// ---- Vector types (CUDA's layout and alignment) ------------------------------------------------
#define CU2M_VEC1(name, T, A)                                                                      \
  struct alignas(A) name { T x; };                                                                 \
  inline name make_##name(T x) { name v; v.x = x; return v; }
#define CU2M_VEC2(name, T, A)                                                                      \
  struct alignas(A) name { T x, y; };                                                              \
  inline name make_##name(T x, T y) { name v; v.x = x; v.y = y; return v; }
#define CU2M_VEC3(name, T, A)                                                                      \
  struct alignas(A) name { T x, y, z; };                                                           \
  inline name make_##name(T x, T y, T z) { name v; v.x = x; v.y = y; v.z = z; return v; }
#define CU2M_VEC4(name, T, A)                                                                      \
  struct alignas(A) name { T x, y, z, w; };                                                        \
  inline name make_##name(T x, T y, T z, T w) {                                             \
    name v; v.x = x; v.y = y; v.z = z; v.w = w; return v;                                          \
  }
// n = 1 and 3: natural alignment; n = 2: 2*sizeof(T); n = 4: 4*sizeof(T) capped at 16.
#define CU2M_VECS(prefix, T)                                                                       \
  CU2M_VEC1(prefix##1, T, alignof(T))                                                              \
  CU2M_VEC2(prefix##2, T, 2 * sizeof(T))                                                           \
  CU2M_VEC3(prefix##3, T, alignof(T))                                                              \
  CU2M_VEC4(prefix##4, T, (4 * sizeof(T) > 16 ? 16 : 4 * sizeof(T)))

CU2M_VECS(char, signed char)
CU2M_VECS(uchar, unsigned char)
CU2M_VECS(short, short)
CU2M_VECS(ushort, unsigned short)
CU2M_VECS(int, int)
CU2M_VECS(uint, unsigned int)
CU2M_VECS(long, long)
CU2M_VECS(ulong, unsigned long)
CU2M_VECS(longlong, long long)
CU2M_VECS(ulonglong, unsigned long long)
CU2M_VECS(float, float)
CU2M_VECS(double, double)
// CUDA 13 names double4's alignment (double4 itself is deprecated there).
CU2M_VEC4(double4_16a, double, 16)
CU2M_VEC4(double4_32a, double, 32)

#undef CU2M_VECS
#undef CU2M_VEC1
#undef CU2M_VEC2
#undef CU2M_VEC3
#undef CU2M_VEC4

static_assert(sizeof(char3) == 3 && alignof(char4) == 4, "char vector layout");
static_assert(sizeof(short3) == 6 && alignof(short4) == 8, "short vector layout");
static_assert(sizeof(int3) == 12 && alignof(int3) == 4 && alignof(int4) == 16, "int vector layout");
static_assert(alignof(float2) == 8 && sizeof(float3) == 12 && alignof(float4) == 16, "float vector layout");
static_assert(alignof(double2) == 16 && sizeof(double3) == 24 && alignof(double4) == 16, "double vector layout");

struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
  constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
  constexpr operator uint3() const { return uint3{x, y, z}; }
};

// ---- Device properties -------------------------------------------------------------------------
struct CUuuid_st { char bytes[16]; };
typedef struct CUuuid_st cudaUUID_t;

struct cudaDeviceProp {
  char name[256];
  cudaUUID_t uuid;
  char luid[8];
  unsigned int luidDeviceNodeMask;
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
  int regsPerBlock;
  int warpSize;
  size_t memPitch;
  int maxThreadsPerBlock;
  int maxThreadsDim[3];
  int maxGridSize[3];
  int clockRate;
  size_t totalConstMem;
  int major;
  int minor;
  size_t textureAlignment;
  size_t texturePitchAlignment;
  int deviceOverlap;
  int multiProcessorCount;
  int kernelExecTimeoutEnabled;
  int integrated;
  int canMapHostMemory;
  int computeMode;
  int concurrentKernels;
  int ECCEnabled;
  int pciBusID;
  int pciDeviceID;
  int pciDomainID;
  int tccDriver;
  int asyncEngineCount;
  int unifiedAddressing;
  int memoryClockRate;
  int memoryBusWidth;
  int l2CacheSize;
  int persistingL2CacheMaxSize;
  int maxThreadsPerMultiProcessor;
  int streamPrioritiesSupported;
  int globalL1CacheSupported;
  int localL1CacheSupported;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor;
  int managedMemory;
  int isMultiGpuBoard;
  int multiGpuBoardGroupID;
  int hostNativeAtomicSupported;
  int singleToDoublePrecisionPerfRatio;
  int pageableMemoryAccess;
  int concurrentManagedAccess;
  int computePreemptionSupported;
  int canUseHostPointerForRegisteredMem;
  int cooperativeLaunch;
  int cooperativeMultiDeviceLaunch;
  size_t sharedMemPerBlockOptin;
  int pageableMemoryAccessUsesHostPageTables;
  int directManagedMemAccessFromHost;
  int maxBlocksPerMultiProcessor;
  int accessPolicyMaxWindowSize;
  size_t reservedSharedMemPerBlock;
  int hostRegisterSupported;
  int memoryPoolsSupported;
};

// ---- Pitched memory and 3D copies ---------------------------------------------------------------
struct cudaPitchedPtr {
  void* ptr;
  size_t pitch; // bytes between rows
  size_t xsize; // logical width (bytes, for linear memory)
  size_t ysize; // rows per slice
};
struct cudaExtent {
  size_t width; // bytes, for linear memory
  size_t height;
  size_t depth;
};
struct cudaPos {
  size_t x; // bytes, for linear memory
  size_t y;
  size_t z;
};
struct cudaMemcpy3DParms {
  cudaArray_t srcArray;
  struct cudaPos srcPos;
  struct cudaPitchedPtr srcPtr;
  cudaArray_t dstArray;
  struct cudaPos dstPos;
  struct cudaPitchedPtr dstPtr;
  struct cudaExtent extent;
  enum cudaMemcpyKind kind;
};
inline cudaPitchedPtr make_cudaPitchedPtr(void* d, size_t p, size_t xsz, size_t ysz) {
  cudaPitchedPtr s;
  s.ptr = d, s.pitch = p, s.xsize = xsz, s.ysize = ysz;
  return s;
}
inline cudaPos make_cudaPos(size_t x, size_t y, size_t z) {
  cudaPos p;
  p.x = x, p.y = y, p.z = z;
  return p;
}
inline cudaExtent make_cudaExtent(size_t w, size_t h, size_t d) {
  cudaExtent e;
  e.width = w, e.height = h, e.depth = d;
  return e;
}

// ---- Kernel attributes ----------------------------------------------------------------------------
struct cudaFuncAttributes {
  size_t sharedSizeBytes;   // static __shared__ memory
  size_t constSizeBytes;
  size_t localSizeBytes;
  int maxThreadsPerBlock;
  int numRegs;
  int ptxVersion;
  int binaryVersion;
  int cacheModeCA;
  int maxDynamicSharedSizeBytes;
  int preferredShmemCarveout;
  int clusterDimMustBeSet;
  int requiredClusterWidth;
  int requiredClusterHeight;
  int requiredClusterDepth;
  int clusterSchedulingPolicyPreference;
  int nonPortableClusterSizeAllowed;
  int reserved[16];
};

// ---- Runtime API (implemented in native/runtime/cuda_api.cpp) ----------------------------------
// Errors
cudaError_t cudaGetLastError();
cudaError_t cudaPeekAtLastError();
const char* cudaGetErrorString(cudaError_t error);
const char* cudaGetErrorName(cudaError_t error);

// Device management
cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaGetDevice(int* device);
cudaError_t cudaSetDeviceFlags(unsigned int flags);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device);
cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device);
cudaError_t cudaDriverGetVersion(int* version);
cudaError_t cudaRuntimeGetVersion(int* version);
cudaError_t cudaDeviceSynchronize();
cudaError_t cudaThreadSynchronize();
cudaError_t cudaDeviceReset();
// Profiler control (cuda_profiler_api.h): accepted, nothing to profile.
cudaError_t cudaProfilerStart();
cudaError_t cudaProfilerStop();
cudaError_t cudaThreadExit();
cudaError_t cudaDeviceSetCacheConfig(cudaFuncCache config);
cudaError_t cudaDeviceSetSharedMemConfig(cudaSharedMemConfig config);
cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes);
// Limits: cudaLimitStackSize (the CPU backends give every thread at least this much stack),
// cudaLimitPrintfFifoSize, cudaLimitMallocHeapSize, cudaLimitMaxL2FetchGranularity (stored);
// the others are cudaErrorUnsupportedLimit.
cudaError_t cudaDeviceSetLimit(cudaLimit limit, size_t value);
cudaError_t cudaDeviceGetLimit(size_t* pValue, cudaLimit limit);
cudaError_t cudaDeviceGetStreamPriorityRange(int* leastPriority, int* greatestPriority);

// Memory
cudaError_t cudaMalloc(void** devPtr, size_t size);
cudaError_t cudaMallocManaged(void** devPtr, size_t size, unsigned int flags = cudaMemAttachGlobal);
cudaError_t cudaMallocPitch(void** devPtr, size_t* pitch, size_t width, size_t height);
cudaError_t cudaFree(void* devPtr);
cudaError_t cudaMallocHost(void** ptr, size_t size);
cudaError_t cudaHostAlloc(void** ptr, size_t size, unsigned int flags);
cudaError_t cudaFreeHost(void* ptr);
cudaError_t cudaHostGetDevicePointer(void** devPtr, void* hostPtr, unsigned int flags);
cudaError_t cudaHostRegister(void* ptr, size_t size, unsigned int flags);
cudaError_t cudaHostUnregister(void* ptr);
cudaError_t cudaMalloc3D(cudaPitchedPtr* pitchedDevPtr, cudaExtent extent);
cudaError_t cudaMemcpy(void* dst, const void* src, size_t count, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, cudaMemcpyKind kind,
                            cudaStream_t stream = 0);
cudaError_t cudaMemcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                         size_t height, cudaMemcpyKind kind);
cudaError_t cudaMemcpy2DAsync(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                              size_t height, cudaMemcpyKind kind, cudaStream_t stream = 0);
// Linear memory only: a srcArray or dstArray is cudaErrorInvalidValue (CUDA arrays do not exist yet).
cudaError_t cudaMemcpy3D(const cudaMemcpy3DParms* p);
cudaError_t cudaMemcpy3DAsync(const cudaMemcpy3DParms* p, cudaStream_t stream = 0);
cudaError_t cudaMemset(void* devPtr, int value, size_t count);
cudaError_t cudaMemsetAsync(void* devPtr, int value, size_t count, cudaStream_t stream = 0);
cudaError_t cudaMemset2D(void* devPtr, size_t pitch, int value, size_t width, size_t height);
cudaError_t cudaMemset2DAsync(void* devPtr, size_t pitch, int value, size_t width, size_t height,
                              cudaStream_t stream = 0);
cudaError_t cudaMemset3D(cudaPitchedPtr pitchedDevPtr, int value, cudaExtent extent);
cudaError_t cudaMemset3DAsync(cudaPitchedPtr pitchedDevPtr, int value, cudaExtent extent,
                              cudaStream_t stream = 0);

// Unified-memory hints: the range must be managed memory and the device valid; there is nothing
// to migrate (one memory), so they do no more.
cudaError_t cudaMemPrefetchAsync(const void* devPtr, size_t count, int dstDevice, cudaStream_t stream = 0);
cudaError_t cudaMemAdvise(const void* devPtr, size_t count, cudaMemoryAdvise advice, int device);
cudaError_t cudaStreamAttachMemAsync(cudaStream_t stream, void* devPtr, size_t length = 0,
                                     unsigned int flags = cudaMemAttachSingle);

// Stream-ordered allocation. Freed blocks stay cached in their pool; memory above the pool's
// release threshold goes back at synchronizing calls.
cudaError_t cudaMallocAsync(void** devPtr, size_t size, cudaStream_t stream);
cudaError_t cudaMallocFromPoolAsync(void** ptr, size_t size, cudaMemPool_t memPool, cudaStream_t stream);
cudaError_t cudaFreeAsync(void* devPtr, cudaStream_t stream);
cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* memPool, int device);
cudaError_t cudaDeviceGetMemPool(cudaMemPool_t* memPool, int device);
cudaError_t cudaDeviceSetMemPool(int device, cudaMemPool_t memPool);
cudaError_t cudaMemPoolCreate(cudaMemPool_t* memPool, const cudaMemPoolProps* poolProps);
cudaError_t cudaMemPoolDestroy(cudaMemPool_t memPool);
cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void* value);
cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void* value);
cudaError_t cudaMemPoolTrimTo(cudaMemPool_t memPool, size_t minBytesToKeep);

template <class T>
inline cudaError_t cudaMalloc(T** devPtr, size_t size) {
  return cudaMalloc((void**)(devPtr), size);
}
template <class T>
inline cudaError_t cudaMallocManaged(T** devPtr, size_t size,
                                            unsigned int flags = cudaMemAttachGlobal) {
  return cudaMallocManaged((void**)(devPtr), size, flags);
}
template <class T>
inline cudaError_t cudaMallocPitch(T** devPtr, size_t* pitch, size_t width, size_t height) {
  return cudaMallocPitch((void**)(devPtr), pitch, width, height);
}
template <class T>
inline cudaError_t cudaMallocHost(T** ptr, size_t size) {
  return cudaMallocHost((void**)(ptr), size);
}
template <class T>
inline cudaError_t cudaHostAlloc(T** ptr, size_t size, unsigned int flags) {
  return cudaHostAlloc((void**)(ptr), size, flags);
}
template <class T>
inline cudaError_t cudaHostGetDevicePointer(T** devPtr, void* hostPtr, unsigned int flags) {
  return cudaHostGetDevicePointer((void**)(devPtr), hostPtr, flags);
}
template <class T>
inline cudaError_t cudaMallocAsync(T** devPtr, size_t size, cudaStream_t stream) {
  return cudaMallocAsync((void**)(devPtr), size, stream);
}
template <class T>
inline cudaError_t cudaMallocAsync(T** ptr, size_t size, cudaMemPool_t memPool, cudaStream_t stream) {
  return cudaMallocFromPoolAsync((void**)(ptr), size, memPool, stream);
}
template <class T>
inline cudaError_t cudaMallocFromPoolAsync(T** ptr, size_t size, cudaMemPool_t memPool, cudaStream_t stream) {
  return cudaMallocFromPoolAsync((void**)(ptr), size, memPool, stream);
}

// Streams (in order; all work is synchronous on the CPU backends)
cudaError_t cudaStreamCreate(cudaStream_t* stream);
cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int flags);
cudaError_t cudaStreamDestroy(cudaStream_t stream);
cudaError_t cudaStreamSynchronize(cudaStream_t stream);
cudaError_t cudaStreamQuery(cudaStream_t stream);
cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned int flags = 0);
// Priorities are kept and reported (range 0 .. -5, as on NVIDIA GPUs); work still runs in issue order.
cudaError_t cudaStreamCreateWithPriority(cudaStream_t* stream, unsigned int flags, int priority);
cudaError_t cudaStreamGetPriority(cudaStream_t stream, int* priority);
cudaError_t cudaStreamGetFlags(cudaStream_t stream, unsigned int* flags);
// Host functions run on the calling thread once the work issued before them has completed, in
// stream order (cudaStreamAddCallback passes that work's error status; cudaLaunchHostFunc does
// not run the function after a device fault, as CUDA).
cudaError_t cudaStreamAddCallback(cudaStream_t stream, cudaStreamCallback_t callback, void* userData,
                                  unsigned int flags);
cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void* userData);

// Events (timed with a steady clock; recording flushes pending work first)
cudaError_t cudaEventCreate(cudaEvent_t* event);
cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int flags);
// CUDA's C++ overload of cudaEventCreate with flags.
inline cudaError_t cudaEventCreate(cudaEvent_t* event, unsigned int flags) { return cudaEventCreateWithFlags(event, flags); }
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream = 0);
cudaError_t cudaEventSynchronize(cudaEvent_t event);
cudaError_t cudaEventQuery(cudaEvent_t event);
cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end);
cudaError_t cudaEventDestroy(cudaEvent_t event);

// Kernel attributes and occupancy. `func` is a kernel: the host stub that replaces its __global__
// function; a pointer that is no kernel gives cudaErrorInvalidDeviceFunction.
cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* attr, const void* func);
cudaError_t cudaFuncSetAttribute(const void* func, cudaFuncAttribute attr, int value);
cudaError_t cudaFuncSetCacheConfig(const void* func, cudaFuncCache cacheConfig);
cudaError_t cudaFuncSetSharedMemConfig(const void* func, cudaSharedMemConfig config);
cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* numBlocks, const void* func, int blockSize,
                                                          size_t dynamicSMemSize);
cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int* numBlocks, const void* func,
                                                                   int blockSize, size_t dynamicSMemSize,
                                                                   unsigned int flags);
cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(size_t* dynamicSmemSize, const void* func, int numBlocks,
                                                      int blockSize);

template <class T>
inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* attr, T* entry) {
  return cudaFuncGetAttributes(attr, reinterpret_cast<const void*>(entry));
}
template <class T>
inline cudaError_t cudaFuncSetAttribute(T* entry, cudaFuncAttribute attr, int value) {
  return cudaFuncSetAttribute(reinterpret_cast<const void*>(entry), attr, value);
}
template <class T>
inline cudaError_t cudaFuncSetCacheConfig(T* func, cudaFuncCache cacheConfig) {
  return cudaFuncSetCacheConfig(reinterpret_cast<const void*>(func), cacheConfig);
}
template <class T>
inline cudaError_t cudaFuncSetSharedMemConfig(T* func, cudaSharedMemConfig config) {
  return cudaFuncSetSharedMemConfig(reinterpret_cast<const void*>(func), config);
}
template <class T>
inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* numBlocks, T func, int blockSize,
                                                                 size_t dynamicSMemSize) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, reinterpret_cast<const void*>(func), blockSize,
                                                       dynamicSMemSize);
}
template <class T>
inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int* numBlocks, T func, int blockSize,
                                                                          size_t dynamicSMemSize, unsigned int flags) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(numBlocks, reinterpret_cast<const void*>(func),
                                                                blockSize, dynamicSMemSize, flags);
}
template <class T>
inline cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(size_t* dynamicSmemSize, T func, int numBlocks,
                                                             int blockSize) {
  return cudaOccupancyAvailableDynamicSMemPerBlock(dynamicSmemSize, reinterpret_cast<const void*>(func), numBlocks,
                                                   blockSize);
}

namespace cu2m_detail {
// The block size with the most resident threads per multiprocessor (the largest such size on a
// tie), trying every multiple of the warp size up to the kernel's limit; minGridSize fills every
// multiprocessor with blocks of that size. dynamicSMem(blockSize) gives the dynamic shared memory
// a block of that size uses.
template <class F>
inline cudaError_t maxPotentialBlockSize(int* minGridSize, int* blockSize, const void* func, F dynamicSMem,
                                         int blockSizeLimit, unsigned int flags) {
  if (!minGridSize || !blockSize || !func || (flags & ~1u)) return cudaErrorInvalidValue;
  *minGridSize = *blockSize = 0;
  int device = 0, sms = 0, warp = 0, perSm = 0;
  cudaError_t e = cudaGetDevice(&device);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&warp, cudaDevAttrWarpSize, device);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&perSm, cudaDevAttrMaxThreadsPerMultiProcessor, device);
  cudaFuncAttributes attr;
  if (e == cudaSuccess) e = cudaFuncGetAttributes(&attr, func);
  if (e != cudaSuccess) return e;
  int limit = attr.maxThreadsPerBlock;
  if (blockSizeLimit > 0 && blockSizeLimit < limit) limit = blockSizeLimit;
  int bestThreads = 0;
  for (int size = limit; size > 0; size = size % warp ? size / warp * warp : size - warp) {
    int blocks = 0;
    e = cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&blocks, func, size, dynamicSMem(size), flags);
    if (e != cudaSuccess) return e;
    if (blocks * size > bestThreads) {
      bestThreads = blocks * size;
      *blockSize = size;
      *minGridSize = blocks * sms;
      if (bestThreads >= perSm) break; // nothing can do better
    }
  }
  return cudaSuccess;
}
} // namespace cu2m_detail

template <class UnaryFunction, class T>
inline cudaError_t cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(int* minGridSize, int* blockSize, T func,
                                                                           UnaryFunction blockSizeToDynamicSMemSize,
                                                                           int blockSizeLimit = 0,
                                                                           unsigned int flags = cudaOccupancyDefault) {
  return cu2m_detail::maxPotentialBlockSize(minGridSize, blockSize, reinterpret_cast<const void*>(func),
                                            [&](int size) { return size_t(blockSizeToDynamicSMemSize(size)); },
                                            blockSizeLimit, flags);
}
template <class UnaryFunction, class T>
inline cudaError_t cudaOccupancyMaxPotentialBlockSizeVariableSMem(int* minGridSize, int* blockSize, T func,
                                                                  UnaryFunction blockSizeToDynamicSMemSize,
                                                                  int blockSizeLimit = 0) {
  return cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(minGridSize, blockSize, func,
                                                                 blockSizeToDynamicSMemSize, blockSizeLimit);
}
template <class T>
inline cudaError_t cudaOccupancyMaxPotentialBlockSizeWithFlags(int* minGridSize, int* blockSize, T func,
                                                               size_t dynamicSMemSize = 0, int blockSizeLimit = 0,
                                                               unsigned int flags = cudaOccupancyDefault) {
  return cu2m_detail::maxPotentialBlockSize(minGridSize, blockSize, reinterpret_cast<const void*>(func),
                                            [=](int) { return dynamicSMemSize; }, blockSizeLimit, flags);
}
template <class T>
inline cudaError_t cudaOccupancyMaxPotentialBlockSize(int* minGridSize, int* blockSize, T func,
                                                      size_t dynamicSMemSize = 0, int blockSizeLimit = 0) {
  return cudaOccupancyMaxPotentialBlockSizeWithFlags(minGridSize, blockSize, func, dynamicSMemSize, blockSizeLimit);
}

// ---- __constant__ / __device__ variables (native/runtime/symbols.cpp) ---------------------------
// `symbol` is the variable itself (its host address), as in CUDA; the template forms take a
// scalar variable by reference, as CUDA's C++ API does.
cudaError_t cudaMemcpyToSymbol(const void* symbol, const void* src, size_t count, size_t offset = 0,
                               cudaMemcpyKind kind = cudaMemcpyHostToDevice);
cudaError_t cudaMemcpyFromSymbol(void* dst, const void* symbol, size_t count, size_t offset = 0,
                                 cudaMemcpyKind kind = cudaMemcpyDeviceToHost);
cudaError_t cudaMemcpyToSymbolAsync(const void* symbol, const void* src, size_t count, size_t offset = 0,
                                    cudaMemcpyKind kind = cudaMemcpyHostToDevice, cudaStream_t stream = 0);
cudaError_t cudaMemcpyFromSymbolAsync(void* dst, const void* symbol, size_t count, size_t offset = 0,
                                      cudaMemcpyKind kind = cudaMemcpyDeviceToHost, cudaStream_t stream = 0);
cudaError_t cudaGetSymbolAddress(void** devPtr, const void* symbol);
cudaError_t cudaGetSymbolSize(size_t* size, const void* symbol);
template <class T>
inline cudaError_t cudaMemcpyToSymbol(const T& symbol, const void* src, size_t count = sizeof(T), size_t offset = 0,
                                      cudaMemcpyKind kind = cudaMemcpyHostToDevice) {
  return cudaMemcpyToSymbol((const void*)&symbol, src, count, offset, kind);
}
template <class T>
inline cudaError_t cudaMemcpyFromSymbol(void* dst, const T& symbol, size_t count = sizeof(T), size_t offset = 0,
                                        cudaMemcpyKind kind = cudaMemcpyDeviceToHost) {
  return cudaMemcpyFromSymbol(dst, (const void*)&symbol, count, offset, kind);
}
template <class T>
inline cudaError_t cudaMemcpyToSymbolAsync(const T& symbol, const void* src, size_t count, size_t offset = 0,
                                           cudaMemcpyKind kind = cudaMemcpyHostToDevice, cudaStream_t stream = 0) {
  return cudaMemcpyToSymbolAsync((const void*)&symbol, src, count, offset, kind, stream);
}
template <class T>
inline cudaError_t cudaMemcpyFromSymbolAsync(void* dst, const T& symbol, size_t count, size_t offset = 0,
                                             cudaMemcpyKind kind = cudaMemcpyDeviceToHost, cudaStream_t stream = 0) {
  return cudaMemcpyFromSymbolAsync(dst, (const void*)&symbol, count, offset, kind, stream);
}
template <class T> inline cudaError_t cudaGetSymbolAddress(void** devPtr, const T& symbol) {
  return cudaGetSymbolAddress(devPtr, (const void*)&symbol);
}
template <class T> inline cudaError_t cudaGetSymbolSize(size_t* size, const T& symbol) {
  return cudaGetSymbolSize(size, (const void*)&symbol);
}
// Generated code: each variable registers itself (host address, size, name) at start-up; launch
// stubs pass its device storage to the kernels that use it.
extern "C" int cu2mRegisterSymbol(const void* hostAddress, size_t size, const char* name);
// A variable template's instance, under a name of its own, which this returns.
extern "C" const char* cu2mRegisterSymbolInstance(const void* hostAddress, size_t size, const char* base);
extern "C" void* cu2mSymbolStorage(const void* hostAddress);
extern "C" void* cu2mSymbolStorageByName(const char* name);
// Device printf: each format string and %s literal of the program's device code, under the id
// the translator gave it (native/runtime/printf.cpp).
extern "C" int cu2mRegisterPrintfString(unsigned int id, const char* text);

// ---- Entry points used by generated launch stubs (docs/DESIGN.md) ------------------------------
cudaError_t cu2mPushCallConfiguration(dim3 grid, dim3 block, size_t sharedMem = 0,
                                      cudaStream_t stream = 0);
void cu2mLaunchKernel(const cu2m_kernel_info* kernel, void** args);

// ---- Launches from device code (dynamic parallelism; native/runtime/printf.cpp) ----------------
// A launch in device code writes a record (kernel id, configuration, each argument's bytes); after
// the parent grid the runtime calls the launcher registered under that id, which calls the kernel's
// host stub with the record's arguments (configuration pushed first). The launcher checks the
// With args null the launcher only describes the kernel: it writes the sizes of up to `max` of its
// parameters to `sizes` and returns how many it has (the runtime checks the record against them).
typedef int (*cu2m_device_launcher)(void (*kernel)(), void* const* args, uint32_t* sizes, uint32_t max);
extern "C" int cu2mRegisterDeviceLaunchFn(uint32_t id, const char* name, void (*kernel)(), cu2m_device_launcher launcher);
// The host address of a pointer argument a record carries (identity on the CPU backends; the Metal
// backend maps a GPU address back into the allocation that holds it).
extern "C" void* cu2mDeviceLaunchPointer(uint64_t value);

#ifdef __cplusplus
template <typename T> struct cu2mIsPointer { static constexpr bool value = false; };
template <typename T> struct cu2mIsPointer<T*> { static constexpr bool value = true; };
template <typename T> struct cu2mIsPointer<T* const> { static constexpr bool value = true; };
template <typename P> inline P cu2mDeviceLaunchArg(void* a) {
  if constexpr (cu2mIsPointer<P>::value) {
    uint64_t v;
    memcpy(&v, a, sizeof v);
    return reinterpret_cast<P>(cu2mDeviceLaunchPointer(v));
  } else {
    return *reinterpret_cast<P*>(a);
  }
}
template <size_t... I> struct cu2mIndexList {};
template <size_t N, size_t... I> struct cu2mMakeIndexList : cu2mMakeIndexList<N - 1, N - 1, I...> {};
template <size_t... I> struct cu2mMakeIndexList<0, I...> { using type = cu2mIndexList<I...>; };
template <typename... P, size_t... I> inline void cu2mDeviceLaunchInvoke(void (*k)(P...), void* const* args, cu2mIndexList<I...>) {
  (void)args;
  k(cu2mDeviceLaunchArg<P>(args[I])...);
}
template <typename... P>
int cu2mDeviceLaunchTrampoline(void (*kernel)(), void* const* args, uint32_t* sizes, uint32_t max) {
  if (!args) {
    const uint32_t own[sizeof...(P) + 1] = {uint32_t(sizeof(P))..., 0u};
    for (uint32_t i = 0; i < sizeof...(P) && i < max; ++i) sizes[i] = own[i];
    return int(sizeof...(P));
  }
  cu2mDeviceLaunchInvoke(reinterpret_cast<void (*)(P...)>(kernel), args, typename cu2mMakeIndexList<sizeof...(P)>::type());
  return 0;
}
template <typename... P> inline int cu2mRegisterDeviceLaunch(uint32_t id, const char* name, void (*kernel)(P...)) {
  return cu2mRegisterDeviceLaunchFn(id, name, reinterpret_cast<void (*)()>(kernel), &cu2mDeviceLaunchTrampoline<P...>);
}
#endif

#include "cu2m/texture_api.h" // CUDA arrays, texture and surface objects
#include "cu2m/graph_api.h" // kernel registry, cudaLaunchKernel, stream capture, graphs
#include "cu2m/peer_api.h" // peer access, IPC, stream attributes, pool access (one device)

#endif // __CUDA_RUNTIME_H__
