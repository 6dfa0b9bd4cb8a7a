// __device__ helpers with barriers that only some threads of the block call (barrierLoops.ts,
// Masking): the helper takes cu2m_active, guards its work with it and still reaches every barrier;
// the calls that need it pass their flag.
#define BLOCK 128

// A tree reduction over the first `count` values of the block.
template <typename T>
__device__ T blockSum(T* buf, T v, int count)
{
    const int t = threadIdx.x;
    if (count == 1) return v;
    buf[t] = v;
    __syncthreads();
    for (int s = 1; s < count; s *= 2) {
        if (t % (2 * s) == 0 && t + s < count) buf[t] += buf[t + s];
        __syncthreads();
    }
    return buf[0];
}

// The threads past the end return before the reduction.
__global__ void partialSums(const float* in, float* out, int n)
{
    __shared__ float buf[BLOCK];
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    const int count = min((int)blockDim.x, n - (int)(blockIdx.x * blockDim.x));
    if (i >= n) return;
    float v = in[i] * in[i];
    float s = blockSum(buf, v, count);
    if (threadIdx.x == 0) out[blockIdx.x] = s;
}

// Each thread reduces until its own work list is empty; the block sums what the threads still in
// the loop hold in each round.
__global__ void rounds(const int* lengths, const float* in, float* out)
{
    __shared__ float buf[BLOCK];
    const int g = blockIdx.x * blockDim.x + threadIdx.x;
    const int len = lengths[g];
    float acc = 0.0f;
    for (int k = 0; k < len; ++k) {
        float x = in[g * 8 + k];
        acc += blockSum(buf, x, blockDim.x);
    }
    out[g] = acc;
}
