// Loops with barriers that threads leave after different trip counts (barrierLoops.ts): the
// loops become block-uniform, a flag per thread says who still does the work.
#define EMPTY (-1)

// List ranking by pointer jumping: the threads past the end skip the `if`; the others leave the
// loop when their successor is the end of the list.
__global__ void rank(int* next, int* rank, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        int succ;
        while ((succ = next[i]) != EMPTY && next[succ] != EMPTY) {
            int r = rank[succ];
            int nn = next[succ];
            __syncthreads();
            rank[i] += r;
            next[i] = nn;
            __syncthreads();
        }
    }
}

// A search that leaves with break once the thread's key is found, and skips a round with continue.
__global__ void search(const float* keys, const float* table, int* found, int rounds)
{
    __shared__ float window[128];
    const int t = threadIdx.x;
    const float key = keys[blockIdx.x * blockDim.x + t];
    int at = -1;
    for (int r = 0; r < rounds; ++r) {
        window[t] = table[r * blockDim.x + t];
        __syncthreads();
        if (window[(t + r) % 128] == key) {
            at = r;
            break;
        }
        __syncthreads();
        if (r % 2) continue;
        at = -2 - r;
    }
    found[blockIdx.x * blockDim.x + t] = at;
}

// Block-uniform loops stay as written.
__global__ void reduce(const float* in, float* out, int passes)
{
    __shared__ float s[128];
    const int t = threadIdx.x;
    s[t] = in[blockIdx.x * 128 + t];
    __syncthreads();
    for (int p = 0; p < passes; ++p) {
        for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
            if (t < stride) s[t] += s[t + stride];
            __syncthreads();
        }
    }
    if (t == 0) out[blockIdx.x] = s[0];
}
