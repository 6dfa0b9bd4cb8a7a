// multiFile: forces and the energy reduction. `acceleration` is also used by integrate.cu.
#include "particles.h"

__device__ float acceleration(float x, float v, float mass) {
    return springForce(x, v) / mass;
}

__device__ float massOf(int i) { return 1.0f + (i % 7) * 0.25f; }

// Energy per block: kinetic + spring potential, summed in shared memory.
__global__ void blockEnergy(const float* x, const float* v, float* partial, int n) {
    __shared__ float sum[THREADS];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float e = 0.0f;
    // Spring potential from the force at rest: -x/2 * F(x, 0) = k x^2 / 2.
    if (i < n) e = 0.5f * massOf(i) * v[i] * v[i] - 0.5f * x[i] * springForce(x[i], 0.0f);
    sum[threadIdx.x] = e;
    __syncthreads();
    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) sum[threadIdx.x] += sum[threadIdx.x + s];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[blockIdx.x] = sum[0];
}

double energyOnDevice(const float* d_x, const float* d_v, int n) {
    int blocks = (n + THREADS - 1) / THREADS;
    float* d_partial;
    CHECK(cudaMalloc(&d_partial, blocks * sizeof(float)));
    blockEnergy<<<blocks, THREADS>>>(d_x, d_v, d_partial, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    float* partial = (float*)malloc(blocks * sizeof(float));
    CHECK(cudaMemcpy(partial, d_partial, blocks * sizeof(float), cudaMemcpyDeviceToHost));
    double total = 0.0;
    for (int b = 0; b < blocks; ++b) total += partial[b];
    free(partial);
    CHECK(cudaFree(d_partial));
    return total;
}
