// launchKernel: kernels launched through their host function pointer with cudaLaunchKernel,
// the way libraries and launch helpers do it, next to ordinary <<<...>>> launches.
//
//   y = a * x + y      (saxpy, launched with cudaLaunchKernel((void*)saxpy, ...))
//   y = y * s + bias   (a static kernel, launched through a table of kernel pointers)
//   z[i] = i           (a kernel with an unnamed parameter)
//   y = 0.5 * x + y    (cudaLaunchKernelEx with a launch attribute)
//
// Usage: ./launchKernel [n]      (default n = 30000)

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

__global__ void saxpy(float a, const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

static __global__ void scaleBias(float *y, float s, float bias, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = y[i] * s + bias;
}

__global__ void iota(int *z, int n, int /* reserved */)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) z[i] = i;
}

// A launch helper as libraries write them: kernel pointer + packed arguments.
struct Launch {
    const void *kernel;
    const char *name;
};

static cudaError_t launch1D(const void *kernel, int n, void **args, cudaStream_t stream)
{
    dim3 block(128);
    dim3 grid((n + block.x - 1) / block.x);
    return cudaLaunchKernel(kernel, grid, block, args, 0, stream);
}

static void hostFunctionNotAKernel() {}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 30000;
    if (n <= 0) {
        printf("usage: %s [n > 0]\n", argv[0]);
        return 1;
    }
    size_t bytes = (size_t)n * sizeof(float);
    float *hX = (float *)malloc(bytes), *hY = (float *)malloc(bytes), *hRef = (float *)malloc(bytes);
    int *hZ = (int *)malloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; ++i) {
        hX[i] = (float)(i % 97) * 0.25f;
        hY[i] = (float)(i % 13) - 6.0f;
    }

    float *dX, *dY;
    int *dZ;
    CHECK(cudaMalloc(&dX, bytes));
    CHECK(cudaMalloc(&dY, bytes));
    CHECK(cudaMalloc(&dZ, (size_t)n * sizeof(int)));
    CHECK(cudaMemcpy(dX, hX, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dY, hY, bytes, cudaMemcpyHostToDevice));

    cudaStream_t stream;
    CHECK(cudaStreamCreate(&stream));

    // 1. The C form with a cast, on a stream.
    float a = 2.5f;
    void *saxpyArgs[] = {&a, &dX, &dY, &n};
    CHECK(launch1D((const void *)saxpy, n, saxpyArgs, stream));
    CHECK(cudaGetLastError());

    // 2. A table of kernels: the static kernel through its pointer.
    Launch table[] = {{(const void *)scaleBias, "scaleBias"}, {(const void *)iota, "iota"}};
    float s = 0.5f, bias = 1.0f;
    void *scaleArgs[] = {&dY, &s, &bias, &n};
    CHECK(launch1D(table[0].kernel, n, scaleArgs, stream));
    int reserved = 0;
    void *iotaArgs[] = {&dZ, &n, &reserved};
    CHECK(launch1D(table[1].kernel, n, iotaArgs, stream));

    // 3. The template form (no cast), then a classic launch on the same stream.
    CHECK(cudaLaunchKernel(saxpy, dim3((n + 255) / 256), dim3(256), saxpyArgs, 0, stream));
    scaleBias<<<(n + 255) / 256, 256, 0, stream>>>(dY, 1.0f, -1.0f, n);
    CHECK(cudaGetLastError());

    // 4. cudaLaunchKernelEx: configuration struct, a hint attribute, typed arguments.
    cudaLaunchAttribute attr;
    attr.id = cudaLaunchAttributePriority;
    attr.val.priority = 0;
    cudaLaunchConfig_t config = {};
    config.gridDim = dim3((n + 511) / 512);
    config.blockDim = dim3(512);
    config.stream = stream;
    config.attrs = &attr;
    config.numAttrs = 1;
    CHECK(cudaLaunchKernelEx(&config, saxpy, 0.5f, (const float *)dX, dY, n));
    CHECK(cudaStreamSynchronize(stream));

    // 5. Launch errors are reported as for <<<...>>>.
    // (CUDA 13 answers cudaErrorInvalidResourceHandle for a pointer that is not a kernel.)
    cudaError_t e = cudaLaunchKernel((const void *)hostFunctionNotAKernel, dim3(1), dim3(1), NULL, 0, stream);
    if (e != cudaErrorInvalidResourceHandle) {
        printf("FAILED: launching a host function returned %s\n", cudaGetErrorName(e));
        return 1;
    }
    (void)cudaGetLastError();
    e = cudaLaunchKernel((const void *)saxpy, dim3(1), dim3(2048), saxpyArgs, 0, stream);
    if (e != cudaErrorInvalidValue) { // CUDA 13 (older CUDA: cudaErrorInvalidConfiguration)
        printf("FAILED: a 2048-thread block returned %s\n", cudaGetErrorName(e));
        return 1;
    }
    (void)cudaGetLastError();

    CHECK(cudaMemcpy(hY, dY, bytes, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hZ, dZ, (size_t)n * sizeof(int), cudaMemcpyDeviceToHost));

    for (int i = 0; i < n; ++i) {
        float y = (float)(i % 13) - 6.0f;
        y = a * hX[i] + y;
        y = y * s + bias;
        y = a * hX[i] + y;
        y = y * 1.0f - 1.0f;
        y = 0.5f * hX[i] + y;
        hRef[i] = y;
    }
    for (int i = 0; i < n; ++i) {
        if (fabsf(hY[i] - hRef[i]) > 1e-4f * fmaxf(1.0f, fabsf(hRef[i]))) {
            printf("FAILED: y[%d] = %f, expected %f\n", i, hY[i], hRef[i]);
            return 1;
        }
        if (hZ[i] != i) {
            printf("FAILED: z[%d] = %d\n", i, hZ[i]);
            return 1;
        }
    }

    CHECK(cudaStreamDestroy(stream));
    CHECK(cudaFree(dX));
    CHECK(cudaFree(dY));
    CHECK(cudaFree(dZ));
    free(hX);
    free(hY);
    free(hRef);
    free(hZ);
    printf("PASSED\n");
    return 0;
}
