// extern __shared__ in __device__ helpers: the kernel's dynamic memory, passed down.
__device__ float stage(float v)
{
    extern __shared__ float buf[];
    buf[threadIdx.x] = v;
    __syncthreads();
    return buf[blockDim.x - 1 - threadIdx.x];
}

__device__ float twice(float v) { return stage(stage(v)); }

__global__ void viaHelpers(float *data)
{
    data[threadIdx.x] = twice(data[threadIdx.x]);
}

__global__ void ownAndHelper(int *data)
{
    extern __shared__ int own[];
    own[threadIdx.x] = data[threadIdx.x];
    __threadfence_block();
    data[threadIdx.x] = (int)stage((float)own[threadIdx.x]);
}
