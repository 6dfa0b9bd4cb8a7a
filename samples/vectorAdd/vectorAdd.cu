// vectorAdd: element-wise sum of two float vectors, C = A + B.
//
// One thread per element on a 1D grid. The grid is rounded up to whole
// blocks, so the kernel must skip the threads that fall past the end.
//
// Usage: ./vectorAdd [n]      (default n = 50000)

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

#define THREADS_PER_BLOCK 256

__global__ void vectorAdd(const float *a, const float *b, float *c, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        c[i] = a[i] + b[i];
    }
}

// Deterministic pseudo-random numbers in [0, 1), independent of the C library.
static unsigned int lcgState = 12345u;
static float nextRandom()
{
    lcgState = lcgState * 1664525u + 1013904223u;
    return (float)(lcgState >> 8) / 16777216.0f;
}

int main(int argc, char **argv)
{
    int n = 50000;
    if (argc > 1) {
        n = atoi(argv[1]);
        if (n <= 0) {
            fprintf(stderr, "usage: %s [n > 0]\n", argv[0]);
            return 1;
        }
    }
    size_t bytes = (size_t)n * sizeof(float);

    float *hA = (float *)malloc(bytes);
    float *hB = (float *)malloc(bytes);
    float *hC = (float *)malloc(bytes);
    if (!hA || !hB || !hC) {
        fprintf(stderr, "host allocation failed\n");
        return 1;
    }
    for (int i = 0; i < n; ++i) {
        hA[i] = nextRandom();
        hB[i] = nextRandom() * 100.0f - 50.0f;
    }

    float *dA = NULL, *dB = NULL, *dC = NULL;
    CHECK(cudaMalloc((void **)&dA, bytes));
    CHECK(cudaMalloc((void **)&dB, bytes));
    CHECK(cudaMalloc((void **)&dC, bytes));
    CHECK(cudaMemcpy(dA, hA, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dB, hB, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dC, 0, bytes));

    int threads = THREADS_PER_BLOCK;
    int blocks = (n + threads - 1) / threads;
    printf("vectorAdd: n = %d, %d blocks of %d threads\n", n, blocks, threads);

    vectorAdd<<<blocks, threads>>>(dA, dB, dC, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    CHECK(cudaMemcpy(hC, dC, bytes, cudaMemcpyDeviceToHost));

    // A single float addition is exactly rounded on both sides, so the
    // results should match bit for bit; allow a tiny slack anyway.
    int firstBad = -1;
    for (int i = 0; i < n; ++i) {
        float expected = hA[i] + hB[i];
        if (fabsf(hC[i] - expected) > 1e-5f * fmaxf(1.0f, fabsf(expected))) {
            firstBad = i;
            break;
        }
    }

    CHECK(cudaFree(dA));
    CHECK(cudaFree(dB));
    CHECK(cudaFree(dC));

    int rc = 0;
    if (firstBad >= 0) {
        printf("mismatch at index %d: got %f, expected %f\n", firstBad,
               hC[firstBad], hA[firstBad] + hB[firstBad]);
        printf("FAILED\n");
        rc = 1;
    } else {
        printf("checked %d elements\n", n);
        printf("PASSED\n");
    }
    free(hA);
    free(hB);
    free(hC);
    return rc;
}
