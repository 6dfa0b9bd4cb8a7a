// Benchmark: tiled matrix multiply C = A * B, 512x512 floats, 16x16 tiles in shared memory.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define TILE 16
#define DIM 512
#define REPS 3

__global__ void matmulTiled(const float *A, const float *B, float *C, int n)
{
    __shared__ float As[TILE][TILE];
    __shared__ float Bs[TILE][TILE];
    int tx = threadIdx.x, ty = threadIdx.y;
    int row = blockIdx.y * TILE + ty, col = blockIdx.x * TILE + tx;
    float acc = 0.0f;
    for (int t = 0; t < n / TILE; ++t) {
        As[ty][tx] = A[row * n + t * TILE + tx];
        Bs[ty][tx] = B[(t * TILE + ty) * n + col];
        __syncthreads();
        for (int k = 0; k < TILE; ++k) acc += As[ty][k] * Bs[k][tx];
        __syncthreads();
    }
    C[row * n + col] = acc;
}

int main()
{
    size_t n = (size_t)DIM * DIM;
    float *A = (float *)malloc(n * sizeof(float)), *B = (float *)malloc(n * sizeof(float)), *C = (float *)malloc(n * sizeof(float));
    for (size_t i = 0; i < n; ++i) { A[i] = (float)(i % 13) * 0.25f; B[i] = (float)(i % 7) * 0.5f; }
    float *dA, *dB, *dC;
    cudaMalloc(&dA, n * sizeof(float)); cudaMalloc(&dB, n * sizeof(float)); cudaMalloc(&dC, n * sizeof(float));
    cudaMemcpy(dA, A, n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(dB, B, n * sizeof(float), cudaMemcpyHostToDevice);
    cudaEvent_t start, stop;
    cudaEventCreate(&start); cudaEventCreate(&stop);
    dim3 block(TILE, TILE), grid(DIM / TILE, DIM / TILE);
    float best = 1e30f;
    for (int r = 0; r < REPS; ++r) {
        cudaEventRecord(start);
        matmulTiled<<<grid, block>>>(dA, dB, dC, DIM);
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float ms = 0;
        cudaEventElapsedTime(&ms, start, stop);
        if (ms < best) best = ms;
    }
    cudaMemcpy(C, dC, n * sizeof(float), cudaMemcpyDeviceToHost);
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += C[i];
    printf("bench-checksum %.1f\n", sum);
    printf("bench-kernel-ms %.3f\n", best);
    cudaFree(dA); cudaFree(dB); cudaFree(dC);
    free(A); free(B); free(C);
    return 0;
}
