#include <cstdio>
#include <cuda_runtime.h>

__device__ float twice(float v) { return 2.0f * v; }

__global__ void scale(float* data, float k, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) data[i] = twice(data[i]) * k;
}

__global__ void reduce(const float* in, float* out)
{
    extern __shared__ float s[];
    s[threadIdx.x] = in[threadIdx.x];
    __syncthreads();
    if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}

int main()
{
    float* d = nullptr;
    cudaStream_t stream = 0;
    int n = 1000;
    scale<<<(n + 255) / 256, 256>>>(d, 2.0f, n);
    scale<<<dim3(4, 1, 1), dim3(256)>>>(d + 8, 0.5f, n - 8);
    reduce<<<1, 128, 128 * sizeof(float), stream>>>(d, d + 512);
    printf("%s\n", cudaGetErrorString(cudaGetLastError()));
    return 0;
}
