// Struct member functions, prototypes, static inline helpers, #pragma in bodies, const pointers,
// casts and sizeof, grid-stride loops.
struct Acc { float sum; int count;
  __device__ void add(float v) { sum += v; count++; } };

__device__ float helperLater(const float* p, int i);
__global__ void proto(float* out, int);

static __device__ __forceinline__ int lane() { return threadIdx.x & 31; }

__global__ void strided(const float* __restrict__ in, float* __restrict__ out, int n, float* unused)
{
    Acc acc = {0.0f, 0};
    #pragma unroll 4
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        acc.add(helperLater(in, i));
    }
    const float* const p = in + (n > 0 ? 0 : 1);
    float f = (float)lane() + sizeof(float) * 0 + (acc.count > 0 ? acc.sum / acc.count : 0.0f);
    unsigned u = threadIdx.x;
    if (blockIdx.x * blockDim.x + threadIdx.x < n) out[blockIdx.x * blockDim.x + threadIdx.x] = f + p[0] * 0 + u * 0;
}

__device__ float helperLater(const float* p, int i) { return p[i] * 0.5; }

__global__ void proto(float* out, int k) { out[threadIdx.x] = k; }

// dim3 values in device code are uint3; __restrict__ has no MSL spelling.
__device__ float first(const float* __restrict__ p) { return p[0]; }

__global__ void dims(const float* __restrict__ in, unsigned int* out)
{
    dim3 t = threadIdx;
    out[t.x] = t.y + t.z + (unsigned int)first(in);
}
