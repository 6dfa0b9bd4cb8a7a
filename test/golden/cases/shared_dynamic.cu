extern __shared__ float fileScopeShared[];

// Dynamic shared memory declared in the kernel, sized by the launch's third argument.
__global__ void blockSum(const float* in, float* partial, int n)
{
    extern __shared__ float sdata[];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    sdata[tid] = i < n ? in[i] : 0.0f;
    __syncthreads();
    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) sdata[tid] += sdata[tid + s];
        __syncthreads();
    }
    if (tid == 0) partial[blockIdx.x] = sdata[0];
}

// The file-scope array, and a second extern array aliasing the same memory.
__global__ void scaleViaShared(float* data, float k)
{
    extern __shared__ int asInts[];
    fileScopeShared[threadIdx.x] = data[threadIdx.x] * k;
    __syncthreads();
    asInts[0] = 0;
    data[threadIdx.x] = fileScopeShared[blockDim.x - 1 - threadIdx.x];
}
