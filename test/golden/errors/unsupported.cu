#include <cstdio>

__constant__ float coeffs[4];

// Each marked construct is diagnosed instead of producing wrong MSL.
__global__ void unsupported(float* out, double scale, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    printf("thread %d\n", i);
    atomicAdd(&out[0], 1.0f);
    out[i] = coeffs[i % 4] * erff(out[i]);
}

template <int B>
__global__ void templated(float* p) { p[threadIdx.x] = B; }

__device__ float helperWithShared(float v)
{
    __shared__ float scratch[32];
    scratch[0] = v;
    return scratch[0];
}
