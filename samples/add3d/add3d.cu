// add3d: element-wise sum of two 3D volumes on a 3D grid of 3D blocks.
//
// The volume is W x H x D floats stored x-fastest: index (z * H + y) * W + x.
// Each thread handles one voxel and derives x, y and z from the x, y and z
// components of blockIdx, blockDim and threadIdx. The grid is rounded up in
// every dimension, so threads past an edge must do nothing.
//
// Besides the sum, the kernel writes a second output that records which
// block and which thread produced each voxel. The block shape and the grid
// shape use different extents in x, y and z, so using the wrong component of
// any builtin (say threadIdx.y where threadIdx.x belongs, or gridDim.x for
// gridDim.z) gives different codes and is caught by the check.
//
// Usage: ./add3d [W H D]      (default 37 29 23)

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

// Block shape: all three extents differ on purpose.
#define BLOCK_X 16
#define BLOCK_Y 4
#define BLOCK_Z 2

// Flags set in the coordinate code for threads in the last block along an axis.
#define LAST_X_FLAG 0x80000000u
#define LAST_Y_FLAG 0x40000000u
#define LAST_Z_FLAG 0x20000000u

__global__ void add3d(const float *a, const float *b, float *sum,
                      unsigned int *code, int W, int H, int D)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int z = blockIdx.z * blockDim.z + threadIdx.z;
    if (x >= W || y >= H || z >= D) {
        return;
    }
    int idx = (z * H + y) * W + x;
    sum[idx] = a[idx] + b[idx];

    // Linear block number (x fastest) times threads per block, plus the
    // linear thread number inside the block (x fastest).
    unsigned int blockId =
        (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
    unsigned int threadsPerBlock = blockDim.x * blockDim.y * blockDim.z;
    unsigned int threadId =
        (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    unsigned int c = blockId * threadsPerBlock + threadId;
    if (blockIdx.x == gridDim.x - 1) c |= LAST_X_FLAG;
    if (blockIdx.y == gridDim.y - 1) c |= LAST_Y_FLAG;
    if (blockIdx.z == gridDim.z - 1) c |= LAST_Z_FLAG;
    code[idx] = c;
}

static unsigned int ceilDiv(unsigned int a, unsigned int b)
{
    return (a + b - 1) / b;
}

int main(int argc, char **argv)
{
    int W = 37, H = 29, D = 23;
    if (argc == 4) {
        W = atoi(argv[1]);
        H = atoi(argv[2]);
        D = atoi(argv[3]);
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [W H D]\n", argv[0]);
        return 1;
    }
    if (W <= 0 || H <= 0 || D <= 0) {
        fprintf(stderr, "volume dimensions must be positive\n");
        return 1;
    }
    int n = W * H * D;
    size_t fbytes = (size_t)n * sizeof(float);
    size_t cbytes = (size_t)n * sizeof(unsigned int);

    float *hA = (float *)malloc(fbytes);
    float *hB = (float *)malloc(fbytes);
    float *hSum = (float *)malloc(fbytes);
    unsigned int *hCode = (unsigned int *)malloc(cbytes);
    if (!hA || !hB || !hSum || !hCode) {
        fprintf(stderr, "host allocation failed\n");
        return 1;
    }
    // Deterministic values that depend on all three coordinates.
    for (int z = 0; z < D; ++z) {
        for (int y = 0; y < H; ++y) {
            for (int x = 0; x < W; ++x) {
                int i = (z * H + y) * W + x;
                hA[i] = (float)x + 0.5f * (float)y + 0.25f * (float)z;
                hB[i] = (float)((x * 7 + y * 13 + z * 31) % 101) * 0.125f;
            }
        }
    }

    float *dA = NULL, *dB = NULL, *dSum = NULL;
    unsigned int *dCode = NULL;
    CHECK(cudaMalloc((void **)&dA, fbytes));
    CHECK(cudaMalloc((void **)&dB, fbytes));
    CHECK(cudaMalloc((void **)&dSum, fbytes));
    CHECK(cudaMalloc((void **)&dCode, cbytes));
    CHECK(cudaMemcpy(dA, hA, fbytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dB, hB, fbytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dSum, 0, fbytes));
    CHECK(cudaMemset(dCode, 0, cbytes));

    dim3 block(BLOCK_X, BLOCK_Y, BLOCK_Z);
    dim3 grid(ceilDiv(W, block.x), ceilDiv(H, block.y), ceilDiv(D, block.z));
    printf("add3d: volume %d x %d x %d, grid %u x %u x %u, block %u x %u x %u\n",
           W, H, D, grid.x, grid.y, grid.z, block.x, block.y, block.z);

    add3d<<<grid, block>>>(dA, dB, dSum, dCode, W, H, D);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    CHECK(cudaMemcpy(hSum, dSum, fbytes, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hCode, dCode, cbytes, cudaMemcpyDeviceToHost));

    // CPU reference: recompute which block/thread owns each voxel.
    int firstBad = -1;
    float gotSum = 0.0f, wantSum = 0.0f;
    unsigned int gotCode = 0, wantCode = 0;
    unsigned int threadsPerBlock = block.x * block.y * block.z;
    for (int z = 0; z < D && firstBad < 0; ++z) {
        for (int y = 0; y < H && firstBad < 0; ++y) {
            for (int x = 0; x < W; ++x) {
                int i = (z * H + y) * W + x;
                unsigned int bx = x / block.x, tx = x % block.x;
                unsigned int by = y / block.y, ty = y % block.y;
                unsigned int bz = z / block.z, tz = z % block.z;
                unsigned int blockId = (bz * grid.y + by) * grid.x + bx;
                unsigned int threadId = (tz * block.y + ty) * block.x + tx;
                unsigned int c = blockId * threadsPerBlock + threadId;
                if (bx == grid.x - 1) c |= LAST_X_FLAG;
                if (by == grid.y - 1) c |= LAST_Y_FLAG;
                if (bz == grid.z - 1) c |= LAST_Z_FLAG;
                float s = hA[i] + hB[i];
                if (fabsf(hSum[i] - s) > 1e-5f * fmaxf(1.0f, fabsf(s)) ||
                    hCode[i] != c) {
                    firstBad = i;
                    gotSum = hSum[i];
                    wantSum = s;
                    gotCode = hCode[i];
                    wantCode = c;
                    break;
                }
            }
        }
    }

    CHECK(cudaFree(dA));
    CHECK(cudaFree(dB));
    CHECK(cudaFree(dSum));
    CHECK(cudaFree(dCode));
    free(hA);
    free(hB);
    free(hSum);
    free(hCode);

    if (firstBad >= 0) {
        printf("mismatch at index %d: sum %f (expected %f), "
               "code 0x%08x (expected 0x%08x)\n",
               firstBad, gotSum, wantSum, gotCode, wantCode);
        printf("FAILED\n");
        return 1;
    }
    printf("checked %d voxels (sum and block/thread code)\n", n);
    printf("PASSED\n");
    return 0;
}
