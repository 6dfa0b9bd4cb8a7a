// stencil2d: explicit 2D diffusion with a 5-point stencil and a shared tile.
//
// Each step computes, for every cell of a W x H grid,
//     out = u + DIFFUSION * (north + south + east + west - 4 * u)
// with clamp-to-edge boundaries (a neighbour outside the grid reads the
// nearest border cell). A block of BX x BY threads stages its cells plus a
// one-cell halo on each side in a static shared tile, synchronises, and then
// reads all five inputs from shared memory. The step is repeated a few times,
// swapping input and output buffers between launches.
//
// The arithmetic of one cell lives in a __host__ __device__ function, so the
// kernel and the CPU reference run the same code.
//
// Usage: ./stencil2d [W H [steps]]   (default 300 200 4)

#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <cuda_runtime.h>

#define CHECK(call)                                                      \
    do {                                                                 \
        cudaError_t err_ = (call);                                       \
        if (err_ != cudaSuccess) {                                       \
            fprintf(stderr, "%s:%d: CUDA error: %s\n", __FILE__,         \
                    __LINE__, cudaGetErrorString(err_));                 \
            exit(1);                                                     \
        }                                                                \
    } while (0)

// Block (and tile interior) size; deliberately not square and not a divisor
// of the default grid size.
#define BX 16
#define BY 12

#define DIFFUSION 0.2f

// One diffusion update; shared by the kernel and the CPU reference.
__host__ __device__ float diffuse(float c, float n, float s, float e, float w)
{
    return c + DIFFUSION * ((n + s) + (e + w) - 4.0f * c);
}

// Clamp v into [0, size - 1].
__device__ int clampIndex(int v, int size)
{
    if (v < 0) return 0;
    if (v >= size) return size - 1;
    return v;
}

// Read in[y][x] with clamp-to-edge addressing.
__device__ float loadClamped(const float *in, int x, int y, int W, int H)
{
    return in[clampIndex(y, H) * W + clampIndex(x, W)];
}

__global__ void stencil2d(const float *in, float *out, int W, int H)
{
    __shared__ float tile[BY + 2][BX + 2];

    int tx = threadIdx.x;
    int ty = threadIdx.y;
    int x = blockIdx.x * blockDim.x + tx;
    int y = blockIdx.y * blockDim.y + ty;

    // Every thread, including those past the right or bottom edge, fills its
    // own tile cell; threads on the tile border also fill the halo next to
    // them. Corners are not needed by a 5-point stencil.
    tile[ty + 1][tx + 1] = loadClamped(in, x, y, W, H);
    if (tx == 0)      tile[ty + 1][0]      = loadClamped(in, x - 1, y, W, H);
    if (tx == BX - 1) tile[ty + 1][BX + 1] = loadClamped(in, x + 1, y, W, H);
    if (ty == 0)      tile[0][tx + 1]      = loadClamped(in, x, y - 1, W, H);
    if (ty == BY - 1) tile[BY + 1][tx + 1] = loadClamped(in, x, y + 1, W, H);
    __syncthreads();

    if (x < W && y < H) {
        out[y * W + x] = diffuse(tile[ty + 1][tx + 1],   // centre
                                 tile[ty][tx + 1],       // north (y - 1)
                                 tile[ty + 2][tx + 1],   // south (y + 1)
                                 tile[ty + 1][tx + 2],   // east  (x + 1)
                                 tile[ty + 1][tx]);      // west  (x - 1)
    }
}

static int clampHost(int v, int size)
{
    return v < 0 ? 0 : (v >= size ? size - 1 : v);
}

static void stencilCpu(const float *in, float *out, int W, int H)
{
    for (int y = 0; y < H; ++y) {
        for (int x = 0; x < W; ++x) {
            float c = in[y * W + x];
            float n = in[clampHost(y - 1, H) * W + x];
            float s = in[clampHost(y + 1, H) * W + x];
            float e = in[y * W + clampHost(x + 1, W)];
            float w = in[y * W + clampHost(x - 1, W)];
            out[y * W + x] = diffuse(c, n, s, e, w);
        }
    }
}

static unsigned int lcgState = 99u;
static float nextRandom()
{
    lcgState = lcgState * 1664525u + 1013904223u;
    return (float)(lcgState >> 8) / 16777216.0f;   // [0, 1)
}

int main(int argc, char **argv)
{
    int W = 300, H = 200, steps = 4;
    if (argc == 3 || argc == 4) {
        W = atoi(argv[1]);
        H = atoi(argv[2]);
        if (argc == 4) steps = atoi(argv[3]);
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [W H [steps]]\n", argv[0]);
        return 1;
    }
    if (W <= 0 || H <= 0 || steps <= 0) {
        fprintf(stderr, "W, H and steps must be positive\n");
        return 1;
    }
    int n = W * H;
    size_t bytes = (size_t)n * sizeof(float);

    float *hIn = (float *)malloc(bytes);
    float *hOut = (float *)malloc(bytes);
    float *ref0 = (float *)malloc(bytes);
    float *ref1 = (float *)malloc(bytes);
    if (!hIn || !hOut || !ref0 || !ref1) {
        fprintf(stderr, "host allocation failed\n");
        return 1;
    }
    // Noise plus a hot rectangle, so the borders and the interior both matter.
    for (int y = 0; y < H; ++y) {
        for (int x = 0; x < W; ++x) {
            float v = nextRandom();
            if (x > W / 4 && x < W / 2 && y > H / 3 && y < (2 * H) / 3) {
                v += 10.0f;
            }
            hIn[y * W + x] = v;
        }
    }

    float *dA = NULL, *dB = NULL;
    CHECK(cudaMalloc((void **)&dA, bytes));
    CHECK(cudaMalloc((void **)&dB, bytes));
    CHECK(cudaMemcpy(dA, hIn, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dB, 0, bytes));

    dim3 block(BX, BY);
    dim3 grid((W + BX - 1) / BX, (H + BY - 1) / BY);
    printf("stencil2d: %d x %d grid, %d steps, %u x %u blocks of %u x %u\n",
           W, H, steps, grid.x, grid.y, block.x, block.y);

    float *src = dA, *dst = dB;
    for (int step = 0; step < steps; ++step) {
        stencil2d<<<grid, block>>>(src, dst, W, H);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        float *t = src;
        src = dst;
        dst = t;
    }
    // After the last swap the newest result is in src.
    CHECK(cudaMemcpy(hOut, src, bytes, cudaMemcpyDeviceToHost));

    // CPU reference: the same number of steps.
    for (int i = 0; i < n; ++i) ref0[i] = hIn[i];
    float *rs = ref0, *rd = ref1;
    for (int step = 0; step < steps; ++step) {
        stencilCpu(rs, rd, W, H);
        float *t = rs;
        rs = rd;
        rd = t;
    }

    int firstBad = -1;
    float maxErr = 0.0f;
    for (int i = 0; i < n; ++i) {
        float err = fabsf(hOut[i] - rs[i]);
        if (err > maxErr) maxErr = err;
        // Values stay within [0, 11); allow for contraction differences.
        if (err > 1e-4f * fmaxf(1.0f, fabsf(rs[i]))) {
            firstBad = i;
            break;
        }
    }

    int rc = 0;
    if (firstBad >= 0) {
        printf("mismatch at index %d (x %d, y %d): got %f, expected %f\n",
               firstBad, firstBad % W, firstBad / W, hOut[firstBad],
               rs[firstBad]);
        printf("FAILED\n");
        rc = 1;
    } else {
        printf("checked %d cells, max abs error %.3g\n", n, maxErr);
        printf("PASSED\n");
    }

    CHECK(cudaFree(dA));
    CHECK(cudaFree(dB));
    free(hIn);
    free(hOut);
    free(ref0);
    free(ref1);
    return rc;
}
