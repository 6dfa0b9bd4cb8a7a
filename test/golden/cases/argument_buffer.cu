// A kernel with more parameters than Metal's 31 buffers: they travel in one argument buffer
// (src/translate/argumentBuffer.ts), a struct the body reads through locals of the same names.
// The __device__ counter keeps its own buffer, after the struct.

struct Coeffs {
    float gain;
    int shift;
};

__device__ unsigned int d_calls;

__global__ void mix(float* __restrict__ a0, float* __restrict__ a1, float* __restrict__ a2, float* __restrict__ a3, float* __restrict__ a4, float* __restrict__ a5, float* __restrict__ a6, float* __restrict__ a7,
    float* __restrict__ b0, float* __restrict__ b1, float* __restrict__ b2, float* __restrict__ b3, float* __restrict__ b4, float* __restrict__ b5, float* __restrict__ b6, float* __restrict__ b7,
    float* __restrict__ c0, float* __restrict__ c1, float* __restrict__ c2, float* __restrict__ c3, float* __restrict__ c4, float* __restrict__ c5, float* __restrict__ c6, float* __restrict__ c7,
    float* __restrict__ d0, float* __restrict__ d1, float* __restrict__ d2, float* __restrict__ d3, float* __restrict__ d4, float* __restrict__ d5, float* __restrict__ d6, float* __restrict__ d7,
    const float* __restrict__ src, int n, float alpha, short beta, Coeffs co)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = src[i] * alpha + (float)beta + co.shift;
    a0[i] = v; b0[i] = v * co.gain; c0[i] = -v; d7[i] = v + 1.0f;
    if (i == 0) atomicAdd(&d_calls, 1u);
}

// Within the limit: one [[buffer(i)]] per parameter, as always.
__global__ void copy(const float* src, float* dst, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) dst[i] = src[i];
}
