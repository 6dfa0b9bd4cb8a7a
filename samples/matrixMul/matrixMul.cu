// matrixMul: tiled dense matrix product C = A * B.
//
// A is M x K, B is K x N, C is M x N, all row-major floats. Each block
// computes one TILE x TILE piece of C. It walks along the K dimension one
// tile at a time, staging a tile of A and a tile of B in shared memory so
// that every element loaded from global memory is reused TILE times.
// The default sizes are deliberately not multiples of TILE: loads that
// fall outside a matrix store 0 into the tile, and only threads inside C
// write a result.
//
// Usage: ./matrixMul [M K N]   (default 200 150 120)

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

#define TILE 16

__global__ void matrixMul(const float *A, const float *B, float *C,
                          int M, int K, int N)
{
    __shared__ float tileA[TILE][TILE];
    __shared__ float tileB[TILE][TILE];

    int tx = threadIdx.x;
    int ty = threadIdx.y;
    int row = blockIdx.y * TILE + ty;   // row of C (and of A)
    int col = blockIdx.x * TILE + tx;   // column of C (and of B)

    float acc = 0.0f;
    int numTiles = (K + TILE - 1) / TILE;
    for (int t = 0; t < numTiles; ++t) {
        int aCol = t * TILE + tx;
        int bRow = t * TILE + ty;
        tileA[ty][tx] = (row < M && aCol < K) ? A[row * K + aCol] : 0.0f;
        tileB[ty][tx] = (bRow < K && col < N) ? B[bRow * N + col] : 0.0f;
        __syncthreads();

        for (int k = 0; k < TILE; ++k) {
            acc += tileA[ty][k] * tileB[k][tx];
        }
        // Everyone must finish reading before the next tile overwrites it.
        __syncthreads();
    }

    if (row < M && col < N) {
        C[row * N + col] = acc;
    }
}

static unsigned int lcgState = 2024u;
static float nextRandom()
{
    lcgState = lcgState * 1664525u + 1013904223u;
    return (float)(lcgState >> 8) / 16777216.0f;   // [0, 1)
}

int main(int argc, char **argv)
{
    int M = 200, K = 150, N = 120;
    if (argc == 4) {
        M = atoi(argv[1]);
        K = atoi(argv[2]);
        N = atoi(argv[3]);
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [M K N]\n", argv[0]);
        return 1;
    }
    if (M <= 0 || K <= 0 || N <= 0) {
        fprintf(stderr, "matrix dimensions must be positive\n");
        return 1;
    }

    size_t bytesA = (size_t)M * K * sizeof(float);
    size_t bytesB = (size_t)K * N * sizeof(float);
    size_t bytesC = (size_t)M * N * sizeof(float);
    float *hA = (float *)malloc(bytesA);
    float *hB = (float *)malloc(bytesB);
    float *hC = (float *)malloc(bytesC);
    if (!hA || !hB || !hC) {
        fprintf(stderr, "host allocation failed\n");
        return 1;
    }
    for (int i = 0; i < M * K; ++i) hA[i] = nextRandom() * 2.0f - 1.0f;
    for (int i = 0; i < K * N; ++i) hB[i] = nextRandom() * 2.0f - 1.0f;

    float *dA = NULL, *dB = NULL, *dC = NULL;
    CHECK(cudaMalloc((void **)&dA, bytesA));
    CHECK(cudaMalloc((void **)&dB, bytesB));
    CHECK(cudaMalloc((void **)&dC, bytesC));
    CHECK(cudaMemcpy(dA, hA, bytesA, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dB, hB, bytesB, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dC, 0, bytesC));

    dim3 block(TILE, TILE);
    dim3 grid((N + TILE - 1) / TILE, (M + TILE - 1) / TILE);
    printf("matrixMul: (%d x %d) * (%d x %d), grid %u x %u, block %u x %u\n",
           M, K, K, N, grid.x, grid.y, block.x, block.y);

    matrixMul<<<grid, block>>>(dA, dB, dC, M, K, N);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    CHECK(cudaMemcpy(hC, dC, bytesC, cudaMemcpyDeviceToHost));

    // Reference in double. Inputs lie in [-1, 1), so each dot product has
    // magnitude at most K; scale the tolerance with the sum of |terms|.
    int firstBad = -1;
    double gotBad = 0.0, wantBad = 0.0;
    double maxErr = 0.0;
    for (int r = 0; r < M && firstBad < 0; ++r) {
        for (int c = 0; c < N; ++c) {
            double sum = 0.0, absSum = 0.0;
            for (int k = 0; k < K; ++k) {
                double term = (double)hA[r * K + k] * (double)hB[k * N + c];
                sum += term;
                absSum += fabs(term);
            }
            double got = hC[r * N + c];
            double err = fabs(got - sum);
            if (err > maxErr) maxErr = err;
            if (err > 1e-5 * absSum + 1e-6) {
                firstBad = r * N + c;
                gotBad = got;
                wantBad = sum;
                break;
            }
        }
    }

    CHECK(cudaFree(dA));
    CHECK(cudaFree(dB));
    CHECK(cudaFree(dC));
    free(hA);
    free(hB);
    free(hC);

    if (firstBad >= 0) {
        printf("mismatch at index %d (row %d, col %d): got %f, expected %f\n",
               firstBad, firstBad / N, firstBad % N, gotBad, wantBad);
        printf("FAILED\n");
        return 1;
    }
    printf("checked %d elements, max abs error %.3g\n", M * N, maxErr);
    printf("PASSED\n");
    return 0;
}
