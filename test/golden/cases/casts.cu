// Pointer casts and local pointers take the address space of the memory they point into.
__global__ void casts(float* data, int n)
{
    extern __shared__ char raw[];
    float* sf = (float*)raw;
    float4* d4 = reinterpret_cast<float4*>(data);
    const float* tail = data + 4 * (n / 4);
    float local[2] = {1.0f, 2.0f};
    float* lp = &local[0];
    sf[threadIdx.x] = d4[threadIdx.x].x + *lp;
    __syncthreads();
    if (threadIdx.x == 0 && n % 4 != 0) data[0] += tail[0] + sf[0];
}
