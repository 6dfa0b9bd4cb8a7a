// Runtime smoke test: a host program as the translator emits it (launch stubs built from
// cu2m_kernel_info + cu2mPushCallConfiguration/cu2mLaunchKernel), compiled with
// `-include cuda_runtime.h`, plus direct use of cu2m::Runtime as the node addon will use it.
//
//   host_test all                 the checks; prints "<N> passed, <M> failed"
//   host_test check-trace PREFIX  checks the trace written by a previous `all` run
//   host_test trap | bad-barrier | missing-module | perf
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

static const cu2m_kernel_info cu2m_kernel_missing = {"notInModule", "test.cu", 70, 0, nullptr, 0, 0};
void notInModule() { cu2mLaunchKernel(&cu2m_kernel_missing, nullptr); }
static const cu2m_kernel_info cu2m_kernel_trapper = {"trapper", "test.cu", 80, 0, nullptr, 0, 0};
void trapper() { cu2mLaunchKernel(&cu2m_kernel_trapper, nullptr); }
static const cu2m_kernel_info cu2m_kernel_badBarrier = {"badBarrier", "test.cu", 90, 0, nullptr, 0, 0};
void badBarrier() { cu2mLaunchKernel(&cu2m_kernel_badBarrier, nullptr); }

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
  CHECK(e == cudaErrorInvalidConfiguration, "2048 threads: %d", (int)e);
  CHECK(std::strcmp(cudaGetErrorString(e), "invalid configuration argument") == 0, "%s", cudaGetErrorString(e));
  (cu2mPushCallConfiguration(0, 256), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
  (cu2mPushCallConfiguration(dim3(1, 0, 1), 256), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
  (cu2mPushCallConfiguration(1, 0), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
  (cu2mPushCallConfiguration(1, dim3(1, 1, 65)), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
  (cu2mPushCallConfiguration(1, dim3(1025, 1, 1)), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
  (cu2mPushCallConfiguration(1, dim3(64, 32, 1)), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
  (cu2mPushCallConfiguration(dim3(1, 65536, 1), 1), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
  (cu2mPushCallConfiguration(dim3(1, 1, 65536), 1), vecAdd(dA, dB, dC, n));
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidConfiguration);
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

  // Threads that return before a barrier do not hold the others up.
  int* o = nullptr;
  CHECK_ERR(cudaMalloc(&o, 2 * 64 * sizeof(int)), cudaSuccess);
  (cu2mPushCallConfiguration(2, 64), earlyExit(o, 10));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  std::vector<int> r(128);
  CHECK_ERR(cudaMemcpy(r.data(), o, r.size() * sizeof(int), cudaMemcpyDeviceToHost), cudaSuccess);
  bad = 0;
  for (int b = 0; b < 2; ++b)
    for (int t = 0; t < 64; ++t) bad += r[b * 64 + t] != (t < 10 ? 55 : 0);
  CHECK(bad == 0, "early exit: %d wrong", bad);
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
  if (mode == "missing-module") {
    float* d = nullptr;
    cudaMalloc(&d, 64);
    (cu2mPushCallConfiguration(1, 16), fill(d, 1.f, 16));
    cudaError_t e = cudaGetLastError();
    std::printf("%s\n", cudaGetErrorName(e));
    return e == cudaErrorNoKernelImageForDevice ? 0 : 1;
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
  const char* module = std::getenv("CU2METAL_MODULE");
  if (module) testRuntimeApi(module);
  CHECK(cudaPeekAtLastError() == cudaSuccess, "stray error %d", (int)cudaPeekAtLastError());
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
