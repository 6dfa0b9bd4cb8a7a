// Kernel registry, cudaLaunchKernel, stream capture and CUDA graphs, against the hand-written
// kernel module of kernels.cpp (fill, vecAdd). Built and run by run.sh on both CPU backends;
// prints "<N> passed, <M> failed".
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "../../native/runtime/graph.h"
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

#define CHECK_ERR(expr, expected)                                                                     \
  do {                                                                                                \
    cudaError_t e_ = (expr);                                                                          \
    CHECK(e_ == (expected), "%s returned %d (%s), expected %d", #expr, (int)e_, cudaGetErrorName(e_), \
          (int)(expected));                                                                           \
  } while (0)

// ---- Kernel stubs, as src/host generates them (with the registration) ------------------------------

void fill(float* p, float v, int n) {
  static const cu2m_param_info cu2m_params[] = {{"p", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u},
                                                {"v", CU2M_ARG_SCALAR, sizeof(v), CU2M_ELEM_BYTES, 0u, 0u},
                                                {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"fill", "test.cu", 60u, 3u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, fill);
  void* cu2m_args[] = {(void*)&p, (void*)&v, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}

// A static kernel whose last parameter was unnamed in the CUDA source.
static void vecAdd(const float* A, const float* B, float* C, int numElements, int arg4) {
  static const cu2m_param_info cu2m_params[] = {{"A", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 0u},
                                                {"B", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 0u},
                                                {"C", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u},
                                                {"numElements", CU2M_ARG_SCALAR, sizeof(numElements), CU2M_ELEM_BYTES, 0u, 0u},
                                                {"arg4", CU2M_ARG_SCALAR, sizeof(arg4), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"vecAdd", "test.cu", 10u, 5u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, vecAdd);
  void* cu2m_args[] = {(void*)&A, (void*)&B, (void*)&C, (void*)&numElements, (void*)&arg4};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}

static void notAKernel() {}

// ---- Helpers ----------------------------------------------------------------------------------------

static const int N = 1000;

static std::vector<float> download(const float* d, int n = N) {
  std::vector<float> h(n);
  cudaMemcpy(h.data(), d, n * sizeof(float), cudaMemcpyDeviceToHost);
  return h;
}

static bool all(const std::vector<float>& v, float x) {
  for (float y : v)
    if (y != x) return false;
  return true;
}

static void appendTag(void* p) {
  auto* t = static_cast<std::pair<std::vector<int>*, int>*>(p);
  t->first->push_back(t->second);
}

static void countCall(void* p) { ++*static_cast<int*>(p); }

// ---- Registry and cudaLaunchKernel -----------------------------------------------------------------

static void testRegistry() {
  const cu2m_kernel_info* k = cu2mFindKernel((const void*)fill);
  CHECK(k && std::strcmp(k->name, "fill") == 0 && k->num_params == 3, "fill registered: %p", (const void*)k);
  k = cu2mFindKernel((const void*)vecAdd);
  CHECK(k && std::strcmp(k->name, "vecAdd") == 0 && k->num_params == 5 && k->params[4].size == sizeof(int),
        "static vecAdd registered");
  CHECK(cu2mFindKernel((const void*)notAKernel) == nullptr, "a host function is not a kernel");
  CHECK(cu2mFindKernel(nullptr) == nullptr, "nullptr");
}

static void testLaunchKernel() {
  float *a, *b, *c;
  cudaMalloc(&a, N * sizeof(float));
  cudaMalloc(&b, N * sizeof(float));
  cudaMalloc(&c, N * sizeof(float));
  float v = 2.f;
  int n = N;
  void* args[] = {&a, &v, &n};
  CHECK_ERR(cudaLaunchKernel((const void*)fill, dim3((N + 127) / 128), dim3(128), args, 0, 0), cudaSuccess);
  v = 3.f;
  void* argsB[] = {&b, &v, &n};
  CHECK_ERR(cudaLaunchKernel(fill, dim3((N + 127) / 128), dim3(128), argsB), cudaSuccess); // template form
  int unused = 0;
  void* addArgs[] = {&a, &b, &c, &n, &unused};
  cudaStream_t s;
  cudaStreamCreate(&s);
  CHECK_ERR(cudaLaunchKernel((void*)vecAdd, dim3(8), dim3(128), addArgs, 0, s), cudaSuccess);
  CHECK(all(download(c), 5.f), "vecAdd through cudaLaunchKernel");
 // CUDA 13 on an H200: a host function is cudaErrorInvalidResourceHandle
  CHECK_ERR(cudaLaunchKernel((const void*)notAKernel, dim3(1), dim3(1), nullptr, 0, 0), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaLaunchKernel((const void*)fill, dim3(1), dim3(2048), args, 0, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaGetLastError(), cudaErrorInvalidValue);
  CHECK_ERR(cudaLaunchKernel((const void*)fill, dim3(0), dim3(1), args, 0, 0), cudaErrorInvalidValue);
  CHECK_ERR(cudaLaunchKernel((const void*)fill, dim3(1), dim3(1), args, 0, (cudaStream_t)0x1234), cudaErrorInvalidResourceHandle);
  CHECK_ERR(cudaLaunchKernel((const void*)fill, dim3(1), dim3(1), nullptr, 0, 0), cudaErrorInvalidValue);
  cudaGetLastError();

  // cudaLaunchKernelEx: arguments converted to the parameter types; hints accepted.
  cudaLaunchAttribute attrs[2];
  attrs[0].id = cudaLaunchAttributePriority;
  attrs[0].val.priority = 1;
  attrs[1].id = cudaLaunchAttributeClusterDimension;
  attrs[1].val.clusterDim.x = attrs[1].val.clusterDim.y = attrs[1].val.clusterDim.z = 1;
  cudaLaunchConfig_t cfg = {};
  cfg.gridDim = dim3((N + 255) / 256);
  cfg.blockDim = dim3(256);
  cfg.stream = s;
  cfg.attrs = attrs;
  cfg.numAttrs = 2;
  CHECK_ERR(cudaLaunchKernelEx(&cfg, fill, c, 6, N), cudaSuccess); // int 6 -> float
  CHECK(all(download(c), 6.f), "cudaLaunchKernelEx: c[0] = %g", download(c)[0]);
  attrs[1].val.clusterDim.x = 2;
  CHECK_ERR(cudaLaunchKernelEx(&cfg, fill, c, 1.f, N), cudaErrorNotSupported);
  attrs[1].id = cudaLaunchAttributeCooperative;
  attrs[1].val.cooperative = 1;
  // A cooperative launch is cudaLaunchCooperativeKernel's (graph.cpp): all blocks must be resident at
  // once by the occupancy API, which no CPU device has room for with 4096 blocks.
  cfg.gridDim = dim3(4096);
  CHECK_ERR(cudaLaunchKernelExC(&cfg, (const void*)fill, args), cudaErrorCooperativeLaunchTooLarge);
  cfg.gridDim = dim3((N + 255) / 256);
  attrs[1].id = cudaLaunchAttributeSynchronizationPolicy;
  CHECK_ERR(cudaLaunchKernelExC(&cfg, (const void*)fill, args), cudaErrorInvalidValue);
  cfg.numAttrs = 0;
  CHECK_ERR(cudaLaunchKernelExC(&cfg, (const void*)notAKernel, args), cudaErrorInvalidResourceHandle);
  CHECK(all(download(c), 6.f), "refused launches did not run");
  cudaGetLastError();

  cudaStreamDestroy(s);
  cudaFree(a);
  cudaFree(b);
  cudaFree(c);
}

// ---- Stream capture ------------------------------------------------------------------------------

static void testCaptureBasic() {
  float *a, *b, *c;
  cudaMalloc(&a, N * sizeof(float));
  cudaMalloc(&b, N * sizeof(float));
  cudaMalloc(&c, N * sizeof(float));
  std::vector<float> h(N, -1.f);
  int calls = 0;
  cudaStream_t s;
  cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);

  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaErrorIllegalState);
  cudaGetLastError();
  cudaStreamCaptureStatus st = cudaStreamCaptureStatusNone;
  CHECK_ERR(cudaStreamIsCapturing(s, &st), cudaSuccess);
  CHECK(st == cudaStreamCaptureStatusActive, "status %d", (int)st);
  CHECK_ERR(cudaMemsetAsync(c, 0, N * sizeof(float), s), cudaSuccess);
  (cu2mPushCallConfiguration((N + 127) / 128, 128, 0, s), fill(a, 1.5f, N));
  CHECK_ERR(cudaGetLastError(), cudaSuccess);
  float v = 2.5f;
  int n = N, unused = 0;
  void* args[] = {&b, &v, &n};
  CHECK_ERR(cudaLaunchKernel((const void*)fill, dim3((N + 127) / 128), dim3(128), args, 0, s), cudaSuccess);
  v = 100.f; // captured arguments were copied
  void* addArgs[] = {&a, &b, &c, &n, &unused};
  CHECK_ERR(cudaLaunchKernel((const void*)vecAdd, dim3((N + 127) / 128), dim3(128), addArgs, 0, s), cudaSuccess);
  CHECK_ERR(cudaMemcpyAsync(h.data(), c, N * sizeof(float), cudaMemcpyDeviceToHost, s), cudaSuccess);
  CHECK_ERR(cudaLaunchHostFunc(s, countCall, &calls), cudaSuccess);

  unsigned long long id = 0;
  cudaGraph_t g = nullptr;
  const cudaGraphNode_t* deps = nullptr;
  size_t numDeps = 0;
  CHECK_ERR(cudaStreamGetCaptureInfo(s, &st, &id, &g, &deps, &numDeps), cudaSuccess);
  CHECK(st == cudaStreamCaptureStatusActive && id != 0 && g != nullptr && numDeps == 1 && deps, "capture info");
  cudaGraphNodeType t;
  CHECK(deps && cudaGraphNodeGetType(deps[0], &t) == cudaSuccess && t == cudaGraphNodeTypeHost, "last node is the host node");
  CHECK(calls == 0 && h[0] == -1.f, "nothing ran during the capture");

  cudaGraph_t graph = nullptr;
  CHECK_ERR(cudaStreamEndCapture(s, &graph), cudaSuccess);
  CHECK(graph == g, "EndCapture returns the captured graph");
  CHECK_ERR(cudaStreamIsCapturing(s, &st), cudaSuccess);
  CHECK(st == cudaStreamCaptureStatusNone, "status after end %d", (int)st);
  CHECK_ERR(cudaStreamEndCapture(s, &graph), cudaErrorIllegalState);

  size_t count = 0;
  CHECK_ERR(cudaGraphGetNodes(graph, nullptr, &count), cudaSuccess);
  CHECK(count == 6, "%zu nodes", count);
  std::vector<cudaGraphNode_t> nodes(8, (cudaGraphNode_t)0x1);
  count = 8;
  CHECK_ERR(cudaGraphGetNodes(graph, nodes.data(), &count), cudaSuccess);
  CHECK(count == 6 && nodes[6] == nullptr && nodes[7] == nullptr, "GetNodes pads with NULL");
  const cudaGraphNodeType expect[] = {cudaGraphNodeTypeMemset, cudaGraphNodeTypeKernel, cudaGraphNodeTypeKernel,
                                      cudaGraphNodeTypeKernel, cudaGraphNodeTypeMemcpy, cudaGraphNodeTypeHost};
  for (int i = 0; i < 6; ++i) {
    cudaGraphNodeGetType(nodes[i], &t);
    CHECK(t == expect[i], "node %d type %d", i, (int)t);
    size_t nd = 0;
    cudaGraphNodeGetDependencies(nodes[i], nullptr, &nd);
    CHECK(nd == (i == 0 ? 0u : 1u), "node %d has %zu dependencies", i, nd);
  }
  cudaKernelNodeParams kp{};
  CHECK_ERR(cudaGraphKernelNodeGetParams(nodes[2], &kp), cudaSuccess);
  CHECK(kp.func == (void*)fill && kp.blockDim.x == 128 && *static_cast<float*>(kp.kernelParams[1]) == 2.5f,
        "kernel node params");

  cudaGraphExec_t exec = nullptr;
  CHECK_ERR(cudaGraphInstantiate(&exec, graph, 0), cudaSuccess);
  for (int i = 0; i < 3; ++i) CHECK_ERR(cudaGraphLaunch(exec, s), cudaSuccess);
  CHECK_ERR(cudaStreamSynchronize(s), cudaSuccess);
  CHECK(calls == 3, "host node ran %d times", calls);
  CHECK(all(h, 4.f), "h[0] = %g", h[0]);

  // Launched into another capture, the executable graph becomes a child graph node.
  cudaStream_t s2;
  cudaStreamCreate(&s2);
  cudaMemset(c, 0, N * sizeof(float));
  CHECK_ERR(cudaStreamBeginCapture(s2, cudaStreamCaptureModeThreadLocal), cudaSuccess);
  CHECK_ERR(cudaGraphLaunch(exec, s2), cudaSuccess);
  cudaGraph_t outer = nullptr;
  CHECK_ERR(cudaStreamEndCapture(s2, &outer), cudaSuccess);
  count = 1;
  cudaGraphNode_t child = nullptr;
  CHECK_ERR(cudaGraphGetNodes(outer, &child, &count), cudaSuccess);
  CHECK(count == 1 && cudaGraphNodeGetType(child, &t) == cudaSuccess && t == cudaGraphNodeTypeGraph, "child graph node");
  CHECK(calls == 3, "not run while capturing");
  cudaGraphExec_t outerExec;
  CHECK_ERR(cudaGraphInstantiate(&outerExec, outer, nullptr, nullptr, 0), cudaSuccess); // CUDA 11 signature
  CHECK_ERR(cudaGraphLaunch(outerExec, 0), cudaSuccess);
  CHECK(calls == 4 && all(h, 4.f), "child graph ran");

  cudaGraphExecDestroy(outerExec);
  cudaGraphDestroy(outer);
  CHECK_ERR(cudaGraphExecDestroy(exec), cudaSuccess);
  CHECK_ERR(cudaGraphExecDestroy(exec), cudaErrorInvalidValue);
  CHECK_ERR(cudaGraphDestroy(graph), cudaSuccess);
  CHECK_ERR(cudaGraphDestroy(graph), cudaErrorInvalidValue);
  cudaGetLastError();
  cudaStreamDestroy(s);
  cudaStreamDestroy(s2);
  cudaFree(a);
  cudaFree(b);
  cudaFree(c);
}

static void testCaptureErrors() {
  cudaStream_t s, s2;
  cudaStreamCreate(&s);
  cudaStreamCreate(&s2);
  float* d;
  cudaMalloc(&d, N * sizeof(float));
  cudaGraph_t g = (cudaGraph_t)0x1;
  cudaStreamCaptureStatus st;

  CHECK_ERR(cudaStreamBeginCapture(0, cudaStreamCaptureModeGlobal), cudaErrorStreamCaptureUnsupported);
  CHECK_ERR(cudaStreamBeginCapture(s, (cudaStreamCaptureMode)7), cudaErrorInvalidValue);

  // Synchronous and unsafe calls invalidate a global capture.
  const char* what[] = {"cudaMalloc", "cudaMemcpy", "cudaDeviceSynchronize", "cudaStreamSynchronize", "cudaMemset"};
  for (int i = 0; i < 5; ++i) {
    CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
    float h[4];
    void* p = nullptr;
    cudaError_t e = i == 0 ? cudaMalloc(&p, 64)
                  : i == 1 ? cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost)
                  : i == 2 ? cudaDeviceSynchronize()
                  : i == 3 ? cudaStreamSynchronize(s)
                           : cudaMemset(d, 0, 16);
    CHECK(e == cudaErrorStreamCaptureUnsupported, "%s during capture returned %s", what[i], cudaGetErrorName(e));
    CHECK(p == nullptr, "%s allocated", what[i]);
    cudaStreamIsCapturing(s, &st);
    CHECK(st == cudaStreamCaptureStatusInvalidated, "%s: status %d", what[i], (int)st);
    (cu2mPushCallConfiguration(1, 32, 0, s), fill(d, 1.f, 32));
    CHECK_ERR(cudaGetLastError(), cudaErrorStreamCaptureInvalidated);
    CHECK_ERR(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated);
    CHECK(g == nullptr, "no graph from an invalidated capture");
    cudaStreamIsCapturing(s, &st);
    CHECK(st == cudaStreamCaptureStatusNone, "capture ended");
  }
  cudaGetLastError();

  // Relaxed captures allow them; so does a thread whose own mode is relaxed.
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeRelaxed), cudaSuccess);
  void* p = nullptr;
  CHECK_ERR(cudaMalloc(&p, 64), cudaSuccess);
  CHECK_ERR(cudaFree(p), cudaSuccess);
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaSuccess);
  cudaGraphDestroy(g);
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  cudaStreamCaptureMode mode = cudaStreamCaptureModeRelaxed;
  CHECK_ERR(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess);
  CHECK(mode == cudaStreamCaptureModeGlobal, "previous mode %d", (int)mode);
  CHECK_ERR(cudaMalloc(&p, 64), cudaSuccess);
  CHECK_ERR(cudaFree(p), cudaSuccess);
  CHECK_ERR(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess);
  CHECK(mode == cudaStreamCaptureModeRelaxed, "restored");
  // Another thread is bound by a global capture; not by a thread-local one.
  cudaError_t other = cudaSuccess;
  std::thread([&] { other = cudaMalloc(&p, 64); }).join();
  CHECK(other == cudaErrorStreamCaptureUnsupported, "other thread during a global capture: %s", cudaGetErrorName(other));
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated);
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal), cudaSuccess);
  std::thread([&] { other = cudaMalloc(&p, 64); }).join();
  CHECK(other == cudaSuccess, "other thread during a thread-local capture: %s", cudaGetErrorName(other));
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaSuccess);
  cudaFree(p);
  cudaGraphDestroy(g);
  cudaGetLastError();

  // The legacy stream cannot take part in a capture.
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  (cu2mPushCallConfiguration(1, 32), fill(d, 1.f, 32));
  CHECK_ERR(cudaGetLastError(), cudaErrorStreamCaptureImplicit);
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated);

  // Fork without join; join; end on the wrong stream.
  cudaEvent_t fork, join;
  cudaEventCreate(&fork);
  cudaEventCreate(&join);
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  CHECK_ERR(cudaEventRecord(fork, s), cudaSuccess);
  CHECK_ERR(cudaStreamWaitEvent(s2, fork, 0), cudaSuccess);
  cudaStreamIsCapturing(s2, &st);
  CHECK(st == cudaStreamCaptureStatusActive, "s2 joined the capture");
  (cu2mPushCallConfiguration(1, 32, 0, s2), fill(d, 1.f, 32));
  CHECK_ERR(cudaStreamEndCapture(s2, &g), cudaErrorStreamCaptureUnmatched);
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated);
  cudaStreamIsCapturing(s2, &st);
  CHECK(st == cudaStreamCaptureStatusNone, "s2 left the capture");

  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  CHECK_ERR(cudaEventRecord(fork, s), cudaSuccess);
  CHECK_ERR(cudaStreamWaitEvent(s2, fork, 0), cudaSuccess);
  (cu2mPushCallConfiguration(1, 32, 0, s2), fill(d, 1.f, 32));
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureUnjoined);
  CHECK(g == nullptr, "no graph with unjoined work");

  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  (cu2mPushCallConfiguration(1, 32, 0, s), fill(d, 1.f, 32));
  CHECK_ERR(cudaEventRecord(fork, s), cudaSuccess);
  CHECK_ERR(cudaStreamWaitEvent(s2, fork, 0), cudaSuccess);
  (cu2mPushCallConfiguration(1, 32, 0, s2), fill(d, 2.f, 32));
  (cu2mPushCallConfiguration(1, 32, 0, s), fill(d, 3.f, 32));
  CHECK_ERR(cudaEventRecord(join, s2), cudaSuccess);
  CHECK_ERR(cudaStreamWaitEvent(s, join, 0), cudaSuccess);
  (cu2mPushCallConfiguration(1, 32, 0, s), fill(d, 4.f, 32));
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaSuccess);
  size_t edges = 0;
  CHECK_ERR(cudaGraphGetEdges(g, nullptr, nullptr, &edges), cudaSuccess);
  CHECK(edges == 4, "fork/join graph has %zu edges", edges); // 0->1, 0->2, 1->3, 2->3
  size_t roots = 0;
  cudaGraphGetRootNodes(g, nullptr, &roots);
  CHECK(roots == 1, "%zu roots", roots);
  cudaGraphDestroy(g);

  cudaEventDestroy(fork);
  cudaEventDestroy(join);
  cudaGetLastError();
  cudaStreamDestroy(s);
  cudaStreamDestroy(s2);
  cudaFree(d);
}

// ---- Graphs built node by node ------------------------------------------------------------------

// The hooks that pitched asynchronous copies (cudaMemcpy2DAsync, cudaMemcpy3DAsync) call.
static void testPitchedCaptureHooks() {
  const size_t W = 12, H = 4, pitch = 64;
  unsigned char* d;
  cudaMalloc(&d, pitch * H);
  std::vector<unsigned char> src(W * H), back(W * H, 0);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<unsigned char>(i * 7 + 1);
  cudaStream_t s;
  cudaStreamCreate(&s);
  cu2m::Error e = -1;
  CHECK(!cu2m::capture::memcpy2D(s, d, pitch, src.data(), W, W, H, cu2m::CopyKind::HostToDevice, &e), "not capturing: run normally");
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  CHECK(cu2m::capture::memcpy2D(s, d, pitch, src.data(), W, W, H, cu2m::CopyKind::HostToDevice, &e) && e == 0, "2D captured");
  cudaMemcpy3DParms p{};
  p.srcPtr = make_cudaPitchedPtr(d, pitch, W, H);
  p.dstPtr = make_cudaPitchedPtr(back.data(), W, W, H);
  p.extent = make_cudaExtent(W, H, 1);
  p.kind = cudaMemcpyDeviceToHost;
  CHECK(cu2m::capture::memcpy3D(s, &p, &e) && e == 0, "3D captured");
  p.dstPtr.pitch = 4; // narrower than the row
  CHECK(cu2m::capture::memcpy3D(s, &p, &e) && e == cudaErrorInvalidPitchValue, "bad pitch refused: %d", e);
  cudaGraph_t g;
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaSuccess);
  cudaGraphExec_t x;
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaSuccess);
  CHECK(back[5] == 0, "nothing copied while capturing");
  CHECK_ERR(cudaGraphLaunch(x, s), cudaSuccess);
  CHECK(back == src, "pitched copies ran: back[5] = %d", back[5]);
  cudaGraphExecDestroy(x);
  cudaGraphDestroy(g);
  cudaStreamDestroy(s);
  cudaFree(d);
  cudaGetLastError();
}

// The hooks of cudaMemset2DAsync, cudaMallocAsync and cudaFreeAsync.
static void testAsyncCaptureHooks() {
  cudaStream_t s;
  cudaStreamCreate(&s);
  float* plain;
  cudaMalloc(&plain, 64);
  std::vector<float> h(N, 0.f);
  std::vector<unsigned char> rows(3 * 8, 0);
  cu2m::Error e = -1;
  void* p = nullptr;
  CHECK(!cu2m::capture::mallocAsync(s, &p, 64, &e) && p == nullptr, "not capturing: run normally");
  CHECK_ERR(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal), cudaSuccess);
  CHECK(cu2m::capture::mallocAsync(s, &p, N * sizeof(float), &e) && e == 0 && p != nullptr, "alloc node");
  float* d = static_cast<float*>(p);
  float v = 4.f;
  int n = N;
  void* args[] = {&d, &v, &n};
  CHECK_ERR(cudaLaunchKernel((const void*)fill, dim3((N + 127) / 128), dim3(128), args, 0, s), cudaSuccess);
  CHECK_ERR(cudaMemcpyAsync(h.data(), d, N * sizeof(float), cudaMemcpyDeviceToHost, s), cudaSuccess);
  // The first 4 bytes of 3 rows of a 16-byte pitch set to 0x5a (value's low byte); rows copied back 8 bytes each.
  unsigned char* bytes = reinterpret_cast<unsigned char*>(d);
  CHECK(cu2m::capture::memset2D(s, bytes, 16, 0x15a, 4, 3, &e) && e == 0, "memset2D node");
  CHECK(cu2m::capture::memset2D(s, bytes, 2, 0, 4, 3, &e) && e == cudaErrorInvalidPitchValue, "bad pitch: %d", e);
  CHECK(cu2m::capture::memcpy2D(s, rows.data(), 8, bytes, 16, 8, 3, cu2m::CopyKind::DeviceToHost, &e) && e == 0, "copy");
  CHECK(cu2m::capture::freeAsync(s, plain, &e) && e == cudaErrorNotSupported, "free of non-graph memory refused");
  CHECK(cu2m::capture::freeAsync(s, d, &e) && e == 0, "free node");
  cudaGraph_t g;
  CHECK_ERR(cudaStreamEndCapture(s, &g), cudaSuccess);
  size_t count = 0;
  cudaGraphGetNodes(g, nullptr, &count);
  CHECK(count == 6, "%zu nodes", count);
  cudaGraphExec_t x;
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaSuccess);
  for (int i = 0; i < 2; ++i) {
    std::fill(h.begin(), h.end(), 0.f);
    CHECK_ERR(cudaGraphLaunch(x, s), cudaSuccess);
    CHECK(all(h, 4.f), "run %d: h[0] = %g", i, h[0]);
  }
  // Each row: 4 bytes of 0x5a, then the second float of the row (4.0f) untouched.
  const unsigned char want[8] = {0x5a, 0x5a, 0x5a, 0x5a, 0x00, 0x00, 0x80, 0x40};
  bool ok = true;
  for (int r = 0; r < 3; ++r) ok = ok && std::memcmp(&rows[r * 8], want, 8) == 0;
  CHECK(ok, "memset2D rows: %02x %02x %02x %02x %02x %02x %02x %02x", rows[0], rows[1], rows[2], rows[3], rows[4], rows[5],
        rows[6], rows[7]);
  cudaGraphExecDestroy(x);
  cudaGraphDestroy(g);
  CHECK(!cu2m::Runtime::global().lookup(d, nullptr), "graph allocation released");
  cudaStreamDestroy(s);
  cudaFree(plain);
  cudaGetLastError();
}

static void testExplicitGraph() {
  cudaGraph_t g;
  CHECK_ERR(cudaGraphCreate(&g, 0), cudaSuccess);
  CHECK_ERR(cudaGraphCreate(&g, 1), cudaErrorInvalidValue);
  CHECK_ERR(cudaGraphCreate(&g, 0), cudaSuccess);

  // Host nodes added in an order that is not the dependency order: C <- A <- B.
  std::vector<int> order;
  std::pair<std::vector<int>*, int> tagA{&order, 1}, tagB{&order, 2}, tagC{&order, 3};
  cudaGraphNode_t a, b, c, e;
  cudaHostNodeParams hp{appendTag, &tagA};
  CHECK_ERR(cudaGraphAddHostNode(&a, g, nullptr, 0, &hp), cudaSuccess);
  hp.userData = &tagC;
  CHECK_ERR(cudaGraphAddHostNode(&c, g, &a, 1, &hp), cudaSuccess);
  hp.userData = &tagB;
  CHECK_ERR(cudaGraphAddHostNode(&b, g, nullptr, 0, &hp), cudaSuccess);
  CHECK_ERR(cudaGraphAddEmptyNode(&e, g, &b, 1), cudaSuccess);
  CHECK_ERR(cudaGraphAddDependencies(g, &e, &a, 1), cudaSuccess);
  CHECK_ERR(cudaGraphAddDependencies(g, &e, &a, 1), cudaErrorInvalidValue); // already there
  cudaGraphExec_t x;
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaSuccess);
  CHECK_ERR(cudaGraphLaunch(x, 0), cudaSuccess);
  CHECK(order == (std::vector<int>{2, 1, 3}), "host nodes ran in dependency order (%zu)", order.size());
  cudaGraphExecDestroy(x);
  // Event nodes: the record node records when it runs.
  cudaEvent_t ev1, ev2;
  cudaEventCreate(&ev1);
  cudaEventCreate(&ev2);
  cudaGraphNode_t r1, r2, w;
  CHECK_ERR(cudaGraphAddEventRecordNode(&r1, g, &c, 1, ev1), cudaSuccess);
  CHECK_ERR(cudaGraphAddEventWaitNode(&w, g, &r1, 1, ev1), cudaSuccess);
  CHECK_ERR(cudaGraphAddEventRecordNode(&r2, g, &w, 1, ev2), cudaSuccess);
  CHECK_ERR(cudaGraphAddEventRecordNode(&r2, g, &w, 1, (cudaEvent_t)0x77), cudaErrorInvalidResourceHandle);
  cudaGetLastError();
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaSuccess);
  float elapsed = -1.f;
  CHECK_ERR(cudaEventElapsedTime(&elapsed, ev1, ev2), cudaErrorInvalidResourceHandle); // not recorded yet
  cudaGetLastError();
  CHECK_ERR(cudaGraphLaunch(x, 0), cudaSuccess);
  CHECK_ERR(cudaEventElapsedTime(&elapsed, ev1, ev2), cudaSuccess);
  CHECK(elapsed >= 0.f, "elapsed %g ms", elapsed);
  cudaGraphExecDestroy(x);
  cudaEventDestroy(ev1);
  cudaEventDestroy(ev2);
  // A cycle is refused at instantiation.
  CHECK_ERR(cudaGraphAddDependencies(g, &c, &b, 1), cudaSuccess);
  x = (cudaGraphExec_t)0x1;
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaErrorInvalidValue);
  CHECK(x == nullptr, "no exec for a cyclic graph");
  CHECK_ERR(cudaGraphInstantiate(&x, g, cudaGraphInstantiateFlagUpload), cudaErrorInvalidValue);
  cudaGraphDestroy(g);
  cudaGetLastError();

  // Memset (element sizes 2 and 4, pitched), 2D copy, kernels with copied arguments.
  const int W = 6, H = 3, pitch = 32;
  unsigned char* m;
  cudaMalloc(&m, pitch * H);
  cudaMemset(m, 0xee, pitch * H);
  float *d1, *d2;
  cudaMalloc(&d1, N * sizeof(float));
  cudaMalloc(&d2, N * sizeof(float));
  CHECK_ERR(cudaGraphCreate(&g, 0), cudaSuccess);
  cudaGraphNode_t set2, set4, copy, k1, k2, bad;
  cudaMemsetParams ms{};
  ms.dst = m;
  ms.pitch = pitch;
  ms.value = 0xabcd1234u;
  ms.elementSize = 2;
  ms.width = W;
  ms.height = H;
  CHECK_ERR(cudaGraphAddMemsetNode(&set2, g, nullptr, 0, &ms), cudaSuccess);
  ms.dst = m + 16;
  ms.elementSize = 4;
  ms.width = 2;
  CHECK_ERR(cudaGraphAddMemsetNode(&set4, g, &set2, 1, &ms), cudaSuccess);
  ms.elementSize = 3;
  CHECK_ERR(cudaGraphAddMemsetNode(&bad, g, nullptr, 0, &ms), cudaErrorInvalidValue);
  std::vector<unsigned char> host(8 * H, 0);
  cudaMemcpy3DParms cp{};
  cp.srcPtr = make_cudaPitchedPtr(m + 10, pitch, W, H); // bytes 10..17 of each row
  cp.dstPtr = make_cudaPitchedPtr(host.data(), 8, 8, H);
  cp.extent = make_cudaExtent(8, H, 1);
  cp.kind = cudaMemcpyDeviceToHost;
  CHECK_ERR(cudaGraphAddMemcpyNode(&copy, g, &set4, 1, &cp), cudaSuccess);

  float v = 7.f;
  int n = N, unused = 0;
  void* args[] = {&d1, &v, &n};
  cudaKernelNodeParams kp{};
  kp.func = (void*)fill;
  kp.gridDim = dim3((N + 63) / 64);
  kp.blockDim = dim3(64);
  kp.kernelParams = args;
  CHECK_ERR(cudaGraphAddKernelNode(&k1, g, nullptr, 0, &kp), cudaSuccess);
  v = -1.f; // copied when added
  void* addArgs[] = {&d1, &d1, &d2, &n, &unused};
  kp.func = (void*)vecAdd;
  kp.kernelParams = addArgs;
  CHECK_ERR(cudaGraphAddKernelNode(&k2, g, &k1, 1, &kp), cudaSuccess);
  kp.func = (void*)notAKernel;
  CHECK_ERR(cudaGraphAddKernelNode(&bad, g, nullptr, 0, &kp), cudaErrorInvalidDeviceFunction);
  kp.func = (void*)fill;
  kp.kernelParams = nullptr;
  CHECK_ERR(cudaGraphAddKernelNode(&bad, g, nullptr, 0, &kp), cudaErrorInvalidValue);
  cudaGetLastError();

  char dot[] = "/tmp/cu2m-graph-XXXXXX";
  int fd = mkstemp(dot);
  CHECK(fd >= 0, "mkstemp");
  if (fd >= 0) {
    close(fd);
    CHECK_ERR(cudaGraphDebugDotPrint(g, dot, 0), cudaSuccess);
    std::string text;
    if (FILE* f = std::fopen(dot, "r")) {
      char buf[4096];
      text.assign(buf, std::fread(buf, 1, sizeof buf, f));
      std::fclose(f);
    }
    CHECK(text.find("digraph") == 0 && text.find("kernel vecAdd grid (16,1,1) block (64,1,1)") != std::string::npos &&
              text.find("n3 -> n4;") != std::string::npos && text.find("memset 6 x 3 elements of 2 bytes") != std::string::npos,
          "dot file:\n%s", text.c_str());
    std::remove(dot);
  }
  cudaGraph_t clone;
  CHECK_ERR(cudaGraphClone(&clone, g), cudaSuccess);
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaSuccess);
  CHECK_ERR(cudaGraphLaunch(x, 0), cudaSuccess);
  CHECK(all(download(d2), 14.f), "kernel nodes: d2[0] = %g", download(d2)[0]);
  bool memsetOk = true;
  for (int y = 0; y < H; ++y) {
    // bytes 10..11: the last uint16 0x1234 of the 2-byte memset; 12..15: untouched 0xee; 16..17: 0x34 0x12 of 0xabcd1234.
    const unsigned char* r = &host[y * 8];
    const unsigned char want[8] = {0x34, 0x12, 0xee, 0xee, 0xee, 0xee, 0x34, 0x12};
    memsetOk = memsetOk && std::memcmp(r, want, 8) == 0;
  }
  CHECK(memsetOk, "memset/2D copy bytes %02x %02x %02x %02x %02x %02x %02x %02x", host[0], host[1], host[2], host[3],
        host[4], host[5], host[6], host[7]);

  // Executable-graph parameters change the exec only; cudaGraphExecUpdate takes a same-shaped graph.
  v = 1.f;
  kp.func = (void*)fill;
  kp.kernelParams = args;
  CHECK_ERR(cudaGraphExecKernelNodeSetParams(x, k1, &kp), cudaSuccess);
  CHECK_ERR(cudaGraphExecKernelNodeSetParams(x, copy, &kp), cudaErrorInvalidValue);
  CHECK_ERR(cudaGraphLaunch(x, 0), cudaSuccess);
  CHECK(all(download(d2), 2.f), "after ExecKernelNodeSetParams: %g", download(d2)[0]);
  cudaGraphExec_t x2;
  CHECK_ERR(cudaGraphInstantiate(&x2, g, 0), cudaSuccess);
  CHECK_ERR(cudaGraphLaunch(x2, 0), cudaSuccess);
  CHECK(all(download(d2), 14.f), "the graph itself kept its arguments: %g", download(d2)[0]);
  cudaGraphExecDestroy(x2);

  size_t cn = 0;
  cudaGraphGetNodes(clone, nullptr, &cn);
  CHECK(cn == 5, "clone has %zu nodes", cn);
  std::vector<cudaGraphNode_t> cnodes(cn);
  cudaGraphGetNodes(clone, cnodes.data(), &cn);
  v = 5.f;
  kp.kernelParams = args;
  CHECK_ERR(cudaGraphKernelNodeSetParams(cnodes[3], &kp), cudaSuccess);
  cudaGraphExecUpdateResultInfo info{};
  CHECK_ERR(cudaGraphExecUpdate(x, clone, &info), cudaSuccess);
  CHECK(info.result == cudaGraphExecUpdateSuccess, "update result %d", (int)info.result);
  CHECK_ERR(cudaGraphLaunch(x, 0), cudaSuccess);
  CHECK(all(download(d2), 10.f), "after cudaGraphExecUpdate: %g", download(d2)[0]);
  cudaGraphNode_t extra;
  CHECK_ERR(cudaGraphAddEmptyNode(&extra, clone, nullptr, 0), cudaSuccess);
  cudaGraphNode_t errNode = (cudaGraphNode_t)0x1;
  cudaGraphExecUpdateResult res = cudaGraphExecUpdateSuccess;
  CHECK_ERR(cudaGraphExecUpdate(x, clone, &errNode, &res), cudaErrorGraphExecUpdateFailure);
  CHECK(res == cudaGraphExecUpdateErrorTopologyChanged, "update result %d", (int)res);
  cudaGetLastError();

  cudaGraphExecDestroy(x);
  cudaGraphDestroy(clone);
  cudaGraphDestroy(g);
  cudaFree(m);
  cudaFree(d1);
  cudaFree(d2);
}

static void testMemNodes() {
  cudaGraph_t g;
  cudaGraphCreate(&g, 0);
  cudaMemAllocNodeParams ap{};
  ap.poolProps.allocType = cudaMemAllocationTypePinned;
  ap.poolProps.location.type = cudaMemLocationTypeDevice;
  ap.poolProps.location.id = 0;
  ap.bytesize = N * sizeof(float);
  cudaGraphNode_t alloc, k, copy, freeNode;
  CHECK_ERR(cudaGraphAddMemAllocNode(&alloc, g, nullptr, 0, &ap), cudaSuccess);
  CHECK(ap.dptr != nullptr, "allocation address given when the node is added");
  float* d = static_cast<float*>(ap.dptr);
  float v = 9.f;
  int n = N;
  void* args[] = {&d, &v, &n};
  cudaKernelNodeParams kp{};
  kp.func = (void*)fill;
  kp.gridDim = dim3((N + 127) / 128);
  kp.blockDim = dim3(128);
  kp.kernelParams = args;
  CHECK_ERR(cudaGraphAddKernelNode(&k, g, &alloc, 1, &kp), cudaSuccess);
  std::vector<float> h(N, 0.f);
  CHECK_ERR(cudaGraphAddMemcpyNode1D(&copy, g, &k, 1, h.data(), d, N * sizeof(float), cudaMemcpyDeviceToHost), cudaSuccess);
  cudaGraph_t withoutFree;
  CHECK_ERR(cudaGraphClone(&withoutFree, g), cudaErrorNotSupported);
  cudaGetLastError();
  cudaGraphExec_t once;
  CHECK_ERR(cudaGraphInstantiate(&once, g, 0), cudaSuccess);
  CHECK_ERR(cudaGraphLaunch(once, 0), cudaSuccess);
  CHECK(all(h, 9.f), "kernel wrote the graph allocation: %g", h[0]);
  CHECK_ERR(cudaGraphLaunch(once, 0), cudaErrorInvalidValue); // never freed
  cudaGetLastError();
  cudaGraphExecDestroy(once);
  cudaGraphExec_t autoFree;
  CHECK_ERR(cudaGraphInstantiate(&autoFree, g, cudaGraphInstantiateFlagAutoFreeOnLaunch), cudaSuccess);
  CHECK_ERR(cudaGraphLaunch(autoFree, 0), cudaSuccess);
  CHECK_ERR(cudaGraphLaunch(autoFree, 0), cudaSuccess);
  cudaGraphExecDestroy(autoFree);

  CHECK_ERR(cudaGraphAddMemFreeNode(&freeNode, g, &copy, 1, d), cudaSuccess);
  CHECK_ERR(cudaGraphAddMemFreeNode(&freeNode, g, &copy, 1, h.data()), cudaErrorInvalidValue);
  cudaGetLastError();
  cudaGraphExec_t x;
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaSuccess);
  std::fill(h.begin(), h.end(), 0.f);
  // The earlier exec left the allocation in use: CUDA refuses to run its alloc node again either.
  CHECK_ERR(cudaGraphLaunch(x, 0), cudaErrorInvalidValue);
  cudaGetLastError();
  cudaGraphExecDestroy(x);
  cudaGraphDestroy(g);
  // Still allocated (the auto-free exec's last run left it in use): it outlives its graphs (CUDA
  // 11.4+), and with every graph that could free it gone, cudaFree may free it.
  CHECK(cu2m::Runtime::global().lookup(d, nullptr), "an unfreed graph allocation outlives its graph");
  CHECK_ERR(cudaFree(d), cudaSuccess);
  CHECK(!cu2m::Runtime::global().lookup(d, nullptr), "graph allocation released by cudaFree");
  CHECK_ERR(cudaFree(d), cudaErrorInvalidValue);
  cudaGetLastError();

  // alloc -> kernel -> copy -> free runs any number of times.
  cudaGraphCreate(&g, 0);
  ap.dptr = nullptr;
  CHECK_ERR(cudaGraphAddMemAllocNode(&alloc, g, nullptr, 0, &ap), cudaSuccess);
  d = static_cast<float*>(ap.dptr);
  CHECK_ERR(cudaGraphAddKernelNode(&k, g, &alloc, 1, &kp), cudaSuccess);
  CHECK_ERR(cudaGraphAddMemcpyNode1D(&copy, g, &k, 1, h.data(), d, N * sizeof(float), cudaMemcpyDeviceToHost), cudaSuccess);
  CHECK_ERR(cudaGraphAddMemFreeNode(&freeNode, g, &copy, 1, d), cudaSuccess);
  CHECK_ERR(cudaGraphInstantiate(&x, g, 0), cudaSuccess);
  for (int i = 0; i < 3; ++i) {
    std::fill(h.begin(), h.end(), 0.f);
    CHECK_ERR(cudaGraphLaunch(x, 0), cudaSuccess);
    CHECK(all(h, 9.f), "run %d: %g", i, h[0]);
  }
  cudaGraphNodeType t;
  cudaGraphNodeGetType(freeNode, &t);
  CHECK(t == cudaGraphNodeTypeMemFree, "free node type %d", (int)t);
  cudaGraphDestroy(g);
  CHECK(cu2m::Runtime::global().lookup(d, nullptr), "the executable graph still holds the allocation");
  cudaGraphExecDestroy(x);
  CHECK(!cu2m::Runtime::global().lookup(d, nullptr), "released with the last holder");
  ap.poolProps.location.id = 1;
  CHECK_ERR(cudaGraphCreate(&g, 0), cudaSuccess);
  CHECK_ERR(cudaGraphAddMemAllocNode(&alloc, g, nullptr, 0, &ap), cudaErrorInvalidValue);
  cudaGraphDestroy(g);
  cudaGetLastError();
}

int main() {
  testRegistry();
  testLaunchKernel();
  testCaptureBasic();
  testCaptureErrors();
  testPitchedCaptureHooks();
  testAsyncCaptureHooks();
  testExplicitGraph();
  testMemNodes();
  CHECK(cudaPeekAtLastError() == cudaSuccess, "stray error %s", cudaGetErrorName(cudaPeekAtLastError()));
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
