// reduction: sum of a float array with a shared-memory tree reduction.
//
// Pass 1: every block sums its slice of the input into one partial sum.
// Pass 2: the same kernel, launched with a single block, sums the partials.
// The host checks both the per-block partials and the final total against a
// double-precision CPU reference.
//
// The shared buffer is dynamic (extern __shared__), sized at launch time by
// the third launch parameter: threads * sizeof(float).
//
// Usage: ./reduction [n]      (default n = 262144 = 1 << 18)

#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <cuda_runtime.h>

#define CHECK(call)                                                      \
    do {                                                                 \
        cudaError_t err_ = (call);                                       \
        if (err_ != cudaSuccess) {                                       \
            fprintf(stderr, "%s:%d: CUDA error: %s\n", __FILE__,         \
                    __LINE__, cudaGetErrorString(err_));                 \
            exit(1);                                                     \
        }                                                                \
    } while (0)

#define THREADS 256   // must be a power of two for the tree below

// Sums in[0..n) into out[blockIdx.x] (one partial per block). Each thread
// first accumulates a strided run of elements in a register, so any grid
// size covers any n; then the block combines its THREADS values pairwise.
__global__ void reduceSum(const float *in, float *out, int n)
{
    extern __shared__ float sdata[];

    unsigned int tid = threadIdx.x;
    unsigned int stride = blockDim.x * gridDim.x;
    float sum = 0.0f;
    for (unsigned int i = blockIdx.x * blockDim.x + tid; i < (unsigned int)n;
         i += stride) {
        sum += in[i];
    }
    sdata[tid] = sum;
    __syncthreads();

    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) {
            sdata[tid] += sdata[tid + s];
        }
        __syncthreads();
    }

    if (tid == 0) {
        out[blockIdx.x] = sdata[0];
    }
}

static unsigned int lcgState = 777u;
static float nextRandom()
{
    lcgState = lcgState * 1664525u + 1013904223u;
    return (float)(lcgState >> 8) / 16777216.0f;   // [0, 1)
}

int main(int argc, char **argv)
{
    int n = 1 << 18;
    if (argc > 1) {
        n = atoi(argv[1]);
        if (n <= 0) {
            fprintf(stderr, "usage: %s [n > 0]\n", argv[0]);
            return 1;
        }
    }
    int threads = THREADS;
    int blocks = (n + threads - 1) / threads;
    size_t sharedBytes = threads * sizeof(float);

    float *hIn = (float *)malloc((size_t)n * sizeof(float));
    float *hPartial = (float *)malloc((size_t)blocks * sizeof(float));
    if (!hIn || !hPartial) {
        fprintf(stderr, "host allocation failed\n");
        return 1;
    }
    for (int i = 0; i < n; ++i) {
        hIn[i] = nextRandom() - 0.25f;   // mixed signs, mostly positive
    }

    float *dIn = NULL, *dPartial = NULL, *dTotal = NULL;
    CHECK(cudaMalloc((void **)&dIn, (size_t)n * sizeof(float)));
    CHECK(cudaMalloc((void **)&dPartial, (size_t)blocks * sizeof(float)));
    CHECK(cudaMalloc((void **)&dTotal, sizeof(float)));
    CHECK(cudaMemcpy(dIn, hIn, (size_t)n * sizeof(float),
                     cudaMemcpyHostToDevice));

    printf("reduction: n = %d, pass 1: %d blocks of %d threads, "
           "%zu bytes of dynamic shared memory\n",
           n, blocks, threads, sharedBytes);

    // Pass 1: one partial sum per block.
    reduceSum<<<blocks, threads, sharedBytes>>>(dIn, dPartial, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    // Pass 2: a single block folds all partials into one value.
    reduceSum<<<1, threads, sharedBytes>>>(dPartial, dTotal, blocks);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    float gpuTotal = 0.0f;
    CHECK(cudaMemcpy(hPartial, dPartial, (size_t)blocks * sizeof(float),
                     cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&gpuTotal, dTotal, sizeof(float),
                     cudaMemcpyDeviceToHost));

    // CPU reference: the partials of pass 1 (each thread handles exactly one
    // element there, since the grid covers n) and the grand total.
    int firstBad = -1;
    double gotBad = 0.0, wantBad = 0.0;
    double cpuTotal = 0.0, hostSumOfPartials = 0.0;
    for (int b = 0; b < blocks; ++b) {
        double want = 0.0, absSum = 0.0;
        for (int i = b * threads; i < n && i < (b + 1) * threads; ++i) {
            want += hIn[i];
            absSum += fabs(hIn[i]);
        }
        cpuTotal += want;
        hostSumOfPartials += hPartial[b];
        if (firstBad < 0 && fabs(hPartial[b] - want) > 1e-5 * absSum + 1e-6) {
            firstBad = b;
            gotBad = hPartial[b];
            wantBad = want;
        }
    }

    CHECK(cudaFree(dIn));
    CHECK(cudaFree(dPartial));
    CHECK(cudaFree(dTotal));
    free(hIn);
    free(hPartial);

    if (firstBad >= 0) {
        printf("partial sum mismatch at block index %d: got %f, expected %f\n",
               firstBad, gotBad, wantBad);
        printf("FAILED\n");
        return 1;
    }
    double tol = 1e-5 * fabs(cpuTotal) + 1e-3;
    printf("GPU total %.6f, host sum of partials %.6f, CPU total %.6f\n",
           gpuTotal, hostSumOfPartials, cpuTotal);
    if (fabs(gpuTotal - cpuTotal) > tol) {
        printf("total mismatch at index 0: got %f, expected %f\n",
               gpuTotal, cpuTotal);
        printf("FAILED\n");
        return 1;
    }
    printf("PASSED\n");
    return 0;
}
