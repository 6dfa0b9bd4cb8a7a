// Threads that return before a barrier stay alive in Metal (src/translate/earlyReturns.ts).
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
#define TILE 16

// The usual bounds check in front of a shared tile; values used after the barrier are declared
// in front of the guard, __shared__ arrays too.
__global__ void stencil(const float* in, float* out, int w, int h)
{
    const int x = blockIdx.x * TILE + threadIdx.x;
    const int y = blockIdx.y * TILE + threadIdx.y;
    if (x >= w || y >= h) return;
    __shared__ float tile[TILE][TILE + 1];
    const int rows = (h + TILE - 1) / TILE;
    float c = in[y * w + x];
    float* row = &tile[threadIdx.y][0];
    row[threadIdx.x] = c;
    __syncthreads();
    float l = threadIdx.x > 0 ? row[threadIdx.x - 1] : c;
    out[y * w + x] = (l + c) * 0.5f + rows;
}

// Returns in if/else, in a loop and in a switch; a barrier loop afterwards.
__global__ void scan(const int* in, int* out, int n, int len)
{
    __shared__ int s[128];
    const int t = threadIdx.x;
    int acc = 0;
    if (t < n) {
        for (int k = 0; k < len; ++k) {
            int v = in[t * len + k];
            switch (v) {
            case -1: return;
            default: acc += v;
            }
        }
    } else {
        return;
    }
    for (int d = 1; d < 128; d *= 2) {
        s[t] = acc;
        __syncthreads();
        if (t >= d) acc += s[t - d];
        __syncthreads();
    }
    out[t] = acc;
}

// Votes leave out the threads that returned; a thread block's sync() is a barrier too.
__global__ void votes(const int* in, int* out, int n)
{
    cg::thread_block block = cg::this_thread_block();
    if (blockIdx.x * blockDim.x >= n) return; // the whole block: stays a return
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int v = in[i];
    int c = __syncthreads_count(v > 0);
    int all = __syncthreads_and(v > 0);
    block.sync();
    if (threadIdx.x == 0) out[blockIdx.x] = c * 2 + all;
}
