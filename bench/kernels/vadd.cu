// Benchmark: vector add over 16M floats (memory bound, no barriers).
// Prints "bench-kernel-ms <best of REPS launches>" and a checksum line for bench/run.js.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define N (1 << 24)
#define REPS 20

__global__ void vadd(const float *a, const float *b, float *c, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i] + b[i];
}

int main()
{
    size_t bytes = (size_t)N * sizeof(float);
    float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes), *c = (float *)malloc(bytes);
    for (int i = 0; i < N; ++i) { a[i] = (float)(i % 1000); b[i] = (float)(i % 7); }
    float *da, *db, *dc;
    cudaMalloc(&da, bytes); cudaMalloc(&db, bytes); cudaMalloc(&dc, bytes);
    cudaMemcpy(da, a, bytes, cudaMemcpyHostToDevice);
    cudaMemcpy(db, b, bytes, cudaMemcpyHostToDevice);
    cudaEvent_t start, stop;
    cudaEventCreate(&start); cudaEventCreate(&stop);
    float best = 1e30f;
    for (int r = 0; r < REPS; ++r) {
        cudaEventRecord(start);
        vadd<<<(N + 255) / 256, 256>>>(da, db, dc, N);
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float ms = 0;
        cudaEventElapsedTime(&ms, start, stop);
        if (ms < best) best = ms;
    }
    cudaMemcpy(c, dc, bytes, cudaMemcpyDeviceToHost);
    double sum = 0;
    for (int i = 0; i < N; ++i) sum += c[i];
    printf("bench-checksum %.1f\n", sum);
    printf("bench-kernel-ms %.3f\n", best);
    cudaFree(da); cudaFree(db); cudaFree(dc);
    free(a); free(b); free(c);
    return 0;
}
