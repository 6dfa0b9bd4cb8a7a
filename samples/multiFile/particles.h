// multiFile: declarations shared by main.cpp, integrate.cu and forces.cu.
#ifndef PARTICLES_H
#define PARTICLES_H

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

#define THREADS 128
#define STIFFNESS 4.0f
#define DAMPING 0.05f

// Host and device: the CPU reference in main.cpp uses the same formulas.
__host__ __device__ inline float springForce(float x, float v) {
    return -STIFFNESS * x - DAMPING * v;
}

// integrate.cu
void stepOnDevice(float* d_x, float* d_v, int n, float dt, int steps);
// forces.cu
double energyOnDevice(const float* d_x, const float* d_v, int n);

#endif
