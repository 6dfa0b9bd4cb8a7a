// multiFile: time integration. The physics lives in forces.cu.
#include "particles.h"

// Defined in forces.cu (nvcc: -rdc=true; cu2metal links all .cu files as one program).
__device__ float acceleration(float x, float v, float mass);
__device__ float massOf(int i);

// Semi-implicit Euler: velocity first, then position with the new velocity.
__global__ void integrate(float* x, float* v, int n, float dt) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float vi = v[i] + dt * acceleration(x[i], v[i], massOf(i));
    v[i] = vi;
    x[i] = x[i] + dt * vi;
}

void stepOnDevice(float* d_x, float* d_v, int n, float dt, int steps) {
    int blocks = (n + THREADS - 1) / THREADS;
    for (int s = 0; s < steps; ++s) {
        integrate<<<blocks, THREADS>>>(d_x, d_v, n, dt);
        CHECK(cudaGetLastError());
    }
    CHECK(cudaDeviceSynchronize());
}
