// Helpers: __device__, __host__ __device__, built-ins used inside helpers, pointer parameters
// called with device and threadgroup memory (two overloads), and reference parameters.
__host__ __device__ inline float square(float v) { return v * v; }

__device__ __forceinline__ unsigned int globalIndex() { return blockIdx.x * blockDim.x + threadIdx.x; }

__device__ float sumTwo(const float* p, int i) { return p[i] + p[i + 1]; }

__device__ void accumulate(float& acc, float v) { acc += v; }

__global__ void helpers(const float* in, float* out, int n)
{
    __shared__ float cache[64];
    unsigned int i = globalIndex();
    cache[threadIdx.x] = i < n ? in[i] : 0.0f;
    __syncthreads();
    float acc = 0.0f;
    accumulate(acc, square(cache[threadIdx.x]));
    if (threadIdx.x + 1 < blockDim.x && i + 1 < n) acc += sumTwo(cache, threadIdx.x) + sumTwo(in, i);
    if (i < n) out[i] = acc;
}
