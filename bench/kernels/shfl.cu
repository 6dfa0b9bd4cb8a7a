// Benchmark: warp-shuffle reduction, one sum per 32-lane warp, 4M floats in 256-thread blocks.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define N (1 << 22)
#define REPS 3

__global__ void warpSums(const float *in, float *out)
{
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
    float v = in[i];
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down_sync(0xffffffffu, v, offset);
    if ((threadIdx.x & 31) == 0) out[i / 32] = v;
}

int main()
{
    float *in = (float *)malloc(N * sizeof(float)), *out = (float *)malloc(N / 32 * sizeof(float));
    for (int i = 0; i < N; ++i) in[i] = (float)(i % 11);
    float *din, *dout;
    cudaMalloc(&din, N * sizeof(float)); cudaMalloc(&dout, N / 32 * sizeof(float));
    cudaMemcpy(din, in, N * sizeof(float), cudaMemcpyHostToDevice);
    cudaEvent_t start, stop;
    cudaEventCreate(&start); cudaEventCreate(&stop);
    float best = 1e30f;
    for (int r = 0; r < REPS; ++r) {
        cudaEventRecord(start);
        warpSums<<<N / 256, 256>>>(din, dout);
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float ms = 0;
        cudaEventElapsedTime(&ms, start, stop);
        if (ms < best) best = ms;
    }
    cudaMemcpy(out, dout, N / 32 * sizeof(float), cudaMemcpyDeviceToHost);
    double sum = 0;
    for (int i = 0; i < N / 32; ++i) sum += out[i];
    printf("bench-checksum %.1f\n", sum);
    printf("bench-kernel-ms %.3f\n", best);
    cudaFree(din); cudaFree(dout);
    free(in); free(out);
    return 0;
}
