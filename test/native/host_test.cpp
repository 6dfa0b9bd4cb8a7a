// Runtime smoke test: a host program as the translator emits it (launch stubs built from
// cu2m_kernel_info + cu2mPushCallConfiguration/cu2mLaunchKernel), compiled with
// `-include cuda_runtime.h`, plus direct use of cu2m::Runtime as the node addon will use it.
//
//   host_test all                 the checks; prints "<N> passed, <M> failed"
//   host_test check-trace PREFIX  checks the trace written by a previous `all` run
//   host_test trap | bad-barrier | divergent-barrier | missing-module | perf
//   host_test stack-limit | stack-overflow   a 192 KiB-per-thread kernel with / without
//                                 cudaDeviceSetLimit(cudaLimitStackSize) (run with small fibers)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../native/runtime/runtime.h"

static int passed = 0, failed = 0;

#define CHECK(cond, ...)                                           \
  do {                                                             \
    if (cond) {                                                    \
      ++passed;                                                    \
    } else {                                                       \
      ++failed;                                                    \
      std::printf("FAIL %s:%d: %s -- ", __FILE__, __LINE__, #cond); \
      std::printf(__VA_ARGS__);                                    \
      std::printf("\n");                                           \
    }                                                              \
  } while (0)

#define CHECK_ERR(expr, expected)                                                              \
  do {                                                                                         \
    cudaError_t e_ = (expr);                                                                   \
    CHECK(e_ == (expected), "%s returned %d (%s), expected %d", #expr, (int)e_, cudaGetErrorName(e_), \
          (int)(expected));                                                                    \
  } while (0)

// ---- Launch stubs, as src/host generates them ------------------------------------------------------

static const cu2m_param_info cu2m_params_vecAdd[] = {
    {"A", CU2M_ARG_BUFFER, sizeof(const float*), CU2M_ELEM_F32, 4, 0},
    {"B", CU2M_ARG_BUFFER, sizeof(const float*), CU2M_ELEM_F32, 4, 0},
    {"C", CU2M_ARG_BUFFER, sizeof(float*), CU2M_ELEM_F32, 4, 1},
    {"numElements", CU2M_ARG_SCALAR, sizeof(int), CU2M_ELEM_I32, 0, 0}};
static const cu2m_kernel_info cu2m_kernel_vecAdd = {"vecAdd", "test.cu", 10, 4, cu2m_params_vecAdd, 0, 0};
void vecAdd(const float* A, const float* B, float* C, int numElements) {
  void* cu2m_args[] = {(void*)&A, (void*)&B, (void*)&C, (void*)&numElements};
  cu2mLaunchKernel(&cu2m_kernel_vecAdd, cu2m_args);
}

static const cu2m_param_info cu2m_params_blockReduce[] = {
    {"in", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4, 0},
    {"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4, 1},
    {"n", CU2M_ARG_SCALAR, sizeof(int), CU2M_ELEM_I32, 0, 0}};
static const cu2m_kernel_info cu2m_kernel_blockReduce = {
    "blockReduce", "test.cu", 20, 3, cu2m_params_blockReduce, CU2M_KERNEL_USES_BARRIERS, 256 * sizeof(float)};
void blockReduce(const float* in, float* out, int n) {
  void* cu2m_args[] = {(void*)&in, (void*)&out, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel_blockReduce, cu2m_args);
}

static const cu2m_param_info cu2m_params_dynReverse[] = {{"d", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_I32, 4, 1}};
static const cu2m_kernel_info cu2m_kernel_dynReverse = {
    "dynReverse", "test.cu", 30, 1, cu2m_params_dynReverse,
    CU2M_KERNEL_USES_BARRIERS | CU2M_KERNEL_DYNAMIC_SHARED, 0};
void dynReverse(int* d) {
  void* cu2m_args[] = {(void*)&d};
  cu2mLaunchKernel(&cu2m_kernel_dynReverse, cu2m_args);
}

static const cu2m_param_info cu2m_params_geom3d[] = {{"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_U32, 4, 1}};
static const cu2m_kernel_info cu2m_kernel_geom3d = {"geom3d", "test.cu", 40, 1, cu2m_params_geom3d, 0, 0};
void geom3d(unsigned* out) {
  void* cu2m_args[] = {(void*)&out};
  cu2mLaunchKernel(&cu2m_kernel_geom3d, cu2m_args);
}

static const cu2m_param_info cu2m_params_earlyExit[] = {
    {"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_I32, 4, 1},
    {"active", CU2M_ARG_SCALAR, sizeof(int), CU2M_ELEM_I32, 0, 0}};
static const cu2m_kernel_info cu2m_kernel_earlyExit = {
    "earlyExit", "test.cu", 50, 2, cu2m_params_earlyExit, CU2M_KERNEL_USES_BARRIERS, 4096};
void earlyExit(int* out, int active) {
  void* cu2m_args[] = {(void*)&out, (void*)&active};
  cu2mLaunchKernel(&cu2m_kernel_earlyExit, cu2m_args);
}

static const cu2m_param_info cu2m_params_fill[] = {
    {"p", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4, 1},
    {"v", CU2M_ARG_SCALAR, sizeof(float), CU2M_ELEM_F32, 0, 0},
    {"n", CU2M_ARG_SCALAR, sizeof(int), CU2M_ELEM_I32, 0, 0}};
static const cu2m_kernel_info cu2m_kernel_fill = {"fill", "test.cu", 60, 3, cu2m_params_fill, 0, 0};
void fill(float* p, float v, int n) {
  void* cu2m_args[] = {(void*)&p, (void*)&v, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel_fill, cu2m_args);
}

static const cu2m_param_info cu2m_params_bigStack[] = {{"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_I32, 4, 1}};
static const cu2m_kernel_info cu2m_kernel_bigStack = {"bigStack", "test.cu", 100, 1, cu2m_params_bigStack,
                                                      CU2M_KERNEL_USES_BARRIERS, 0};
void bigStack(int* out) {
  void* cu2m_args[] = {(void*)&out};
  cu2mLaunchKernel(&cu2m_kernel_bigStack, cu2m_args);
}

static const cu2m_param_info cu2m_params_scale[] = {
    {"p", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4, 1},
    {"k", CU2M_ARG_SCALAR, sizeof(float), CU2M_ELEM_F32, 0, 0},
    {"n", CU2M_ARG_SCALAR, sizeof(int), CU2M_ELEM_I32, 0, 0}};
static const cu2m_kernel_info cu2m_kernel_scale = {"scale", "test.cu", 110, 3, cu2m_params_scale, 0, 0};
void scale(float* p, float k, int n) {
  void* cu2m_args[] = {(void*)&p, (void*)&k, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel_scale, cu2m_args);
}

static const cu2m_kernel_info cu2m_kernel_missing = {"notInModule", "test.cu", 70, 0, nullptr, 0, 0};
void notInModule() { cu2mLaunchKernel(&cu2m_kernel_missing, nullptr); }
static const cu2m_kernel_info cu2m_kernel_trapper = {"trapper", "test.cu", 80, 0, nullptr, 0, 0};
void trapper() { cu2mLaunchKernel(&cu2m_kernel_trapper, nullptr); }
static const cu2m_kernel_info cu2m_kernel_badBarrier = {"badBarrier", "test.cu", 90, 0, nullptr, 0, 0};
void badBarrier() { cu2mLaunchKernel(&cu2m_kernel_badBarrier, nullptr); }

void notAKernel(int) {}

// The hand-written stubs register themselves as generated stubs do (CU2M_REGISTER_KERNEL does it
// from inside the stub; here, one file-scope registration each).
static const bool cu2m_registered = cu2mRegisterKernel((const void*)&vecAdd, &cu2m_kernel_vecAdd) &&
                                    cu2mRegisterKernel((const void*)&blockReduce, &cu2m_kernel_blockReduce) &&
                                    cu2mRegisterKernel((const void*)&dynReverse, &cu2m_kernel_dynReverse) &&
                                    cu2mRegisterKernel((const void*)&fill, &cu2m_kernel_fill) &&
                                    cu2mRegisterKernel((const void*)&scale, &cu2m_kernel_scale) &&
                                    cu2mRegisterKernel((const void*)&notInModule, &cu2m_kernel_missing);

// ---- Checks ----------------------------------------------------------------------------------------------

static std::string backend() {
  const char* b = std::getenv("CU2METAL_BACKEND");
  return b && *b ? b : "cuda-cpu";
}

static void testDevice() {
  int count = -1;
  CHECK_ERR(cudaGetDeviceCount(&count), cudaSuccess);
  CHECK(count == 1, "count %d", count);
  CHECK_ERR(cudaSetDevice(0), cudaSuccess);
  CHECK_ERR(cudaSetDevice(1), cudaErrorInvalidDevice);
  CHECK(cudaGetLastError() == cudaErrorInvalidDevice, "last error after cudaSetDevice(1)");
  cudaDeviceProp prop;
  CHECK_ERR(cudaGetDeviceProperties(&prop, 0), cudaSuccess);
  CHECK(std::strstr(prop.name, backend().c_str()) != nullptr, "name '%s'", prop.name);
  CHECK(prop.warpSize == 32 && prop.maxThreadsPerBlock == 1024, "warp %d, max threads %d", prop.warpSize,
        prop.maxThreadsPerBlock);
  size_t expectShared = backend() == "msl-cpu" ? 32768 : 49152;
  CHECK(prop.sharedMemPerBlock == expectShared, "sharedMemPerBlock %zu", prop.sharedMemPerBlock);
  CHECK(prop.maxThreadsDim[2] == 64 && prop.maxGridSize[1] == 65535, "dims");
  CHECK(prop.major == 8 && prop.minor == 0, "cc %d.%d", prop.major, prop.minor);
  int v = 0;
  CHECK_ERR(cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 0), cudaSuccess);
  CHECK(v == 32, "warp attr %d", v);
  CHECK_ERR(cudaDeviceGetAttribute(&v, cudaDevAttrMaxSharedMemoryPerBlock, 0), cudaSuccess);
  CHECK(v == (int)expectShared, "shared attr %d", v);
  CHECK_ERR(cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, 0), cudaSuccess);
  CHECK(v >= 1, "sm count %d", v);
  CHECK_ERR(cudaDriverGetVersion(&v), cudaSuccess);
  CHECK_ERR(cudaRuntimeGetVersion(&v), cudaSuccess);
  CHECK(v >= 12000, "runtime version %d", v);
  CHECK(std::strcmp(cudaGetErrorString(cudaErrorInvalidConfiguration), "invalid configuration argument") == 0, "text");
  CHECK(std::strcmp(cudaGetErrorString(cudaSuccess), "no error") == 0, "text");
  CHECK(std::strcmp(cudaGetErrorName(cudaErrorLaunchFailure), "cudaErrorLaunchFailure") == 0, "name");
  CHECK(cudaErrorLaunchFailure == 719 && cudaErrorInvalidDeviceFunction == 98 && cudaErrorNotReady == 600 &&
            cudaErrorInvalidResourceHandle == 400 && cudaErrorUnknown == 999 && cudaErrorNoDevice == 100,
        "enum values");
  CHECK(cudaGetLastError() == cudaSuccess, "last error clean");
}

static void testTypes() {
  CHECK(sizeof(float4) == 16 && alignof(float4) == 16 && sizeof(float3) == 12 && alignof(float2) == 8, "float");
  CHECK(sizeof(uchar4) == 4 && alignof(uchar4) == 4 && sizeof(char3) == 3, "char");
  CHECK(sizeof(double2) == 16 && alignof(double2) == 16 && sizeof(int3) == 12, "double/int");
  CHECK(sizeof(longlong2) == 16 && alignof(long2) == 16 && sizeof(short4) == 8 && alignof(short4) == 8, "long/short");
  float4 f = make_float4(1, 2, 3, 4);
  CHECK(f.x == 1 && f.w == 4, "make_float4");
  uint3 u = make_uint3(1, 2, 3);
  dim3 d(u);
  constexpr dim3 def;
  static_assert(def.x == 1 && def.y == 1 && def.z == 1, "dim3 default");
  CHECK(d.x == 1 && d.y == 2 && d.z == 3, "dim3 from uint3");
  dim3 g(7);
  CHECK(g.x == 7 && g.y == 1 && g.z == 1, "dim3(7)");
}

static void testVecAdd() {
  const int n = 100000;
  std::vector<float> a(n), b(n), c(n, -1.f);
  for (int i = 0; i < n; ++i) a[i] = float(i), b[i] = 2.f * float(i);
  float *dA = nullptr, *dB = nullptr, *dC = nullptr;
  CHECK_ERR(cudaMalloc(&dA, n * sizeof(float)), cudaSuccess);
  CHECK_ERR(cudaMalloc((void**)&dB, n * sizeof(float)), cudaSuccess);
  CHECK_ERR(cudaMalloc(&dC, n * sizeof(float)), cudaSuccess);
  CHECK(reinterpret_cast<uintptr_t>(dA) % 256 == 0, "alignment");
  CHECK_ERR(cudaMemcpy(dA, a.data(), n * sizeof(float), cudaMemcpyHostToDevice), cudaSuccess);
  CHECK_ERR(cudaMemcpy(dB, b.data(), n * sizeof(float), cudaMemcpyDefault), cudaSuccess);
  int threads = 256, blocks = (n + threads - 1) / threads;
  (cu2mPushCallConfiguration(blocks, threads), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  CHECK_ERR(cudaMemcpy(c.data(), dC, n * sizeof(float), cudaMemcpyDeviceToHost), cudaSuccess);
  int bad = 0;
  for (int i = 0; i < n; ++i) bad += c[i] != 3.f * float(i);
  CHECK(bad == 0, "%d wrong sums", bad);

  // d_a + k as a kernel argument: (dA+10) + (dB+10) into dC+5, 20 elements.
  CHECK_ERR(cudaMemset(dC, 0, n * sizeof(float)), cudaSuccess);
  (cu2mPushCallConfiguration(1, 32), vecAdd(dA + 10, dB + 10, dC + 5, 20));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  std::vector<float> part(30);
  CHECK_ERR(cudaMemcpy(part.data(), dC, 30 * sizeof(float), cudaMemcpyDefault), cudaSuccess);
  bad = 0;
  for (int i = 0; i < 30; ++i) bad += part[i] != (i >= 5 && i < 25 ? 3.f * float(i + 5) : 0.f);
  CHECK(bad == 0, "offset args: %d wrong", bad);

  // One-past-the-end and NULL pointers are legal arguments (nothing dereferences them here).
  (cu2mPushCallConfiguration(1, 1), vecAdd(dA + n, nullptr, dC + n, 0));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);

  // A host pointer passed as a buffer argument: launch fails, kernel does not run.
  CHECK_ERR(cudaMemset(dC, 0, n * sizeof(float)), cudaSuccess);
  (cu2mPushCallConfiguration(blocks, threads), vecAdd(dA, b.data(), dC, n));
  CHECK_ERR(cudaPeekAtLastError(), cudaErrorInvalidValue);
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaMemcpy(c.data(), dC, n * sizeof(float), cudaMemcpyDeviceToHost), cudaSuccess);
  CHECK(c[7] == 0.f, "kernel ran despite a host pointer argument (c[7] = %g)", c[7]);

  // Launch-configuration errors, as CUDA reports them.
  (cu2mPushCallConfiguration(1, 2048), vecAdd(dA, dB, dC, n));
  cudaError_t e = cudaGetLastError();
  CHECK(e == cudaErrorInvalidValue, "2048 threads: %d", (int)e);
  CHECK(std::strcmp(cudaGetErrorString(e), "invalid argument") == 0, "%s", cudaGetErrorString(e));
  (cu2mPushCallConfiguration(0, 256), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(dim3(1, 0, 1), 256), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(1, 0), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(1, dim3(1, 1, 65)), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(1, dim3(1025, 1, 1)), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(1, dim3(64, 32, 1)), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(dim3(1, 65536, 1), 1), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(dim3(1, 1, 65536), 1), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  // 40 KB of dynamic shared memory: fine for cuda-cpu (48 KB), too much for msl-cpu (32 KB).
  (cu2mPushCallConfiguration(1, 32, 40 * 1024), vecAdd(dA, dB, dC, 32));
  CHECK_ERR(cudaGetLastError(), backend() == "msl-cpu" ? cudaErrorInvalidValue : cudaSuccess);
  (cu2mPushCallConfiguration(1, 32, 64 * 1024), vecAdd(dA, dB, dC, 32));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  // Static shared memory counts too: earlyExit has 4096 static bytes.
  (cu2mPushCallConfiguration(1, 32, 46 * 1024), earlyExit(reinterpret_cast<int*>(dC), 1));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);

  // A launch without a configuration.
  vecAdd(dA, dB, dC, n);
  CHECK_ERR(cudaGetLastError(), cudaErrorMissingConfiguration);
  // A kernel the module does not have.
  (cu2mPushCallConfiguration(1, 1), notInModule());
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidDeviceFunction);

  // Memory errors.
  CHECK_ERR(cudaFree(dA + 1), cudaErrorInvalidValue);
  CHECK_ERR(cudaFree(a.data()), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemcpy(a.data(), b.data(), 16, cudaMemcpyHostToDevice), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemcpy(dA + n - 2, a.data(), 16, cudaMemcpyHostToDevice), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemcpy(a.data(), dA, 16, (cudaMemcpyKind)7), cudaErrorInvalidMemcpyDirection);
  CHECK_ERR(cudaMemset(a.data(), 0, 16), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemcpy(dA, dB, 16, cudaMemcpyDeviceToDevice), cudaSuccess);
  CHECK_ERR(cudaMemcpy(a.data(), b.data(), 16, cudaMemcpyHostToHost), cudaSuccess);
  CHECK_ERR(cudaFree(nullptr), cudaSuccess);
  CHECK_ERR(cudaFree(dA), cudaSuccess);
  CHECK_ERR(cudaFree(dA), cudaErrorInvalidValue);
  CHECK_ERR(cudaFree(dB), cudaSuccess);
  CHECK_ERR(cudaFree(dC), cudaSuccess);
  void* zero = reinterpret_cast<void*>(1);
  CHECK_ERR(cudaMalloc(&zero, 0), cudaSuccess);
  CHECK(zero == nullptr, "cudaMalloc(0)");
  cudaGetLastError();
}

static void testPinned() {
  float* h = nullptr;
  CHECK_ERR(cudaMallocHost(&h, 1024 * sizeof(float)), cudaSuccess);
  float* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, 1024 * sizeof(float)), cudaSuccess);
  (cu2mPushCallConfiguration(4, 256), fill(d, 2.5f, 1024));
  CHECK_ERR(cudaMemcpyAsync(h, d, 1024 * sizeof(float), cudaMemcpyDeviceToHost, 0), cudaSuccess);
  CHECK(h[1023] == 2.5f, "pinned copy %g", h[1023]);
  CHECK_ERR(cudaFree(h), cudaErrorInvalidValue);
  CHECK_ERR(cudaFreeHost(d), cudaErrorInvalidValue);
  // A buffer no launch has written: its d2h event has launch -1.
  int* never = nullptr;
  int src[3] = {7, 8, 9}, dst[3] = {0, 0, 0};
  CHECK_ERR(cudaMalloc(&never, sizeof src), cudaSuccess);
  CHECK_ERR(cudaMemcpy(never, src, sizeof src, cudaMemcpyHostToDevice), cudaSuccess);
  CHECK_ERR(cudaMemcpy(dst, never, sizeof dst, cudaMemcpyDeviceToHost), cudaSuccess);
  CHECK(dst[2] == 9, "round trip");
  CHECK_ERR(cudaFree(never), cudaSuccess);
  CHECK_ERR(cudaFreeHost(h), cudaSuccess);
  CHECK_ERR(cudaFree(d), cudaSuccess);
  cudaGetLastError();
}

static void testGeometry() {
  dim3 grid(3, 2, 2), block(4, 3, 2);
  const unsigned total = 3 * 2 * 2 * 4 * 3 * 2;
  unsigned* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, total * 12 * sizeof(unsigned)), cudaSuccess);
  (cu2mPushCallConfiguration(grid, block), geom3d(d));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  std::vector<unsigned> r(total * 12);
  CHECK_ERR(cudaMemcpy(r.data(), d, r.size() * sizeof(unsigned), cudaMemcpyDeviceToHost), cudaSuccess);
  int bad = 0;
  for (unsigned bz = 0; bz < 2; ++bz)
    for (unsigned by = 0; by < 2; ++by)
      for (unsigned bx = 0; bx < 3; ++bx)
        for (unsigned tz = 0; tz < 2; ++tz)
          for (unsigned ty = 0; ty < 3; ++ty)
            for (unsigned tx = 0; tx < 4; ++tx) {
              unsigned blockLinear = bx + by * 3 + bz * 6, lin = tx + ty * 4 + tz * 12;
              const unsigned* p = &r[(blockLinear * 24 + lin) * 12];
              unsigned expect[12] = {tx, ty, tz, bx, by, bz, 4, 3, 2, 30202, lin, 32};
              if (std::memcmp(p, expect, sizeof expect) != 0) ++bad;
            }
  CHECK(bad == 0, "%d threads saw wrong builtins", bad);
  CHECK_ERR(cudaFree(d), cudaSuccess);
}

static void testDynamicShared() {
  const int threads = 128, blocks = 8, n = threads * blocks;
  std::vector<int> h(n);
  for (int i = 0; i < n; ++i) h[i] = i;
  int* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, n * sizeof(int)), cudaSuccess);
  CHECK_ERR(cudaMemcpy(d, h.data(), n * sizeof(int), cudaMemcpyHostToDevice), cudaSuccess);
  (cu2mPushCallConfiguration(blocks, threads, threads * sizeof(int)), dynReverse(d));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaMemcpy(h.data(), d, n * sizeof(int), cudaMemcpyDeviceToHost), cudaSuccess);
  int bad = 0;
  for (int b = 0; b < blocks; ++b)
    for (int t = 0; t < threads; ++t) bad += h[b * threads + t] != b * threads + (threads - 1 - t);
  CHECK(bad == 0, "dynamic shared reverse: %d wrong", bad);

  // Every thread reaches both barriers (no early exit): a correct launch (the divergent case is
  // the `divergent-barrier` mode).
  int* o = nullptr;
  CHECK_ERR(cudaMalloc(&o, 2 * 64 * sizeof(int)), cudaSuccess);
  (cu2mPushCallConfiguration(2, 64), earlyExit(o, 64));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  std::vector<int> r(128);
  CHECK_ERR(cudaMemcpy(r.data(), o, r.size() * sizeof(int), cudaMemcpyDeviceToHost), cudaSuccess);
  bad = 0;
  for (int b = 0; b < 2; ++b)
    for (int t = 0; t < 64; ++t) bad += r[b * 64 + t] != 64 * 65 / 2;
  CHECK(bad == 0, "all threads at the barriers: %d wrong", bad);
  cudaFree(d);
  cudaFree(o);
}

static double testReduction(bool print) {
  const int threads = 256, blocks = 4096, n = threads * blocks;
  std::vector<float> h(n);
  for (int i = 0; i < n; ++i) h[i] = float(i % 7);
  float *dIn = nullptr, *dOut = nullptr;
  CHECK_ERR(cudaMalloc(&dIn, n * sizeof(float)), cudaSuccess);
  CHECK_ERR(cudaMalloc(&dOut, blocks * sizeof(float)), cudaSuccess);
  CHECK_ERR(cudaMemcpy(dIn, h.data(), n * sizeof(float), cudaMemcpyHostToDevice), cudaSuccess);
  cudaEvent_t start, stop;
  CHECK_ERR(cudaEventCreate(&start), cudaSuccess);
  CHECK_ERR(cudaEventCreate(&stop), cudaSuccess);
  float ms = -1;
  CHECK_ERR(cudaEventElapsedTime(&ms, start, stop), cudaErrorInvalidResourceHandle); // not recorded
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaEventQuery(stop), cudaSuccess);
  auto t0 = std::chrono::steady_clock::now();
  CHECK_ERR(cudaEventRecord(start), cudaSuccess);
  (cu2mPushCallConfiguration(blocks, threads), blockReduce(dIn, dOut, n));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaEventRecord(stop, 0), cudaSuccess);
  CHECK_ERR(cudaEventSynchronize(stop), cudaSuccess);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK_ERR(cudaEventElapsedTime(&ms, start, stop), cudaSuccess);
  CHECK(ms >= 0 && ms < 60000, "elapsed %g ms", ms);
  std::vector<float> partial(blocks);
  CHECK_ERR(cudaMemcpy(partial.data(), dOut, blocks * sizeof(float), cudaMemcpyDeviceToHost), cudaSuccess);
  double sum = 0, expect = 0;
  for (float p : partial) sum += p;
  for (int i = 0; i < n; ++i) expect += double(i % 7);
  CHECK(sum == expect, "reduction sum %.0f, expected %.0f", sum, expect);
  if (print)
    std::printf("reduction: %d blocks x %d threads (9 barriers each): %.1f ms (events %.1f ms)\n", blocks,
                threads, wall * 1e3, ms);
  cudaEvent_t noTiming;
  CHECK_ERR(cudaEventCreateWithFlags(&noTiming, cudaEventDisableTiming), cudaSuccess);
  CHECK_ERR(cudaEventRecord(noTiming), cudaSuccess);
  CHECK_ERR(cudaEventElapsedTime(&ms, start, noTiming), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaEventDestroy(noTiming), cudaSuccess);
  CHECK_ERR(cudaEventDestroy(start), cudaSuccess);
  CHECK_ERR(cudaEventDestroy(stop), cudaSuccess);
  CHECK_ERR(cudaEventDestroy(stop), cudaErrorInvalidResourceHandle);
  cudaFree(dIn);
  cudaFree(dOut);
  cudaGetLastError();
  return wall;
}

static void testStreams() {
  cudaStream_t s;
  CHECK_ERR(cudaStreamCreate(&s), cudaSuccess);
  float* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, 64 * sizeof(float)), cudaSuccess);
  (cu2mPushCallConfiguration(1, 64, 0, s), fill(d, 4.f, 64));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaMemsetAsync(d, 0, 4, s), cudaSuccess);
  CHECK_ERR(cudaStreamSynchronize(s), cudaSuccess);
  CHECK_ERR(cudaStreamQuery(s), cudaSuccess);
  float h[2];
  CHECK_ERR(cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s), cudaSuccess);
  CHECK(h[0] == 0.f && h[1] == 4.f, "stream work %g %g", h[0], h[1]);
  CHECK_ERR(cudaStreamDestroy(s), cudaSuccess);
  CHECK_ERR(cudaStreamDestroy(s), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaStreamSynchronize(cudaStreamPerThread), cudaSuccess);
  cudaFree(d);
  cudaGetLastError();
}

// ---- Sizes that cannot be allocated ------------------------------------------------------------------

static void testAllocationSizes() {
  cudaDeviceProp prop;
  CHECK_ERR(cudaGetDeviceProperties(&prop, 0), cudaSuccess);
  int count = -1; // a negative element count, converted to size_t by the multiplication
  float* p = reinterpret_cast<float*>(16);
  CHECK_ERR(cudaMalloc(&p, count * sizeof(float)), cudaErrorMemoryAllocation);
  CHECK(p == nullptr, "failed cudaMalloc leaves %p", (void*)p);
  CHECK(cu2m::Runtime::lastDiagnostic().find("negative size") != std::string::npos, "diagnostic: %s",
        cu2m::Runtime::lastDiagnostic().c_str());
  CHECK_ERR(cudaGetLastError(), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaMalloc(&p, prop.totalGlobalMem + 1), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaMalloc(&p, SIZE_MAX), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaMalloc(&p, SIZE_MAX - 8), cudaErrorMemoryAllocation);
  void* h = nullptr;
  CHECK_ERR(cudaMallocHost(&h, size_t(-4)), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaHostAlloc(&h, size_t(-4), cudaHostAllocMapped), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaMallocManaged(&h, size_t(-4)), cudaErrorMemoryAllocation);
  size_t pitch = 7;
  CHECK_ERR(cudaMallocPitch(&h, &pitch, SIZE_MAX / 2, 4), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaMallocPitch(&h, &pitch, 1000, SIZE_MAX / 512), cudaErrorMemoryAllocation);
  cudaPitchedPtr pp;
  CHECK_ERR(cudaMalloc3D(&pp, make_cudaExtent(1 << 20, 1 << 20, 1 << 20)), cudaErrorMemoryAllocation);
  CHECK(pp.ptr == nullptr, "failed cudaMalloc3D");
  cudaGetLastError();

  // The failed allocations registered nothing: bounds checks still hold.
  float* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, 64 * sizeof(float)), cudaSuccess);
  std::vector<float> host(64);
  (cu2mPushCallConfiguration(1, 64), fill(host.data(), 1.f, 64));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemcpy(host.data(), d, 65 * sizeof(float), cudaMemcpyDeviceToHost), cudaErrorInvalidValue);

  // A large allocation (a lazily committed mapping on the CPU backends) is zero-filled and usable.
  const size_t big = size_t(48) << 20;
  unsigned char* b = nullptr;
  CHECK_ERR(cudaMalloc(&b, big), cudaSuccess);
  unsigned char probe[3] = {9, 9, 9};
  CHECK_ERR(cudaMemcpy(probe, b + big / 2, 3, cudaMemcpyDeviceToHost), cudaSuccess);
  CHECK(probe[0] == 0 && probe[2] == 0, "big allocation not zero-filled");
  CHECK_ERR(cudaMemset(b + big - 4, 0x5a, 4), cudaSuccess);
  CHECK_ERR(cudaMemcpy(probe, b + big - 3, 3, cudaMemcpyDeviceToHost), cudaSuccess);
  CHECK(probe[0] == 0x5a && probe[2] == 0x5a, "big allocation end");
  CHECK_ERR(cudaMemset(b + big - 4, 0, 5), cudaErrorInvalidValue);
  CHECK_ERR(cudaFree(b), cudaSuccess);
  CHECK_ERR(cudaFree(d), cudaSuccess);
  cudaGetLastError();
}

// ---- Registered and mapped host memory ---------------------------------------------------------------

static void testHostRegister() {
  // Memory from the C++ heap, registered from an unaligned address: kernels write it in place.
  std::vector<float> buf(1001, -1.f);
  float* range = buf.data() + 1;
  CHECK_ERR(cudaHostRegister(range, 1000 * sizeof(float), cudaHostRegisterMapped), cudaSuccess);
  float* dev = nullptr;
  CHECK_ERR(cudaHostGetDevicePointer(&dev, range, 0), cudaSuccess);
  CHECK(dev == range, "device pointer %p for %p", (void*)dev, (void*)range);
  (cu2mPushCallConfiguration(4, 256), fill(dev, 3.f, 1000));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  CHECK(buf[0] == -1.f && buf[1] == 3.f && buf[1000] == 3.f, "kernel on registered memory: %g %g %g", buf[0], buf[1],
        buf[1000]);
  // An interior pointer maps too, and is a valid kernel argument.
  float* inner = nullptr;
  CHECK_ERR(cudaHostGetDevicePointer((void**)&inner, range + 500, 0), cudaSuccess);
  (cu2mPushCallConfiguration(1, 100), scale(inner, 2.f, 100));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  CHECK(buf[500] == 3.f && buf[501] == 6.f && buf[600] == 6.f && buf[601] == 3.f, "interior: %g %g %g %g", buf[500],
        buf[501], buf[600], buf[601]);
  // Copies with cudaMemcpyDefault treat it as host memory; device -> registered works.
  float* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, 10 * sizeof(float)), cudaSuccess);
  (cu2mPushCallConfiguration(1, 10), fill(d, 7.f, 10));
  CHECK_ERR(cudaMemcpy(range, d, 10 * sizeof(float), cudaMemcpyDefault), cudaSuccess);
  CHECK(buf[1] == 7.f && buf[10] == 7.f && buf[11] == 3.f, "copy into registered memory");

  // Misuse, with CUDA's errors.
  CHECK_ERR(cudaHostRegister(buf.data() + 100, 16, 0), cudaErrorHostMemoryAlreadyRegistered);
  CHECK_ERR(cudaHostRegister(buf.data(), 8, 0), cudaErrorHostMemoryAlreadyRegistered); // overlaps the start
  CHECK_ERR(cudaHostRegister(d, 16, 0), cudaErrorInvalidValue);                         // device memory
  CHECK_ERR(cudaHostRegister(nullptr, 16, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaHostRegister(buf.data(), 0, 0), cudaErrorInvalidValue);
  float other[8];
  CHECK_ERR(cudaHostRegister(other, sizeof other, 0x10), cudaErrorInvalidValue);
  CHECK_ERR(cudaHostRegister(other, sizeof other, cudaHostRegisterIoMemory), cudaErrorNotSupported);
  CHECK_ERR(cudaHostRegister(other, size_t(-64), 0), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaFree(range), cudaErrorInvalidValue);
  CHECK(cu2m::Runtime::lastDiagnostic().find("cudaHostUnregister") != std::string::npos, "%s",
        cu2m::Runtime::lastDiagnostic().c_str());
  CHECK_ERR(cudaFreeHost(range), cudaErrorInvalidValue);
  CHECK_ERR(cudaHostGetDevicePointer((void**)&inner, range, 1), cudaErrorInvalidValue);
  CHECK_ERR(cudaHostGetDevicePointer((void**)&inner, d, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaHostGetDevicePointer((void**)&inner, other, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaHostUnregister(range + 1), cudaErrorHostMemoryNotRegistered);
  CHECK_ERR(cudaHostUnregister(other), cudaErrorHostMemoryNotRegistered);
  CHECK_ERR(cudaHostUnregister(range), cudaSuccess);
  CHECK_ERR(cudaHostUnregister(range), cudaErrorHostMemoryNotRegistered);
  // Unregistered: no longer a valid kernel argument, and the memory is still the program's.
  (cu2mPushCallConfiguration(1, 10), fill(range, 1.f, 10));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  CHECK(buf[1] == 7.f, "unregistered memory written");
  CHECK_ERR(cudaHostGetDevicePointer((void**)&inner, range, 0), cudaErrorInvalidValue);
  cudaGetLastError();
  // Adjacent ranges may be registered separately.
  CHECK_ERR(cudaHostRegister(buf.data(), 500 * sizeof(float), cudaHostRegisterDefault), cudaSuccess);
  CHECK_ERR(cudaHostRegister(buf.data() + 500, 501 * sizeof(float), cudaHostRegisterPortable), cudaSuccess);
  (cu2mPushCallConfiguration(4, 256), fill(buf.data() + 500, 5.f, 501));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  CHECK(buf[499] != 5.f && buf[500] == 5.f && buf[1000] == 5.f, "adjacent ranges");
  CHECK_ERR(cudaHostUnregister(buf.data()), cudaSuccess);
  CHECK_ERR(cudaHostUnregister(buf.data() + 500), cudaSuccess);

  // cudaHostAlloc(cudaHostAllocMapped): a kernel writes host memory through the device pointer.
  int* mapped = nullptr;
  CHECK_ERR(cudaHostAlloc(&mapped, 64 * sizeof(int), cudaHostAllocMapped | cudaHostAllocPortable), cudaSuccess);
  float* mappedDev = nullptr;
  CHECK_ERR(cudaHostGetDevicePointer(&mappedDev, mapped, 0), cudaSuccess);
  (cu2mPushCallConfiguration(1, 64), fill(mappedDev, 0.5f, 64));
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  CHECK(reinterpret_cast<float*>(mapped)[63] == 0.5f, "mapped host allocation");
  CHECK_ERR(cudaHostAlloc(&mapped, 64, 0x100), cudaErrorInvalidValue);
  CHECK_ERR(cudaFreeHost(mappedDev), cudaSuccess);
  CHECK_ERR(cudaFree(d), cudaSuccess);
  cudaGetLastError();
}

// ---- Pitched memory: 2D and 3D memsets and copies ----------------------------------------------------

static void testPitched() {
  const size_t w = 37, h = 11; // floats per row, rows
  float* d = nullptr;
  size_t pitch = 0;
  CHECK_ERR(cudaMallocPitch((void**)&d, &pitch, w * sizeof(float), h), cudaSuccess);
  CHECK(pitch >= w * sizeof(float) && pitch % 256 == 0, "pitch %zu", pitch);
  CHECK_ERR(cudaMemset2D(d, pitch, 0, w * sizeof(float), h), cudaSuccess);
  std::vector<float> src(w * h);
  for (size_t i = 0; i < src.size(); ++i) src[i] = float(i);
  CHECK_ERR(cudaMemcpy2D(d, pitch, src.data(), w * sizeof(float), w * sizeof(float), h, cudaMemcpyHostToDevice),
            cudaSuccess);
  // Bytes 0x3f in a 5x3 window (0x3f3f3f3f is 0.7465...f).
  CHECK_ERR(cudaMemset2D(reinterpret_cast<char*>(d) + 2 * pitch + 4 * sizeof(float), pitch, 0x3f, 5 * sizeof(float), 3),
            cudaSuccess);
  std::vector<float> back(w * h);
  CHECK_ERR(cudaMemcpy2DAsync(back.data(), w * sizeof(float), d, pitch, w * sizeof(float), h, cudaMemcpyDeviceToHost, 0),
            cudaSuccess);
  float magic;
  const uint32_t bits = 0x3f3f3f3fu;
  std::memcpy(&magic, &bits, 4);
  int bad = 0;
  for (size_t y = 0; y < h; ++y)
    for (size_t x = 0; x < w; ++x) {
      const bool in = y >= 2 && y < 5 && x >= 4 && x < 9;
      bad += back[y * w + x] != (in ? magic : float(y * w + x));
    }
  CHECK(bad == 0, "2D memset/copy: %d wrong", bad);
  CHECK_ERR(cudaMemset2D(d, w, 0, w * sizeof(float), 2), cudaErrorInvalidPitchValue);
  CHECK_ERR(cudaMemset2D(d, pitch, 0, w * sizeof(float), h + 1), cudaErrorInvalidValue); // past the end
  CHECK_ERR(cudaMemset2DAsync(d, pitch, 0, 4, 1, reinterpret_cast<cudaStream_t>(0x1234)), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaMemcpy2D(back.data(), 4, d, pitch, 8, 2, cudaMemcpyDeviceToHost), cudaErrorInvalidPitchValue);
  // Device to device, sub-rectangle.
  float* d2 = nullptr;
  size_t pitch2 = 0;
  CHECK_ERR(cudaMallocPitch(&d2, &pitch2, 3 * sizeof(float), 2), cudaSuccess);
  CHECK_ERR(cudaMemcpy2D(d2, pitch2, d + 1, pitch, 3 * sizeof(float), 2, cudaMemcpyDeviceToDevice), cudaSuccess);
  float sub[2][3];
  CHECK_ERR(cudaMemcpy2D(sub, sizeof sub[0], d2, pitch2, sizeof sub[0], 2, cudaMemcpyDefault), cudaSuccess);
  CHECK(sub[0][0] == 1.f && sub[0][2] == 3.f && sub[1][0] == float(w + 1), "2D D2D %g %g %g", sub[0][0], sub[0][2], sub[1][0]);

  // 3D: a W x H x D box of ints, pitched on the device.
  const size_t W = 13, H = 7, D = 5;
  cudaPitchedPtr p3;
  CHECK_ERR(cudaMalloc3D(&p3, make_cudaExtent(W * sizeof(int), H, D)), cudaSuccess);
  CHECK(p3.pitch >= W * sizeof(int) && p3.pitch % 256 == 0 && p3.xsize == W * sizeof(int) && p3.ysize == H,
        "cudaMalloc3D pitch %zu xsize %zu ysize %zu", p3.pitch, p3.xsize, p3.ysize);
  CHECK_ERR(cudaMemset3D(p3, 0xff, make_cudaExtent(W * sizeof(int), H, D)), cudaSuccess);
  std::vector<int> vol(W * H * D);
  for (size_t i = 0; i < vol.size(); ++i) vol[i] = int(i);
  cudaMemcpy3DParms up = {};
  up.srcPtr = make_cudaPitchedPtr(vol.data(), W * sizeof(int), W, H);
  up.dstPtr = p3;
  // Only the inner box [1..W-1) x [1..H-1) x [1..D-1) goes up.
  up.srcPos = make_cudaPos(1 * sizeof(int), 1, 1);
  up.dstPos = make_cudaPos(1 * sizeof(int), 1, 1);
  up.extent = make_cudaExtent((W - 2) * sizeof(int), H - 2, D - 2);
  up.kind = cudaMemcpyHostToDevice;
  CHECK_ERR(cudaMemcpy3D(&up), cudaSuccess);
  std::vector<int> got(W * H * D, 7);
  cudaMemcpy3DParms down = {};
  down.srcPtr = p3;
  down.dstPtr = make_cudaPitchedPtr(got.data(), W * sizeof(int), W, H);
  down.extent = make_cudaExtent(W * sizeof(int), H, D);
  down.kind = cudaMemcpyDeviceToHost;
  CHECK_ERR(cudaMemcpy3DAsync(&down, 0), cudaSuccess);
  bad = 0;
  for (size_t z = 0; z < D; ++z)
    for (size_t y = 0; y < H; ++y)
      for (size_t x = 0; x < W; ++x) {
        const bool inner = x >= 1 && x < W - 1 && y >= 1 && y < H - 1 && z >= 1 && z < D - 1;
        const size_t i = (z * H + y) * W + x;
        bad += got[i] != (inner ? int(i) : -1);
      }
  CHECK(bad == 0, "3D copy: %d wrong", bad);
  // Device to device, into a second volume, then back.
  cudaPitchedPtr q3;
  CHECK_ERR(cudaMalloc3D(&q3, make_cudaExtent(W * sizeof(int), H, D)), cudaSuccess);
  cudaMemcpy3DParms dd = {};
  dd.srcPtr = p3;
  dd.dstPtr = q3;
  dd.extent = make_cudaExtent(W * sizeof(int), H, D);
  dd.kind = cudaMemcpyDeviceToDevice;
  CHECK_ERR(cudaMemcpy3D(&dd), cudaSuccess);
  std::vector<int> got2(W * H * D);
  down.srcPtr = q3;
  down.dstPtr = make_cudaPitchedPtr(got2.data(), W * sizeof(int), W, H);
  CHECK_ERR(cudaMemcpy3D(&down), cudaSuccess);
  CHECK(got2 == got, "3D device-to-device");
  // Errors: arrays, a box wider than the pitch, more rows than a slice holds, out of bounds.
  cudaMemcpy3DParms badp = dd;
  badp.srcArray = reinterpret_cast<cudaArray_t>(&got2);
  CHECK_ERR(cudaMemcpy3D(&badp), cudaErrorInvalidValue);
  badp = dd;
  badp.extent.width = p3.pitch + 4;
  CHECK_ERR(cudaMemcpy3D(&badp), cudaErrorInvalidValue);
  badp = dd;
  badp.srcPos = make_cudaPos(0, 1, 0);
  CHECK_ERR(cudaMemcpy3D(&badp), cudaErrorInvalidValue);
  badp = dd;
  badp.srcPos = make_cudaPos(0, 0, 1);
  CHECK_ERR(cudaMemcpy3D(&badp), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemcpy3D(nullptr), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemset3D(p3, 0, make_cudaExtent(W * sizeof(int), H, D + 1)), cudaErrorInvalidValue);
  cudaFree(d);
  cudaFree(d2);
  cudaFree(p3.ptr);
  cudaFree(q3.ptr);
  cudaGetLastError();
}

// ---- Stream-ordered allocation -----------------------------------------------------------------------

static uint64_t poolAttr(cudaMemPool_t pool, cudaMemPoolAttr attr) {
  uint64_t v = ~0ull;
  CHECK_ERR(cudaMemPoolGetAttribute(pool, attr, &v), cudaSuccess);
  return v;
}

static void testMemPools() {
  cudaMemPool_t pool = nullptr, current = nullptr;
  CHECK_ERR(cudaDeviceGetDefaultMemPool(&pool, 0), cudaSuccess);
  CHECK_ERR(cudaDeviceGetMemPool(&current, 0), cudaSuccess);
  CHECK(pool != nullptr && pool == current, "default pool");
  CHECK_ERR(cudaDeviceGetDefaultMemPool(&pool, 1), cudaErrorInvalidDevice);
  int supported = 0;
  CHECK_ERR(cudaDeviceGetAttribute(&supported, cudaDevAttrMemoryPoolsSupported, 0), cudaSuccess);
  CHECK(supported == 1, "memory pools supported");
  cudaGetLastError();
  cudaStream_t s;
  CHECK_ERR(cudaStreamCreate(&s), cudaSuccess);

  float* a = nullptr;
  CHECK_ERR(cudaMallocAsync(&a, 1000 * sizeof(float), s), cudaSuccess);
  CHECK(poolAttr(pool, cudaMemPoolAttrUsedMemCurrent) == 4000, "used %llu",
        (unsigned long long)poolAttr(pool, cudaMemPoolAttrUsedMemCurrent));
  (cu2mPushCallConfiguration(4, 256, 0, s), fill(a, 2.f, 1000));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  float h[1000];
  CHECK_ERR(cudaMemcpyAsync(h, a, sizeof h, cudaMemcpyDeviceToHost, s), cudaSuccess);
  CHECK_ERR(cudaStreamSynchronize(s), cudaSuccess);
  CHECK(h[0] == 2.f && h[999] == 2.f, "pool memory in a kernel");
  CHECK_ERR(cudaFreeAsync(a, s), cudaSuccess);
  // Freed: no longer an argument or copy source, but the pool keeps the block until a sync.
  (cu2mPushCallConfiguration(1, 32, 0, s), fill(a, 1.f, 32));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  CHECK(poolAttr(pool, cudaMemPoolAttrUsedMemCurrent) == 0, "used after free");
  const uint64_t reserved = poolAttr(pool, cudaMemPoolAttrReservedMemCurrent);
  CHECK(reserved >= 4000, "reserved after free %llu", (unsigned long long)reserved);
  // Reuse: a smaller request gets the cached block back, zero-filled.
  float* b = nullptr;
  CHECK_ERR(cudaMallocAsync(&b, 900 * sizeof(float), s), cudaSuccess);
  CHECK(b == a, "cached block reused (%p vs %p)", (void*)b, (void*)a);
  CHECK(poolAttr(pool, cudaMemPoolAttrReservedMemCurrent) == reserved, "no new memory reserved");
  CHECK_ERR(cudaMemcpy(h, b, 900 * sizeof(float), cudaMemcpyDeviceToHost), cudaSuccess);
  CHECK(h[0] == 0.f && h[899] == 0.f, "reused block zero-filled");
  CHECK_ERR(cudaMemcpy(h, b, 901 * sizeof(float), cudaMemcpyDeviceToHost), cudaErrorInvalidValue); // exact bounds
  CHECK_ERR(cudaFreeAsync(b, s), cudaSuccess);
  // Release threshold 0 (the default): a synchronizing call gives the cached memory back.
  CHECK_ERR(cudaStreamSynchronize(s), cudaSuccess);
  CHECK(poolAttr(pool, cudaMemPoolAttrReservedMemCurrent) == 0, "released at sync");
  CHECK(poolAttr(pool, cudaMemPoolAttrUsedMemHigh) == 4000, "used high-water mark");
  // A high threshold keeps it; cudaMemPoolTrimTo gives it back.
  uint64_t threshold = UINT64_MAX;
  CHECK_ERR(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold), cudaSuccess);
  CHECK(poolAttr(pool, cudaMemPoolAttrReleaseThreshold) == UINT64_MAX, "threshold");
  CHECK_ERR(cudaMallocAsync((void**)&a, 1 << 20, s), cudaSuccess);
  CHECK_ERR(cudaFreeAsync(a, s), cudaSuccess);
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  CHECK(poolAttr(pool, cudaMemPoolAttrReservedMemCurrent) >= (1u << 20), "kept under the threshold");
  CHECK_ERR(cudaMemPoolTrimTo(pool, 0), cudaSuccess);
  CHECK(poolAttr(pool, cudaMemPoolAttrReservedMemCurrent) == 0, "trimmed");
  threshold = 0;
  CHECK_ERR(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold), cudaSuccess);
  // High-water marks reset with 0 only; the current values are read-only; reuse flags are ints.
  uint64_t zero = 0, five = 5;
  CHECK_ERR(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrUsedMemHigh, &zero), cudaSuccess);
  CHECK(poolAttr(pool, cudaMemPoolAttrUsedMemHigh) == 0, "high-water mark reset");
  CHECK_ERR(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrUsedMemHigh, &five), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &zero), cudaErrorInvalidValue);
  int reuse = 1;
  CHECK_ERR(cudaMemPoolGetAttribute(pool, cudaMemPoolReuseAllowOpportunistic, &reuse), cudaSuccess);
  CHECK(reuse == 1, "reuse default");
  reuse = 0;
  CHECK_ERR(cudaMemPoolSetAttribute(pool, cudaMemPoolReuseAllowOpportunistic, &reuse), cudaSuccess);
  reuse = 5;
  CHECK_ERR(cudaMemPoolGetAttribute(pool, cudaMemPoolReuseAllowOpportunistic, &reuse), cudaSuccess);
  CHECK(reuse == 0, "reuse flag");
  reuse = 1;
  CHECK_ERR(cudaMemPoolSetAttribute(pool, cudaMemPoolReuseAllowOpportunistic, &reuse), cudaSuccess);

  // An explicit pool, also made the device's current pool.
  cudaMemPoolProps props = {};
  props.allocType = cudaMemAllocationTypePinned;
  props.location.type = cudaMemLocationTypeDevice;
  props.location.id = 0;
  cudaMemPool_t mine = nullptr;
  CHECK_ERR(cudaMemPoolCreate(&mine, &props), cudaSuccess);
  int* c = nullptr;
  CHECK_ERR(cudaMallocFromPoolAsync((void**)&c, 256, mine, s), cudaSuccess);
  CHECK(poolAttr(mine, cudaMemPoolAttrUsedMemCurrent) == 256 && poolAttr(pool, cudaMemPoolAttrUsedMemCurrent) == 0,
        "allocation from the explicit pool");
  CHECK_ERR(cudaDeviceSetMemPool(0, mine), cudaSuccess);
  CHECK_ERR(cudaDeviceGetMemPool(&current, 0), cudaSuccess);
  CHECK(current == mine, "current pool");
  int* e = nullptr;
  CHECK_ERR(cudaMallocAsync(&e, 64, s), cudaSuccess);
  CHECK(poolAttr(mine, cudaMemPoolAttrUsedMemCurrent) == 320, "cudaMallocAsync uses the current pool");
  CHECK_ERR(cudaFree(e), cudaSuccess); // cudaFree takes stream-ordered memory too
  CHECK_ERR(cudaDeviceSetMemPool(0, pool), cudaSuccess);
  // Destroyed with a block still live: the block stays usable until freed.
  CHECK_ERR(cudaMemPoolDestroy(mine), cudaSuccess);
  CHECK_ERR(cudaMemsetAsync(c, 1, 256, s), cudaSuccess);
  CHECK_ERR(cudaFreeAsync(c, s), cudaSuccess);
  CHECK_ERR(cudaMemPoolDestroy(mine), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemPoolDestroy(pool), cudaErrorInvalidValue);
  props.location.id = 3;
  CHECK_ERR(cudaMemPoolCreate(&mine, &props), cudaErrorInvalidDevice);
  props.location.id = 0;
  props.handleTypes = cudaMemHandleTypePosixFileDescriptor;
  CHECK_ERR(cudaMemPoolCreate(&mine, &props), cudaErrorNotSupported);

  // Misuse.
  CHECK_ERR(cudaFreeAsync(nullptr, s), cudaErrorInvalidValue);
  CHECK_ERR(cudaFreeAsync(h, s), cudaErrorInvalidValue);
  CHECK_ERR(cudaMallocAsync(&a, 16, reinterpret_cast<cudaStream_t>(0x1234)), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaMallocAsync(&a, size_t(-16), s), cudaErrorMemoryAllocation);
  CHECK_ERR(cudaMallocFromPoolAsync((void**)&a, 16, nullptr, s), cudaErrorInvalidValue);
  CHECK_ERR(cudaMemPoolTrimTo(reinterpret_cast<cudaMemPool_t>(&h), 0), cudaErrorInvalidValue);
  // cudaFreeAsync also takes cudaMalloc memory.
  CHECK_ERR(cudaMalloc(&a, 64), cudaSuccess);
  CHECK_ERR(cudaFreeAsync(a, 0), cudaSuccess);
  CHECK_ERR(cudaStreamDestroy(s), cudaSuccess);
  cudaGetLastError();
}

// ---- Limits --------------------------------------------------------------------------------------------

static void testLimits() {
  size_t v = 0;
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitStackSize), cudaSuccess);
  CHECK(v == 1024, "default stack %zu", v);
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitPrintfFifoSize), cudaSuccess);
  CHECK(v == 1048576, "default printf fifo %zu", v);
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitMallocHeapSize), cudaSuccess);
  CHECK(v == 8388608, "default heap %zu", v);
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 64 << 20), cudaSuccess);
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitMallocHeapSize), cudaSuccess);
  CHECK(v == size_t(64) << 20, "heap %zu", v);
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, 1 << 22), cudaSuccess);
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitPrintfFifoSize), cudaSuccess);
  CHECK(v == size_t(1) << 22, "printf fifo %zu", v);
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitStackSize, 4000), cudaSuccess);
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitStackSize), cudaSuccess);
  CHECK(v == 4000, "stack %zu", v);
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitStackSize, 1 << 20), cudaErrorInvalidValue);
  // Launches from device code (docs/DESIGN.md): their limits are kept and read back.
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitDevRuntimeSyncDepth, 4), cudaSuccess);
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitDevRuntimeSyncDepth), cudaSuccess);
  CHECK(v == 4, "sync depth %zu", v);
  CHECK_ERR(cudaDeviceGetLimit(&v, cudaLimitDevRuntimePendingLaunchCount), cudaSuccess);
  CHECK(v == 2048, "pending launch count %zu", v);
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitPersistingL2CacheSize, 1024), cudaErrorUnsupportedLimit);
  CHECK_ERR(cudaDeviceSetLimit(static_cast<cudaLimit>(42), 1), cudaErrorUnsupportedLimit);
  CHECK_ERR(cudaDeviceGetLimit(&v, static_cast<cudaLimit>(42)), cudaErrorUnsupportedLimit);
  CHECK_ERR(cudaDeviceGetLimit(nullptr, cudaLimitStackSize), cudaErrorInvalidValue);
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitStackSize, 1024), cudaSuccess);
  cudaGetLastError();
}

// ---- Streams: priorities, flags, host functions --------------------------------------------------------

struct CallbackLog {
  std::vector<std::string> events;
  const float* watched = nullptr; // host-visible memory a kernel before the callback wrote
  float seen = -1;
  cudaStream_t stream = nullptr;
  cudaError_t status = cudaErrorUnknown;
};

static void CUDART_CB onStreamCallback(cudaStream_t stream, cudaError_t status, void* user) {
  auto* log = static_cast<CallbackLog*>(user);
  log->events.push_back("callback");
  log->stream = stream;
  log->status = status;
  log->seen = log->watched[0];
}

static void CUDART_CB onHostFunc(void* user) {
  auto* log = static_cast<CallbackLog*>(user);
  log->events.push_back("hostfunc:" + std::to_string(static_cast<int>(log->watched[0])));
}

static void testStreamExtras() {
  int least = 7, greatest = 7;
  CHECK_ERR(cudaDeviceGetStreamPriorityRange(&least, &greatest), cudaSuccess);
  CHECK(least == 0 && greatest == -5, "priority range %d..%d", least, greatest);
  int attr = 0;
  CHECK_ERR(cudaDeviceGetAttribute(&attr, cudaDevAttrStreamPrioritiesSupported, 0), cudaSuccess);
  CHECK(attr == 1, "priorities supported");
  cudaStream_t hi, lo, clamped;
  CHECK_ERR(cudaStreamCreateWithPriority(&hi, cudaStreamNonBlocking, greatest), cudaSuccess);
  CHECK_ERR(cudaStreamCreateWithPriority(&lo, cudaStreamDefault, 3), cudaSuccess);
  CHECK_ERR(cudaStreamCreateWithPriority(&clamped, cudaStreamDefault, -100), cudaSuccess);
  int prio = 1;
  unsigned flags = 9;
  CHECK_ERR(cudaStreamGetPriority(hi, &prio), cudaSuccess);
  CHECK(prio == -5, "hi priority %d", prio);
  CHECK_ERR(cudaStreamGetPriority(lo, &prio), cudaSuccess);
  CHECK(prio == 0, "clamped to least %d", prio);
  CHECK_ERR(cudaStreamGetPriority(clamped, &prio), cudaSuccess);
  CHECK(prio == -5, "clamped to greatest %d", prio);
  CHECK_ERR(cudaStreamGetFlags(hi, &flags), cudaSuccess);
  CHECK(flags == cudaStreamNonBlocking, "flags %u", flags);
  CHECK_ERR(cudaStreamGetFlags(lo, &flags), cudaSuccess);
  CHECK(flags == 0, "flags %u", flags);
  CHECK_ERR(cudaStreamGetPriority(0, &prio), cudaSuccess);
  CHECK(prio == 0, "default stream priority");
  CHECK_ERR(cudaStreamGetFlags(cudaStreamPerThread, &flags), cudaSuccess);
  cudaStream_t rejected;
  CHECK_ERR(cudaStreamCreateWithPriority(&rejected, 0x8, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaStreamGetPriority(hi, nullptr), cudaErrorInvalidValue);

  // Host functions run after the stream's earlier work and in issue order.
  float* mapped = nullptr;
  CHECK_ERR(cudaHostAlloc(&mapped, 256 * sizeof(float), cudaHostAllocMapped), cudaSuccess);
  CallbackLog log;
  log.watched = mapped;
  (cu2mPushCallConfiguration(1, 256, 0, hi), fill(mapped, 11.f, 256));
  CHECK_ERR(cudaStreamAddCallback(hi, onStreamCallback, &log, 0), cudaSuccess);
  (cu2mPushCallConfiguration(1, 256, 0, hi), fill(mapped, 12.f, 256));
  CHECK_ERR(cudaLaunchHostFunc(hi, onHostFunc, &log), cudaSuccess);
  (cu2mPushCallConfiguration(1, 256, 0, lo), scale(mapped, 2.f, 256));
  CHECK_ERR(cudaLaunchHostFunc(lo, onHostFunc, &log), cudaSuccess);
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  const std::vector<std::string> expect = {"callback", "hostfunc:12", "hostfunc:24"};
  CHECK(log.events == expect, "host function order: %zu events, first %s", log.events.size(),
        log.events.empty() ? "-" : log.events[0].c_str());
  CHECK(log.seen == 11.f && log.stream == hi && log.status == cudaSuccess, "callback saw %g, status %d", log.seen,
        (int)log.status);
  CHECK_ERR(cudaStreamAddCallback(hi, onStreamCallback, &log, 1), cudaErrorInvalidValue);
  CHECK_ERR(cudaStreamAddCallback(hi, nullptr, &log, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaLaunchHostFunc(hi, nullptr, &log), cudaErrorInvalidValue);
  CHECK_ERR(cudaLaunchHostFunc(reinterpret_cast<cudaStream_t>(0x1234), onHostFunc, &log), cudaErrorInvalidResourceHandle);
  CHECK(log.events.size() == 3, "rejected host functions ran");
  CHECK_ERR(cudaStreamDestroy(hi), cudaSuccess);
  CHECK_ERR(cudaStreamGetPriority(hi, &prio), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaStreamDestroy(lo), cudaSuccess);
  CHECK_ERR(cudaStreamDestroy(clamped), cudaSuccess);
  CHECK_ERR(cudaFreeHost(mapped), cudaSuccess);
  cudaGetLastError();
}

// ---- Managed-memory hints ----------------------------------------------------------------------------

static void testManagedHints() {
  float* m = nullptr;
  CHECK_ERR(cudaMallocManaged(&m, 1024 * sizeof(float)), cudaSuccess);
  cudaStream_t s;
  CHECK_ERR(cudaStreamCreate(&s), cudaSuccess);
  CHECK_ERR(cudaMemPrefetchAsync(m, 1024 * sizeof(float), 0, s), cudaSuccess);
  CHECK_ERR(cudaMemPrefetchAsync(m + 10, 100, cudaCpuDeviceId), cudaSuccess);
  CHECK_ERR(cudaMemPrefetchAsync(m, 1024 * sizeof(float), 3, s), cudaErrorInvalidDevice);
  CHECK_ERR(cudaMemPrefetchAsync(m + 1, 1024 * sizeof(float), 0, s), cudaErrorInvalidValue); // past the end
  CHECK_ERR(cudaMemAdvise(m, 4096, cudaMemAdviseSetReadMostly, 9), cudaSuccess); // device ignored
  CHECK_ERR(cudaMemAdvise(m, 4096, cudaMemAdviseSetPreferredLocation, cudaCpuDeviceId), cudaSuccess);
  CHECK_ERR(cudaMemAdvise(m, 4096, cudaMemAdviseSetAccessedBy, 0), cudaSuccess);
  CHECK_ERR(cudaMemAdvise(m, 4096, cudaMemAdviseSetAccessedBy, 2), cudaErrorInvalidDevice);
  CHECK_ERR(cudaMemAdvise(m, 4096, static_cast<cudaMemoryAdvise>(42), 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaStreamAttachMemAsync(s, m), cudaSuccess);
  CHECK_ERR(cudaStreamAttachMemAsync(s, m, 1024 * sizeof(float), cudaMemAttachGlobal), cudaSuccess);
  CHECK_ERR(cudaStreamAttachMemAsync(s, m + 1), cudaErrorInvalidValue);
  CHECK_ERR(cudaStreamAttachMemAsync(s, m, 100), cudaErrorInvalidValue);
  CHECK_ERR(cudaStreamAttachMemAsync(s, m, 0, 0x10), cudaErrorInvalidValue);
  float* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, 64), cudaSuccess);
  CHECK_ERR(cudaMemPrefetchAsync(d, 64, 0, s), cudaErrorInvalidValue); // not managed, as in CUDA
  CHECK(cu2m::Runtime::lastDiagnostic().find("cudaMallocManaged") != std::string::npos, "%s",
        cu2m::Runtime::lastDiagnostic().c_str());
  float local[4];
  CHECK_ERR(cudaMemAdvise(local, sizeof local, cudaMemAdviseSetReadMostly, 0), cudaErrorInvalidValue);
  // Managed memory works as before: a kernel writes it, the host reads it after synchronizing.
  (cu2mPushCallConfiguration(4, 256, 0, s), fill(m, 4.f, 1024));
  CHECK_ERR(cudaStreamSynchronize(s), cudaSuccess);
  CHECK(m[1023] == 4.f, "managed memory");
  CHECK_ERR(cudaFree(m), cudaSuccess);
  CHECK_ERR(cudaFree(d), cudaSuccess);
  CHECK_ERR(cudaStreamDestroy(s), cudaSuccess);
  cudaGetLastError();
}

// ---- Kernel attributes and occupancy -------------------------------------------------------------------

static void testFuncAttributes() {
  cudaDeviceProp prop;
  CHECK_ERR(cudaGetDeviceProperties(&prop, 0), cudaSuccess);
  cudaFuncAttributes a;
  std::memset(&a, 0xff, sizeof a);
  CHECK_ERR(cudaFuncGetAttributes(&a, blockReduce), cudaSuccess);
  CHECK(a.sharedSizeBytes == 1024 && a.maxThreadsPerBlock == 1024 && a.numRegs == 0 && a.ptxVersion == 80,
        "blockReduce attributes: shared %zu, threads %d, regs %d, ptx %d", a.sharedSizeBytes, a.maxThreadsPerBlock,
        a.numRegs, a.ptxVersion);
  CHECK(a.maxDynamicSharedSizeBytes == int(prop.sharedMemPerBlock) - 1024, "max dynamic %d", a.maxDynamicSharedSizeBytes);
  CHECK_ERR(cudaFuncGetAttributes(&a, notAKernel), cudaErrorInvalidDeviceFunction);
  CHECK(cu2m::Runtime::lastDiagnostic().find("not a kernel") != std::string::npos, "%s",
        cu2m::Runtime::lastDiagnostic().c_str());
  CHECK_ERR(cudaFuncGetAttributes(&a, notInModule), cudaErrorInvalidDeviceFunction); // not in the module
  CHECK(cu2m::Runtime::lastDiagnostic().find("cu2m_entry_notInModule") != std::string::npos, "%s",
        cu2m::Runtime::lastDiagnostic().c_str());
  CHECK_ERR(cudaFuncGetAttributes(nullptr, vecAdd), cudaErrorInvalidValue);

  // The dynamic shared memory limit set per kernel holds at launch.
  CHECK_ERR(cudaFuncSetAttribute(dynReverse, cudaFuncAttributeMaxDynamicSharedMemorySize, 1024), cudaSuccess);
  CHECK_ERR(cudaFuncGetAttributes(&a, dynReverse), cudaSuccess);
  CHECK(a.maxDynamicSharedSizeBytes == 1024, "set max dynamic %d", a.maxDynamicSharedSizeBytes);
  int* d = nullptr;
  CHECK_ERR(cudaMalloc(&d, 512 * sizeof(int)), cudaSuccess);
  (cu2mPushCallConfiguration(1, 512, 512 * sizeof(int)), dynReverse(d));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  (cu2mPushCallConfiguration(2, 256, 256 * sizeof(int)), dynReverse(d));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  CHECK_ERR(cudaFuncSetAttribute(dynReverse, cudaFuncAttributeMaxDynamicSharedMemorySize, int(prop.sharedMemPerBlock) + 1),
            cudaErrorInvalidValue);
  CHECK_ERR(cudaFuncSetAttribute(dynReverse, cudaFuncAttributeMaxDynamicSharedMemorySize, int(prop.sharedMemPerBlock)),
            cudaSuccess);
  CHECK_ERR(cudaFuncSetAttribute(blockReduce, cudaFuncAttributeMaxDynamicSharedMemorySize, int(prop.sharedMemPerBlock)),
            cudaErrorInvalidValue); // its static 1 KB counts too
  CHECK_ERR(cudaFuncSetAttribute(vecAdd, cudaFuncAttributePreferredSharedMemoryCarveout, 50), cudaSuccess);
  CHECK_ERR(cudaFuncGetAttributes(&a, vecAdd), cudaSuccess);
  CHECK(a.preferredShmemCarveout == 50, "carveout %d", a.preferredShmemCarveout);
  CHECK_ERR(cudaFuncSetAttribute(vecAdd, cudaFuncAttributePreferredSharedMemoryCarveout, 101), cudaErrorInvalidValue);
  CHECK_ERR(cudaFuncSetAttribute(vecAdd, cudaFuncAttributeRequiredClusterWidth, 2), cudaErrorNotSupported);
  CHECK_ERR(cudaFuncSetAttribute(notAKernel, cudaFuncAttributePreferredSharedMemoryCarveout, 0),
            cudaErrorInvalidDeviceFunction);
  CHECK_ERR(cudaFuncSetCacheConfig(vecAdd, cudaFuncCachePreferShared), cudaSuccess);
  CHECK_ERR(cudaFuncSetCacheConfig(vecAdd, static_cast<cudaFuncCache>(9)), cudaErrorInvalidValue);
  CHECK_ERR(cudaFuncSetCacheConfig(notAKernel, cudaFuncCachePreferL1), cudaErrorInvalidDeviceFunction);
  CHECK_ERR(cudaFuncSetSharedMemConfig(vecAdd, cudaSharedMemBankSizeFourByte), cudaSuccess);

  // Occupancy, from the limits the device reports.
  auto expected = [&](int blockSize, size_t shared) {
    const int threads = (blockSize + prop.warpSize - 1) / prop.warpSize * prop.warpSize;
    int n = std::min(prop.maxThreadsPerMultiProcessor / threads, prop.maxBlocksPerMultiProcessor);
    if (shared) n = std::min<int>(n, int(prop.sharedMemPerMultiprocessor / shared));
    return n;
  };
  int n = -1;
  CHECK_ERR(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, vecAdd, 256, 0), cudaSuccess);
  CHECK(n == expected(256, 0) && n >= 1, "occupancy(vecAdd, 256) = %d, expected %d", n, expected(256, 0));
  CHECK_ERR(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, blockReduce, 100, 2048), cudaSuccess);
  CHECK(n == expected(100, 3072), "occupancy with shared memory %d", n);
  CHECK_ERR(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, vecAdd, 2048, 0), cudaSuccess);
  CHECK(n == 0, "oversized block: %d blocks", n);
  CHECK_ERR(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, vecAdd, 64, prop.sharedMemPerBlock + 1), cudaSuccess);
  CHECK(n == 0, "too much shared memory: %d blocks", n);
  CHECK_ERR(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, vecAdd, 0, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, notAKernel, 64, 0), cudaErrorInvalidDeviceFunction);
  CHECK_ERR(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&n, vecAdd, 64, 0, cudaOccupancyDisableCachingOverride),
            cudaSuccess);
  int minGrid = -1, block = -1;
  CHECK_ERR(cudaOccupancyMaxPotentialBlockSize(&minGrid, &block, vecAdd), cudaSuccess);
  CHECK(block == 1024 && minGrid == prop.multiProcessorCount * expected(1024, 0), "potential block %d grid %d", block,
        minGrid);
  CHECK_ERR(cudaOccupancyMaxPotentialBlockSize(&minGrid, &block, vecAdd, 0, 100), cudaSuccess);
  {
    // CUDA's rule: from the limit down by warps, the size whose resident threads are strictly the most.
    int best = 0, bestThreads = 0;
    for (int bs = 100; bs > 0; bs = (bs - 1) / prop.warpSize * prop.warpSize)
      if (expected(bs, 0) * bs > bestThreads) bestThreads = expected(bs, 0) * bs, best = bs;
    CHECK(block == best, "limited block %d, expected %d", block, best);
  }
  // 64 bytes of dynamic shared memory per thread: the block size the shared memory allows.
  CHECK_ERR(cudaOccupancyMaxPotentialBlockSizeVariableSMem(&minGrid, &block, dynReverse,
                                                           [](int size) { return size_t(size) * 64; }),
            cudaSuccess);
  CHECK(block == int(prop.sharedMemPerBlock / 64), "shared-memory-bound block %d", block);
  CHECK_ERR(cudaOccupancyMaxPotentialBlockSize(&minGrid, &block, notAKernel), cudaErrorInvalidDeviceFunction);
  size_t avail = 0;
  CHECK_ERR(cudaOccupancyAvailableDynamicSMemPerBlock(&avail, blockReduce, 1, 256), cudaSuccess);
  CHECK(avail == std::min(prop.sharedMemPerMultiprocessor, prop.sharedMemPerBlock) - 1024, "available dynamic %zu", avail);
  cudaFree(d);
  cudaGetLastError();
}

// cudaDeviceReset frees everything: pool blocks (of a destroyed pool too), cached blocks,
// registrations (the memory stays the program's), pinned memory; limits go back to defaults.
static void testReset() {
  cudaMemPoolProps props = {};
  props.allocType = cudaMemAllocationTypePinned;
  props.location.type = cudaMemLocationTypeDevice;
  cudaMemPool_t mine = nullptr, pool = nullptr;
  CHECK_ERR(cudaMemPoolCreate(&mine, &props), cudaSuccess);
  void *live = nullptr, *cached = nullptr, *pinned = nullptr, *orphan = nullptr;
  CHECK_ERR(cudaMallocFromPoolAsync(&orphan, 128, mine, 0), cudaSuccess);
  CHECK_ERR(cudaMemPoolDestroy(mine), cudaSuccess); // the block keeps it alive
  CHECK_ERR(cudaMallocAsync(&live, 1000, 0), cudaSuccess);
  CHECK_ERR(cudaMallocAsync(&cached, 2000, 0), cudaSuccess);
  CHECK_ERR(cudaFreeAsync(cached, 0), cudaSuccess);
  std::vector<int> mem(256, 5);
  CHECK_ERR(cudaHostRegister(mem.data(), mem.size() * sizeof(int), 0), cudaSuccess);
  CHECK_ERR(cudaMallocHost(&pinned, 64), cudaSuccess);
  CHECK_ERR(cudaDeviceSetLimit(cudaLimitMallocHeapSize, 1 << 26), cudaSuccess);
  CHECK_ERR(cudaDeviceReset(), cudaSuccess);
  CHECK_ERR(cudaHostUnregister(mem.data()), cudaErrorHostMemoryNotRegistered);
  mem[255] = 6; // still the program's memory
  CHECK(mem[0] == 5 && mem[255] == 6, "registered memory after reset");
  CHECK_ERR(cudaFree(live), cudaErrorInvalidValue);
  CHECK_ERR(cudaFreeHost(pinned), cudaErrorInvalidValue);
  size_t heap = 0;
  CHECK_ERR(cudaDeviceGetLimit(&heap, cudaLimitMallocHeapSize), cudaSuccess);
  CHECK(heap == 8388608, "heap limit after reset %zu", heap);
  CHECK_ERR(cudaDeviceGetDefaultMemPool(&pool, 0), cudaSuccess);
  uint64_t reserved = 1;
  CHECK_ERR(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &reserved), cudaSuccess);
  CHECK(reserved == 0, "default pool after reset holds %llu bytes", (unsigned long long)reserved);
  CHECK_ERR(cudaMallocAsync(&live, 1000, 0), cudaSuccess);
  CHECK_ERR(cudaFreeAsync(live, 0), cudaSuccess);
  CHECK_ERR(cudaDeviceSynchronize(), cudaSuccess);
  cudaGetLastError();
}

// The addon's view: its own Runtime, explicit module, explicit kernel description.
static void testRuntimeApi(const char* modulePath) {
  cu2m::RuntimeOptions o;
  o.backend = backend();
  o.threads = 2;
  o.quiet = true;
  cu2m::Runtime r(o);
  std::string why;
  auto mod = r.loadModule(modulePath, &why);
  CHECK(mod != nullptr, "loadModule: %s", why.c_str());
  auto none = r.loadModule("/nonexistent/module.so", &why);
  CHECK(none == nullptr && why.find("/nonexistent/module.so") != std::string::npos, "bad module: %s", why.c_str());
  if (!mod) return;
  void* buf = nullptr;
  CHECK(r.malloc(&buf, 100 * sizeof(float)) == cu2m::err::Success, "malloc");
  float v = 9.f;
  int n = 100;
  void* args[] = {&buf, &v, &n};
  cu2m::LaunchConfig cfg;
  cfg.grid = {4, 1, 1};
  cfg.block = {32, 1, 1};
  CHECK(r.launch(cu2m_kernel_fill, cfg, args, mod.get()) == cu2m::err::Success, "launch: %s",
        cu2m::Runtime::lastDiagnostic().c_str());
  std::vector<float> out(100);
  CHECK(r.memcpy(out.data(), buf, 400, cu2m::CopyKind::DeviceToHost) == cu2m::err::Success, "memcpy");
  CHECK(out[0] == 9.f && out[99] == 9.f, "addon-style launch result %g", out[99]);
  cu2m::AllocationView view;
  CHECK(r.lookup(static_cast<float*>(buf) + 3, &view) && view.offset == 12 && view.base == buf, "lookup");
  float* host = out.data();
  void* badArgs[] = {&host, &v, &n};
  CHECK(r.launch(cu2m_kernel_fill, cfg, badArgs, mod.get()) == cu2m::err::InvalidValue, "host pointer");
  CHECK(cu2m::Runtime::lastDiagnostic().find("'p'") != std::string::npos, "diagnostic names the parameter: %s",
        cu2m::Runtime::lastDiagnostic().c_str());
  CHECK(r.synchronize() == cu2m::err::Success, "sync");
  // A barrier kernel, so that destroying this Runtime also unwinds suspended fibers.
  void* partial = nullptr;
  CHECK(r.malloc(&partial, 4 * sizeof(float)) == cu2m::err::Success, "malloc");
  int total = 100;
  void* redArgs[] = {&buf, &partial, &total};
  cfg.block = {256, 1, 1};
  CHECK(r.launch(cu2m_kernel_blockReduce, cfg, redArgs, mod.get()) == cu2m::err::Success, "reduce: %s",
        cu2m::Runtime::lastDiagnostic().c_str());
  float sums[4];
  CHECK(r.memcpy(sums, partial, sizeof sums, cu2m::CopyKind::Default) == cu2m::err::Success, "memcpy");
  CHECK(sums[0] == 900.f && sums[1] == 0.f, "addon-style reduction %g %g", sums[0], sums[1]);
  CHECK(r.free(buf) == cu2m::err::Success, "free");

  cu2m::RuntimeOptions bad = o;
  bad.modulePath = "/nonexistent/module.so";
  cu2m::Runtime r2(bad);
  void* b2 = nullptr;
  r2.malloc(&b2, 16);
  void* args2[] = {&b2, &v, &n};
  CHECK(r2.launch(cu2m_kernel_fill, cfg, args2) == cu2m::err::NoKernelImageForDevice, "missing module");
  cu2m::RuntimeOptions metal = o;
  metal.backend = "metal";
  cu2m::Runtime r3(metal);
  CHECK(r3.init() == cu2m::err::InitializationError, "metal unavailable on Linux");
}

// ---- Trace check -------------------------------------------------------------------------------------

static std::string field(const std::string& line, const std::string& key) {
  size_t p = line.find("\"" + key + "\":");
  if (p == std::string::npos) return "";
  p += key.size() + 3;
  size_t e = p;
  if (line[p] == '"') {
    e = line.find('"', p + 1);
    return line.substr(p + 1, e - p - 1);
  }
  if (line[p] == '[') return line.substr(p, line.find(']', p) - p + 1);
  while (e < line.size() && line[e] != ',' && line[e] != '}') ++e;
  return line.substr(p, e - p);
}

static int checkTrace(const std::string& prefix) {
  std::ifstream jf(prefix + ".jsonl");
  std::ifstream bf(prefix + ".bin", std::ios::binary);
  CHECK(jf.good() && bf.good(), "trace files missing");
  std::stringstream bs;
  bs << bf.rdbuf();
  std::string bin = bs.str();
  std::vector<std::string> lines;
  for (std::string l; std::getline(jf, l);) lines.push_back(l);
  CHECK(!lines.empty(), "empty trace");
  long long firstVecAdd = -1, lastSeq = -1;
  int launches = 0, d2h = 0, firstVecAddD2h = -1;
  bool monotonic = true, offsetsOk = true;
  uint64_t expectOffset = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::string ev = field(l, "event");
    if (ev == "exit") continue;
    long long seq = std::atoll(field(l, "seq").c_str());
    monotonic &= seq == lastSeq + 1;
    lastSeq = seq;
    if (ev == "launch") {
      ++launches;
      if (field(l, "kernel") == "vecAdd" && firstVecAdd < 0) {
        firstVecAdd = seq;
        CHECK(field(l, "grid") == "[391,1,1]" && field(l, "block") == "[256,1,1]" && field(l, "shared") == "0",
              "launch line: %s", l.c_str());
      }
    } else if (ev == "d2h") {
      ++d2h;
      uint64_t off = std::strtoull(field(l, "offset").c_str(), nullptr, 10);
      uint64_t bytes = std::strtoull(field(l, "bytes").c_str(), nullptr, 10);
      offsetsOk &= off == expectOffset && off + bytes <= bin.size();
      expectOffset += bytes;
      if (firstVecAddD2h < 0 && field(l, "kernel") == "vecAdd") {
        firstVecAddD2h = int(i);
        CHECK(field(l, "launch") == std::to_string(firstVecAdd) && field(l, "elem") == "f32" && bytes == 400000,
              "vecAdd d2h: %s", l.c_str());
        const float* f = reinterpret_cast<const float*>(bin.data() + off);
        CHECK(f[0] == 0.f && f[1] == 3.f && f[99999] == 299997.f, "vecAdd bytes in .bin: %g %g", f[1], f[99999]);
      }
    }
  }
  CHECK(monotonic, "seq numbers are not 0,1,2,...");
  CHECK(offsetsOk && expectOffset == bin.size(), "d2h offsets do not tile the .bin (%llu vs %zu)",
        (unsigned long long)expectOffset, bin.size());
  CHECK(launches >= 8 && d2h >= 8, "%d launches, %d d2h", launches, d2h);
  CHECK(firstVecAddD2h >= 0, "no vecAdd d2h event");
  // geom3d writes u32; the D2D-only copy destination in testVecAdd... the pinned fill result is f32.
  bool sawU32 = false, sawI32 = false;
  for (const std::string& l : lines) {
    sawU32 |= field(l, "event") == "d2h" && field(l, "elem") == "u32" && field(l, "kernel") == "geom3d";
    sawI32 |= field(l, "event") == "d2h" && field(l, "elem") == "i32" && field(l, "kernel") == "earlyExit";
  }
  CHECK(sawU32 && sawI32, "element types from the writing launch's parameters");
  bool sawUnwritten = false;
  for (const std::string& l : lines)
    sawUnwritten |= l.find("\"bytes\":12,") != std::string::npos && field(l, "launch") == "-1" &&
                    field(l, "elem") == "bytes" && field(l, "kernel") == "null";
  CHECK(sawUnwritten, "d2h of a never-written buffer has launch -1");
  CHECK(lines.back() == "{\"event\":\"exit\",\"code\":0}", "last line: %s", lines.back().c_str());
  std::printf("trace: %d launches, %d d2h events, %zu bytes\n", launches, d2h, bin.size());
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "all";
  if (mode == "check-trace" && argc > 2) return checkTrace(argv[2]);
  if (mode == "trap") {
    (cu2mPushCallConfiguration(4, 8), trapper());
    std::printf("trap returned\n");
    return 0;
  }
  if (mode == "bad-barrier") {
    (cu2mPushCallConfiguration(2, 8), badBarrier());
    std::printf("barrier returned\n");
    return 0;
  }
  if (mode == "divergent-barrier") {
    // Threads 10..63 of each block return before the barrier the others wait at: the launch fails
    // (message on stderr), the next synchronising calls return cudaErrorLaunchFailure until
    // cudaDeviceReset, and the worker's fibers (unwound) run the next launches correctly.
    int* o = nullptr;
    CHECK_ERR(cudaMalloc(&o, 4 * 64 * sizeof(int)), cudaSuccess);
    (cu2mPushCallConfiguration(4, 64), earlyExit(o, 10));
    CHECK_ERR(cudaGetLastError(), cudaSuccess);
    CHECK_ERR(cudaDeviceSynchronize(), cudaErrorLaunchFailure);
    int h = 0;
    CHECK_ERR(cudaMemcpy(&h, o, sizeof h, cudaMemcpyDeviceToHost), cudaErrorLaunchFailure);
    // Host functions after the fault: a stream callback runs and receives the error; a function
    // queued with cudaLaunchHostFunc does not run (CUDA's rule); both calls return the error.
    CallbackLog log;
    const float seen = 42.f;
    log.watched = &seen;
    CHECK_ERR(cudaStreamAddCallback(0, onStreamCallback, &log, 0), cudaErrorLaunchFailure);
    CHECK_ERR(cudaLaunchHostFunc(0, onHostFunc, &log), cudaErrorLaunchFailure);
    CHECK(log.events.size() == 1 && log.events[0] == "callback" && log.status == cudaErrorLaunchFailure,
          "host functions after a fault: %zu ran, status %d", log.events.size(), (int)log.status);
    CHECK_ERR(cudaDeviceReset(), cudaSuccess);
    CHECK_ERR(cudaMalloc(&o, 4 * 64 * sizeof(int)), cudaSuccess);
    for (int round = 0; round < 2; ++round) {
      (cu2mPushCallConfiguration(4, 64), earlyExit(o, 64));
      std::vector<int> r(4 * 64);
      CHECK_ERR(cudaMemcpy(r.data(), o, r.size() * sizeof(int), cudaMemcpyDeviceToHost), cudaSuccess);
      int bad = 0;
      for (int v : r) bad += v != 64 * 65 / 2;
      CHECK(bad == 0, "after the reset: %d wrong", bad);
    }
    cudaFree(o);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
  }
  if (mode == "missing-module") {
    float* d = nullptr;
    cudaMalloc(&d, 64);
    (cu2mPushCallConfiguration(1, 16), fill(d, 1.f, 16));
    cudaError_t e = cudaGetLastError();
    std::printf("%s\n", cudaGetErrorName(e));
    return e == cudaErrorNoKernelImageForDevice ? 0 : 1;
  }
  if (mode == "stack-limit" || mode == "stack-overflow") {
    if (mode == "stack-limit") CHECK_ERR(cudaDeviceSetLimit(cudaLimitStackSize, 200 * 1024), cudaSuccess);
    int* d = nullptr;
    CHECK_ERR(cudaMalloc(&d, 2 * 32 * sizeof(int)), cudaSuccess);
    (cu2mPushCallConfiguration(2, 32), bigStack(d));
    CHECK_ERR(cudaGetLastError(), cudaSuccess);
    std::vector<int> r(64);
    CHECK_ERR(cudaMemcpy(r.data(), d, r.size() * sizeof(int), cudaMemcpyDeviceToHost), cudaSuccess);
    int bad = 0;
    for (int i = 0; i < 64; ++i) {
      int expect = 0;
      for (unsigned k = 0; k < 192 * 1024; k += 4096) expect += static_cast<unsigned char>(k + i % 32);
      bad += r[i] != expect;
    }
    CHECK(bad == 0, "bigStack: %d wrong", bad);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
  }
  if (mode == "perf") {
    double best = 1e9;
    for (int i = 0; i < 3; ++i) best = std::min(best, testReduction(true));
    std::printf("best: %.1f ms\n", best * 1e3);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
  }
  testDevice();
  testTypes();
  testVecAdd();
  testPinned();
  testGeometry();
  testDynamicShared();
  testReduction(true);
  testStreams();
  testAllocationSizes();
  testHostRegister();
  testPitched();
  testMemPools();
  testLimits();
  testStreamExtras();
  testManagedHints();
  testFuncAttributes();
  testReset();
  const char* module = std::getenv("CU2METAL_MODULE");
  if (module) testRuntimeApi(module);
  CHECK(cudaPeekAtLastError() == cudaSuccess, "stray error %d", (int)cudaPeekAtLastError());
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
