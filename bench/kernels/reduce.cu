// Benchmark: shared-memory tree reduction, 256 threads per block (9 barriers per block) over
// 65,536 blocks: one partial sum per block.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define THREADS 256
#define BLOCKS 65536
#define REPS 3

__global__ void reduceBlocks(const float *in, float *out)
{
    __shared__ float s[THREADS];
    unsigned t = threadIdx.x;
    s[t] = in[blockIdx.x * THREADS + t];
    __syncthreads();
    for (unsigned stride = THREADS / 2; stride > 0; stride >>= 1) {
        if (t < stride) s[t] += s[t + stride];
        __syncthreads();
    }
    if (t == 0) out[blockIdx.x] = s[0];
}

int main()
{
    size_t n = (size_t)THREADS * BLOCKS;
    float *in = (float *)malloc(n * sizeof(float)), *out = (float *)malloc(BLOCKS * sizeof(float));
    for (size_t i = 0; i < n; ++i) in[i] = (float)(i % 17);
    float *din, *dout;
    cudaMalloc(&din, n * sizeof(float)); cudaMalloc(&dout, BLOCKS * sizeof(float));
    cudaMemcpy(din, in, n * sizeof(float), cudaMemcpyHostToDevice);
    cudaEvent_t start, stop;
    cudaEventCreate(&start); cudaEventCreate(&stop);
    float best = 1e30f;
    for (int r = 0; r < REPS; ++r) {
        cudaEventRecord(start);
        reduceBlocks<<<BLOCKS, THREADS>>>(din, dout);
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float ms = 0;
        cudaEventElapsedTime(&ms, start, stop);
        if (ms < best) best = ms;
    }
    cudaMemcpy(out, dout, BLOCKS * sizeof(float), cudaMemcpyDeviceToHost);
    double sum = 0;
    for (int i = 0; i < BLOCKS; ++i) sum += out[i];
    printf("bench-checksum %.1f\n", sum);
    printf("bench-kernel-ms %.3f\n", best);
    cudaFree(din); cudaFree(dout);
    free(in); free(out);
    return 0;
}
