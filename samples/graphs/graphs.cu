// graphs: the same small pipeline run many times through CUDA graphs.
//
// Part 1 captures one step of a pipeline from two streams with cudaStreamBeginCapture:
//   upload x (cudaMemcpyAsync)  ->  y = a*x + b  ->  z = y*y      (stream s1)
//                                \-> w = x - 1                    (stream s2, forked and joined by events)
//   -> out = z + w  ->  download (cudaMemcpyAsync)  ->  a host function checks the result
// and launches the instantiated graph N times with new input each time.
//
// Part 2 builds a diamond graph node by node (memset, kernels, 1D copy, host node, with their
// dependencies), runs it, changes one kernel's argument in the executable graph and runs it again.
//
// Usage: ./graphs [n [iterations]]      (default n = 10000, iterations = 4)

#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <cuda_runtime.h>

#define CHECK(call)                                                      \
    do {                                                                 \
        cudaError_t err_ = (call);                                       \
        if (err_ != cudaSuccess) {                                       \
            fprintf(stderr, "%s:%d: CUDA error %s: %s\n", __FILE__,      \
                    __LINE__, cudaGetErrorName(err_),                    \
                    cudaGetErrorString(err_));                           \
            exit(1);                                                     \
        }                                                                \
    } while (0)

__global__ void affine(const float *x, float *y, float a, float b, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + b;
}

__global__ void square(const float *y, float *z, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) z[i] = y[i] * y[i];
}

__global__ void minusOne(const float *x, float *w, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) w[i] = x[i] - 1.0f;
}

__global__ void add(const float *p, const float *q, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = p[i] + q[i];
}

// What the host function of the captured graph checks after each run.
struct StepCheck {
    const float *x;   // pinned input of the step
    const float *out; // pinned output of the step
    float a, b;
    int n;
    int runs;
    int bad;          // runs with a wrong element
};

static float expectedStep(float x, float a, float b)
{
    float y = a * x + b;
    return y * y + (x - 1.0f);
}

static void checkStep(void *data)
{
    StepCheck *c = (StepCheck *)data;
    for (int i = 0; i < c->n; ++i) {
        float e = expectedStep(c->x[i], c->a, c->b);
        if (fabsf(c->out[i] - e) > 1e-4f * fmaxf(1.0f, fabsf(e))) {
            printf("run %d: out[%d] = %f, expected %f\n", c->runs, i, c->out[i], e);
            c->bad++;
            break;
        }
    }
    c->runs++;
}

struct DiamondDone {
    int calls;
};

static void diamondDone(void *data)
{
    ((DiamondDone *)data)->calls++;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int iterations = argc > 2 ? atoi(argv[2]) : 4;
    if (n <= 0 || iterations <= 0) {
        printf("usage: %s [n > 0 [iterations > 0]]\n", argv[0]);
        return 1;
    }
    size_t bytes = (size_t)n * sizeof(float);
    const int threads = 128;
    const int blocks = (n + threads - 1) / threads;

    float *hX, *hOut;
    CHECK(cudaMallocHost(&hX, bytes));
    CHECK(cudaMallocHost(&hOut, bytes));
    float *dX, *dY, *dZ, *dW, *dOut;
    CHECK(cudaMalloc(&dX, bytes));
    CHECK(cudaMalloc(&dY, bytes));
    CHECK(cudaMalloc(&dZ, bytes));
    CHECK(cudaMalloc(&dW, bytes));
    CHECK(cudaMalloc(&dOut, bytes));

    // ---- Part 1: stream capture --------------------------------------------------------------
    cudaStream_t s1, s2;
    CHECK(cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking));
    CHECK(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
    cudaEvent_t forkEvent, joinEvent;
    CHECK(cudaEventCreateWithFlags(&forkEvent, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&joinEvent, cudaEventDisableTiming));

    StepCheck check = {hX, hOut, 1.5f, -0.25f, n, 0, 0};

    cudaGraph_t graph;
    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
    cudaStreamCaptureStatus status;
    CHECK(cudaStreamIsCapturing(s1, &status));
    if (status != cudaStreamCaptureStatusActive) {
        printf("FAILED: s1 is not capturing\n");
        return 1;
    }
    CHECK(cudaMemcpyAsync(dX, hX, bytes, cudaMemcpyHostToDevice, s1));
    CHECK(cudaEventRecord(forkEvent, s1));
    CHECK(cudaStreamWaitEvent(s2, forkEvent, 0));
    affine<<<blocks, threads, 0, s1>>>(dX, dY, check.a, check.b, n);
    square<<<blocks, threads, 0, s1>>>(dY, dZ, n);
    minusOne<<<blocks, threads, 0, s2>>>(dX, dW, n);
    CHECK(cudaEventRecord(joinEvent, s2));
    CHECK(cudaStreamWaitEvent(s1, joinEvent, 0));
    add<<<blocks, threads, 0, s1>>>(dZ, dW, dOut, n);
    CHECK(cudaMemcpyAsync(hOut, dOut, bytes, cudaMemcpyDeviceToHost, s1));
    CHECK(cudaLaunchHostFunc(s1, checkStep, &check));
    CHECK(cudaStreamEndCapture(s1, &graph));
    CHECK(cudaStreamIsCapturing(s1, &status));
    if (status != cudaStreamCaptureStatusNone || check.runs != 0) {
        printf("FAILED: capture ran work or did not end (status %d, runs %d)\n", (int)status, check.runs);
        return 1;
    }

    size_t numNodes = 0;
    CHECK(cudaGraphGetNodes(graph, NULL, &numNodes));
    if (numNodes != 7) {
        printf("FAILED: the captured graph has %zu nodes, expected 7\n", numNodes);
        return 1;
    }

    cudaGraphExec_t exec;
    CHECK(cudaGraphInstantiate(&exec, graph, 0));
    for (int it = 0; it < iterations; ++it) {
        for (int i = 0; i < n; ++i) hX[i] = (float)((i * 7 + it * 13) % 101) * 0.05f - 2.0f;
        CHECK(cudaGraphLaunch(exec, s1));
        CHECK(cudaStreamSynchronize(s1));
    }
    if (check.runs != iterations || check.bad != 0) {
        printf("FAILED: %d runs checked, %d wrong\n", check.runs, check.bad);
        return 1;
    }

    // ---- Part 2: a graph built node by node ----------------------------------------------------
    //            memset(dW)
    //                |
    //          affine(dX -> dY)
    //           /           \
    //   square(dY -> dZ)   minusOne(dX -> dW)
    //           \           /
    //          add(dZ, dW -> dOut) -> copy to hOut -> host node
    cudaGraph_t diamond;
    CHECK(cudaGraphCreate(&diamond, 0));
    cudaGraphNode_t clear, nAffine, nSquare, nMinus, nAdd, nCopy, nHost;

    cudaMemsetParams ms = {};
    ms.dst = dW;
    ms.value = 0;
    ms.elementSize = 4;
    ms.width = n;
    ms.height = 1;
    CHECK(cudaGraphAddMemsetNode(&clear, diamond, NULL, 0, &ms));

    float a = 2.0f, b = 1.0f;
    int count = n;
    void *affineArgs[] = {&dX, &dY, &a, &b, &count};
    cudaKernelNodeParams kp = {};
    kp.func = (void *)affine;
    kp.gridDim = dim3(blocks);
    kp.blockDim = dim3(threads);
    kp.sharedMemBytes = 0;
    kp.kernelParams = affineArgs;
    CHECK(cudaGraphAddKernelNode(&nAffine, diamond, &clear, 1, &kp));
    a = 100.0f; // arguments were copied when the node was added

    void *squareArgs[] = {&dY, &dZ, &count};
    kp.func = (void *)square;
    kp.kernelParams = squareArgs;
    CHECK(cudaGraphAddKernelNode(&nSquare, diamond, &nAffine, 1, &kp));

    void *minusArgs[] = {&dX, &dW, &count};
    kp.func = (void *)minusOne;
    kp.kernelParams = minusArgs;
    CHECK(cudaGraphAddKernelNode(&nMinus, diamond, &nAffine, 1, &kp));

    void *addArgs[] = {&dZ, &dW, &dOut, &count};
    kp.func = (void *)add;
    kp.kernelParams = addArgs;
    cudaGraphNode_t joins[] = {nSquare, nMinus};
    CHECK(cudaGraphAddKernelNode(&nAdd, diamond, joins, 2, &kp));

    CHECK(cudaGraphAddMemcpyNode1D(&nCopy, diamond, &nAdd, 1, hOut, dOut, bytes, cudaMemcpyDeviceToHost));
    DiamondDone done = {0};
    cudaHostNodeParams hp = {diamondDone, &done};
    CHECK(cudaGraphAddHostNode(&nHost, diamond, &nCopy, 1, &hp));

    size_t numRoots = 0;
    CHECK(cudaGraphGetRootNodes(diamond, NULL, &numRoots));
    if (numRoots != 1) {
        printf("FAILED: the diamond has %zu root nodes, expected 1\n", numRoots);
        return 1;
    }

    cudaGraphExec_t diamondExec;
    CHECK(cudaGraphInstantiate(&diamondExec, diamond, NULL, NULL, 0));
    for (int i = 0; i < n; ++i) hX[i] = (float)(i % 17) * 0.5f;
    CHECK(cudaMemcpy(dX, hX, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaGraphLaunch(diamondExec, s1));
    CHECK(cudaStreamSynchronize(s1));
    for (int i = 0; i < n; ++i) {
        float y = 2.0f * hX[i] + 1.0f;
        float e = y * y + (hX[i] - 1.0f);
        if (fabsf(hOut[i] - e) > 1e-4f * fmaxf(1.0f, fabsf(e))) {
            printf("FAILED: diamond out[%d] = %f, expected %f\n", i, hOut[i], e);
            return 1;
        }
    }

    // New arguments for the affine node of the executable graph only.
    a = -1.0f;
    b = 3.0f;
    kp.func = (void *)affine;
    kp.kernelParams = affineArgs;
    CHECK(cudaGraphExecKernelNodeSetParams(diamondExec, nAffine, &kp));
    CHECK(cudaGraphLaunch(diamondExec, s1));
    CHECK(cudaStreamSynchronize(s1));
    for (int i = 0; i < n; ++i) {
        float y = -hX[i] + 3.0f;
        float e = y * y + (hX[i] - 1.0f);
        if (fabsf(hOut[i] - e) > 1e-4f * fmaxf(1.0f, fabsf(e))) {
            printf("FAILED: updated diamond out[%d] = %f, expected %f\n", i, hOut[i], e);
            return 1;
        }
    }
    if (done.calls != 2) {
        printf("FAILED: the diamond's host node ran %d times, expected 2\n", done.calls);
        return 1;
    }

    CHECK(cudaGraphExecDestroy(diamondExec));
    CHECK(cudaGraphDestroy(diamond));
    CHECK(cudaGraphExecDestroy(exec));
    CHECK(cudaGraphDestroy(graph));
    CHECK(cudaEventDestroy(forkEvent));
    CHECK(cudaEventDestroy(joinEvent));
    CHECK(cudaStreamDestroy(s1));
    CHECK(cudaStreamDestroy(s2));
    CHECK(cudaFree(dX));
    CHECK(cudaFree(dY));
    CHECK(cudaFree(dZ));
    CHECK(cudaFree(dW));
    CHECK(cudaFree(dOut));
    CHECK(cudaFreeHost(hX));
    CHECK(cudaFreeHost(hOut));
    printf("PASSED\n");
    return 0;
}
