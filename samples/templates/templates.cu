// templates: kernels and device functions written as C++ templates.
//
// - blockReduce<T, BLOCK>: a shared-memory tree reduction whose block size is a non-type
//   template parameter, launched from the host template function sumOnDevice<T, BLOCK>()
//   for float and int and two block sizes (the instances exist only once the host compiles);
// - axpy<T>: launched with its type argument deduced from the pointers (axpy<<<g, b>>>(...));
// - scaleBy<float, 3>: launched with written-out arguments;
// - a device function template (clampTo<T>), called deduced and explicitly, and
//   `if constexpr` choosing code per instance.
//
// Usage: ./templates [n]      (default n = 50000)

#include <cstdio>
#include <cstdlib>
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

template <typename T>
__device__ T clampTo(T v, T lo, T hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

template <typename T, int BLOCK>
__global__ void blockReduce(const T *in, T *out, int n)
{
    __shared__ T partial[BLOCK];
    int tid = threadIdx.x;
    T sum = 0;
    for (int i = blockIdx.x * BLOCK + tid; i < n; i += BLOCK * gridDim.x)
        sum += in[i];
    partial[tid] = sum;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (tid < s) partial[tid] += partial[tid + s];
        __syncthreads();
    }
    if (tid == 0) out[blockIdx.x] = partial[0];
}

template <typename T>
__global__ void axpy(T a, const T *x, T *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        if constexpr (sizeof(T) == 4) {
            y[i] = clampTo(a * x[i] + y[i], (T)-1000, (T)1000);
        } else {
            y[i] = a * x[i] + y[i];
        }
    }
}

template <typename T, unsigned int FACTOR>
__global__ void scaleBy(T *data, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) data[i] = clampTo<T>(data[i] * (T)FACTOR, -100, 100);
}

// Sums in[0..n) on the device: one partial per block, then the partials on the host.
template <typename T, int BLOCK>
T sumOnDevice(const T *d_in, int n)
{
    int blocks = (n + BLOCK - 1) / BLOCK;
    if (blocks > 64) blocks = 64;
    T *d_partial;
    CHECK(cudaMalloc(&d_partial, blocks * sizeof(T)));
    blockReduce<T, BLOCK><<<blocks, BLOCK>>>(d_in, d_partial, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    T *h_partial = (T *)malloc(blocks * sizeof(T));
    CHECK(cudaMemcpy(h_partial, d_partial, blocks * sizeof(T), cudaMemcpyDeviceToHost));
    T total = 0;
    for (int b = 0; b < blocks; b++) total += h_partial[b];
    free(h_partial);
    CHECK(cudaFree(d_partial));
    return total;
}

static int fail(const char *what, double got, double want)
{
    printf("FAILED: %s = %g, expected %g\n", what, got, want);
    return 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 50000;
    int *h_i = (int *)malloc(n * sizeof(int));
    float *h_x = (float *)malloc(n * sizeof(float));
    float *h_y = (float *)malloc(n * sizeof(float));
    unsigned int seed = 12345u;
    long long wantInt = 0;
    for (int i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        h_i[i] = (int)(seed >> 24) - 128;
        h_x[i] = (float)(h_i[i] % 16) * 0.25f;
        h_y[i] = (float)(i % 7);
        wantInt += h_i[i];
    }

    int *d_i;
    float *d_x, *d_y;
    CHECK(cudaMalloc(&d_i, n * sizeof(int)));
    CHECK(cudaMalloc(&d_x, n * sizeof(float)));
    CHECK(cudaMalloc(&d_y, n * sizeof(float)));
    CHECK(cudaMemcpy(d_i, h_i, n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_x, h_x, n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_y, h_y, n * sizeof(float), cudaMemcpyHostToDevice));

    // Integer sums are exact whatever the order: both block sizes must agree with the host.
    int s128 = sumOnDevice<int, 128>(d_i, n);
    int s256 = sumOnDevice<int, 256>(d_i, n);
    if (s128 != wantInt) return fail("sum<int, 128>", s128, (double)wantInt);
    if (s256 != wantInt) return fail("sum<int, 256>", s256, (double)wantInt);

    // Quarter multiples below 2^24 are exact in float too.
    float wantX = 0;
    for (int i = 0; i < n; i++) wantX += h_x[i];
    float sx = sumOnDevice<float, 128>(d_x, n);
    if (sx != wantX) return fail("sum<float, 128>", sx, wantX);

    int threads = 128, blocks = (n + threads - 1) / threads;
    axpy<<<blocks, threads>>>(2.0f, d_x, d_y, n); // axpy<float>, deduced
    CHECK(cudaGetLastError());
    scaleBy<float, 3><<<blocks, threads>>>(d_y, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h_y, d_y, n * sizeof(float), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++) {
        float y = 2.0f * h_x[i] + (float)(i % 7);
        y = y < -1000 ? -1000 : (y > 1000 ? 1000 : y);
        y = y * 3;
        y = y < -100 ? -100 : (y > 100 ? 100 : y);
        if (h_y[i] != y) {
            printf("FAILED at %d: y = %g, expected %g\n", i, h_y[i], y);
            return 1;
        }
    }

    CHECK(cudaFree(d_i));
    CHECK(cudaFree(d_x));
    CHECK(cudaFree(d_y));
    free(h_i);
    free(h_x);
    free(h_y);
    printf("PASSED\n");
    return 0;
}
