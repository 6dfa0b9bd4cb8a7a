#include <cstdio>

__constant__ float coeffs[4];

// Each marked construct is diagnosed instead of producing wrong MSL.
__global__ void unsupported(float* out, double scale, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    printf("thread %d\n", i);
    if (i > 3) __prof_trigger(3);
    out[i] = coeffs[i % 4] * rnorm(2, out);
}

template <int B>
__global__ void templated(float* p) { p[threadIdx.x] = B; }

__device__ float helperWithShared(float v)
{
    extern __shared__ float scratch[];
    scratch[0] = v;
    return scratch[0];
}

__global__ void usesHelper(float* p) { p[threadIdx.x] = helperWithShared(p[threadIdx.x]); }

// Not reached by any kernel: left out with a warning (C2M1014), not an error.
__device__ float unusedWithShared(float v)
{
    extern __shared__ float scratch[];
    scratch[1] = v;
    return scratch[1];
}

// Host-only code is never judged as device code: a CHECK macro that prints and exits, a double
// constant, a __host__ __device__ function only the host calls.
#define CHECK(x) do { if ((x) != cudaSuccess) { printf("failed at %s:%d\n", __FILE__, __LINE__); exit(1); } } while (0)
const double kHostScale = 0.5;
__host__ __device__ double hostSideOnly(double x) { return x * kHostScale; }
