// pinnedMapped: host memory that kernels use directly, stream-ordered
// allocation, and pitched 2D/3D copies.
//
//  1. zero-copy: a kernel reads a cudaHostAlloc(cudaHostAllocMapped) buffer and
//     writes a malloc'ed buffer made visible with cudaHostRegister, both through
//     cudaHostGetDevicePointer; the host reads the result without any copy.
//  2. a temporary buffer from cudaMallocAsync / cudaFreeAsync on a stream, with
//     the default memory pool's release threshold raised so the block is reused.
//  3. a 2D image in cudaMallocPitch memory, filled and read back with
//     cudaMemcpy2D, cleared with cudaMemset2D, and blurred by a kernel that walks
//     rows by their pitch.
//  4. a 3D volume from cudaMalloc3D: a sub-box copied in with cudaMemcpy3D
//     (cudaPos offsets), a kernel over the pitched volume, cudaMemcpy3D back.
//
// Usage: ./pinnedMapped [n [width height]]     (defaults: 50000, 300 200)

#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <cuda_runtime.h>

#define CHECK(call)                                                      \
    do {                                                                 \
        cudaError_t err_ = (call);                                       \
        if (err_ != cudaSuccess) {                                       \
            fprintf(stderr, "%s:%d: CUDA error %s: %s\n", __FILE__,      \
                    __LINE__, cudaGetErrorName(err_),                    \
                    cudaGetErrorString(err_));                           \
            exit(1);                                                     \
        }                                                                \
    } while (0)

#define THREADS 256
#define BX 16
#define BY 8
// Volume extent (elements) and the sub-box the host fills in.
#define VW 40
#define VH 24
#define VD 12

// out[i] = in[i] * in[i] + 1: reads mapped host memory, writes registered host memory.
__global__ void squarePlusOne(const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = in[i] * in[i] + 1.0f;
    }
}

// acc[i] += k * x[i]
__global__ void axpy(float *acc, const float *x, float k, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        acc[i] += k * x[i];
    }
}

// 3-point horizontal blur of a pitched image; the edge columns are copied.
__global__ void blurRows(const float *src, float *dst, size_t pitch, int width, int height)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < width && y < height) {
        const float *row = (const float *)((const char *)src + y * pitch);
        float *out = (float *)((char *)dst + y * pitch);
        if (x == 0 || x == width - 1) {
            out[x] = row[x];
        } else {
            out[x] = (row[x - 1] + 2.0f * row[x] + row[x + 1]) * 0.25f;
        }
    }
}

// v = v * 2 + z over a pitched volume of ints (rows `pitch` bytes apart, slices
// `slicePitch` bytes apart).
__global__ void volumeUpdate(char *base, size_t pitch, size_t slicePitch, int w, int h, int d)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int z = blockIdx.z;
    if (x < w && y < h && z < d) {
        int *row = (int *)(base + z * slicePitch + y * pitch);
        row[x] = row[x] * 2 + z;
    }
}

static unsigned int lcgState = 777u;
static float nextRandom()
{
    lcgState = lcgState * 1664525u + 1013904223u;
    return (float)(lcgState >> 8) / 16777216.0f;
}

static bool close(float got, float want)
{
    return fabsf(got - want) <= 1e-5f * fmaxf(1.0f, fabsf(want));
}

static int zeroCopy(int n)
{
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    if (!prop.canMapHostMemory) {
        printf("device cannot map host memory\n");
        return 1;
    }
    float *hIn = NULL;
    CHECK(cudaHostAlloc((void **)&hIn, n * sizeof(float), cudaHostAllocMapped));
    // Ordinary heap memory, one element past a malloc'ed start (so not page aligned).
    float *heap = (float *)malloc((n + 1) * sizeof(float));
    float *hOut = heap + 1;
    for (int i = 0; i < n; ++i) {
        hIn[i] = nextRandom() * 4.0f - 2.0f;
        hOut[i] = -1.0f;
    }
    CHECK(cudaHostRegister(hOut, n * sizeof(float), cudaHostRegisterMapped));

    float *dIn = NULL, *dOut = NULL;
    CHECK(cudaHostGetDevicePointer((void **)&dIn, hIn, 0));
    CHECK(cudaHostGetDevicePointer((void **)&dOut, hOut, 0));
    int blocks = (n + THREADS - 1) / THREADS;
    squarePlusOne<<<blocks, THREADS>>>(dIn, dOut, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    int firstBad = -1;
    for (int i = 0; i < n && firstBad < 0; ++i) {
        if (!close(hOut[i], hIn[i] * hIn[i] + 1.0f)) firstBad = i;
    }
    // A copy of the same result through the runtime, so that it is compared too.
    float *copy = (float *)malloc(n * sizeof(float));
    CHECK(cudaMemcpy(copy, dOut, n * sizeof(float), cudaMemcpyDeviceToHost));
    if (firstBad < 0 && memcmp(copy, hOut, n * sizeof(float)) != 0) firstBad = 0;
    free(copy);

    CHECK(cudaHostUnregister(hOut));
    CHECK(cudaFreeHost(hIn));
    free(heap);
    if (firstBad >= 0) {
        printf("zero-copy: mismatch at %d\n", firstBad);
        return 1;
    }
    printf("zero-copy: %d elements written into registered host memory\n", n);
    return 0;
}

static int streamOrdered(int n)
{
    cudaStream_t stream;
    CHECK(cudaStreamCreate(&stream));
    cudaMemPool_t pool;
    CHECK(cudaDeviceGetDefaultMemPool(&pool, 0));
    // Keep freed memory in the pool across synchronizations.
    uint64_t threshold = ~0ull;
    CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold));

    float *hX = (float *)malloc(n * sizeof(float));
    float *hAcc = (float *)malloc(n * sizeof(float));
    for (int i = 0; i < n; ++i) hX[i] = (float)(i % 97) * 0.5f;

    float *dAcc = NULL;
    CHECK(cudaMallocAsync((void **)&dAcc, n * sizeof(float), stream));
    CHECK(cudaMemsetAsync(dAcc, 0, n * sizeof(float), stream));
    int blocks = (n + THREADS - 1) / THREADS;
    void *firstBlock = NULL;
    // Each round gets a temporary from the pool, uses it and frees it.
    for (int round = 1; round <= 3; ++round) {
        float *tmp = NULL;
        CHECK(cudaMallocAsync((void **)&tmp, n * sizeof(float), stream));
        if (round == 1) firstBlock = tmp;
        else if ((void *)tmp != firstBlock) printf("note: round %d got a different block\n", round);
        CHECK(cudaMemcpyAsync(tmp, hX, n * sizeof(float), cudaMemcpyHostToDevice, stream));
        axpy<<<blocks, THREADS, 0, stream>>>(dAcc, tmp, (float)round, n);
        CHECK(cudaGetLastError());
        CHECK(cudaFreeAsync(tmp, stream));
        CHECK(cudaStreamSynchronize(stream));
    }
    uint64_t reserved = 0, used = 0;
    CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &reserved));
    CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &used));
    CHECK(cudaMemcpyAsync(hAcc, dAcc, n * sizeof(float), cudaMemcpyDeviceToHost, stream));
    CHECK(cudaFreeAsync(dAcc, stream));
    CHECK(cudaStreamSynchronize(stream));
    CHECK(cudaMemPoolTrimTo(pool, 0));
    uint64_t trimmed = 1;
    CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &trimmed));

    int rc = 0;
    for (int i = 0; i < n; ++i) {
        if (!close(hAcc[i], 6.0f * hX[i])) {
            printf("stream-ordered: mismatch at %d: %f\n", i, hAcc[i]);
            rc = 1;
            break;
        }
    }
    // Two live blocks (accumulator + temporary) at most: the pool reused the temporary. The reserve
    // depends on the allocator: CUDA 13 reserves one 32 MiB chunk on an H200 (it holds both blocks).
    const uint64_t chunk = 32ull << 20;
    const bool reusedBlocks = reserved <= 3 * n * sizeof(float) + 4096 || reserved == chunk;
    if (used != n * sizeof(float) || reserved < 2 * n * sizeof(float) || !reusedBlocks || trimmed != 0) {
        printf("stream-ordered: pool used %llu, reserved %llu, after trim %llu\n", (unsigned long long)used,
               (unsigned long long)reserved, (unsigned long long)trimmed);
        rc = 1;
    }
    CHECK(cudaStreamDestroy(stream));
    free(hX);
    free(hAcc);
    if (rc == 0) printf("stream-ordered: 3 rounds through the default pool\n");
    return rc;
}

static int pitched2D(int width, int height)
{
    size_t rowBytes = width * sizeof(float);
    float *hImg = (float *)malloc(rowBytes * height);
    float *hBlur = (float *)malloc(rowBytes * height);
    for (int i = 0; i < width * height; ++i) hImg[i] = nextRandom();

    float *dSrc = NULL, *dDst = NULL;
    size_t pitch = 0, pitch2 = 0;
    CHECK(cudaMallocPitch((void **)&dSrc, &pitch, rowBytes, height));
    CHECK(cudaMallocPitch((void **)&dDst, &pitch2, rowBytes, height));
    if (pitch != pitch2 || pitch < rowBytes) {
        printf("pitched: pitches %zu and %zu for %zu-byte rows\n", pitch, pitch2, rowBytes);
        return 1;
    }
    CHECK(cudaMemset2D(dDst, pitch, 0, rowBytes, height));
    CHECK(cudaMemcpy2D(dSrc, pitch, hImg, rowBytes, rowBytes, height, cudaMemcpyHostToDevice));
    dim3 block(BX, BY);
    dim3 grid((width + BX - 1) / BX, (height + BY - 1) / BY);
    blurRows<<<grid, block>>>(dSrc, dDst, pitch, width, height);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy2D(hBlur, rowBytes, dDst, pitch, rowBytes, height, cudaMemcpyDeviceToHost));

    int rc = 0;
    for (int y = 0; y < height && rc == 0; ++y) {
        for (int x = 0; x < width; ++x) {
            const float *r = hImg + y * width;
            float want = (x == 0 || x == width - 1) ? r[x] : (r[x - 1] + 2.0f * r[x] + r[x + 1]) * 0.25f;
            if (!close(hBlur[y * width + x], want)) {
                printf("pitched: mismatch at (%d, %d)\n", x, y);
                rc = 1;
                break;
            }
        }
    }
    CHECK(cudaFree(dSrc));
    CHECK(cudaFree(dDst));
    free(hImg);
    free(hBlur);
    if (rc == 0) printf("pitched: %d x %d image, pitch %zu bytes\n", width, height, pitch);
    return rc;
}

static int volume3D()
{
    cudaExtent extent = make_cudaExtent(VW * sizeof(int), VH, VD);
    cudaPitchedPtr vol;
    CHECK(cudaMalloc3D(&vol, extent));
    CHECK(cudaMemset3D(vol, 0, extent));

    // The host volume is tightly packed; only the inner box (margin 2) goes up.
    int *hVol = (int *)malloc(VW * VH * VD * sizeof(int));
    int *hBack = (int *)malloc(VW * VH * VD * sizeof(int));
    for (int i = 0; i < VW * VH * VD; ++i) hVol[i] = i % 1000;
    cudaMemcpy3DParms up = {0};
    up.srcPtr = make_cudaPitchedPtr(hVol, VW * sizeof(int), VW, VH);
    up.srcPos = make_cudaPos(2 * sizeof(int), 2, 2);
    up.dstPtr = vol;
    up.dstPos = make_cudaPos(2 * sizeof(int), 2, 2);
    up.extent = make_cudaExtent((VW - 4) * sizeof(int), VH - 4, VD - 4);
    up.kind = cudaMemcpyHostToDevice;
    CHECK(cudaMemcpy3D(&up));

    dim3 block(BX, BY, 1);
    dim3 grid((VW + BX - 1) / BX, (VH + BY - 1) / BY, VD);
    volumeUpdate<<<grid, block>>>((char *)vol.ptr, vol.pitch, vol.pitch * VH, VW, VH, VD);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    cudaMemcpy3DParms down = {0};
    down.srcPtr = vol;
    down.dstPtr = make_cudaPitchedPtr(hBack, VW * sizeof(int), VW, VH);
    down.extent = extent;
    down.kind = cudaMemcpyDeviceToHost;
    CHECK(cudaMemcpy3D(&down));

    int rc = 0;
    for (int z = 0; z < VD && rc == 0; ++z) {
        for (int y = 0; y < VH && rc == 0; ++y) {
            for (int x = 0; x < VW; ++x) {
                int i = (z * VH + y) * VW + x;
                bool inner = x >= 2 && x < VW - 2 && y >= 2 && y < VH - 2 && z >= 2 && z < VD - 2;
                int want = (inner ? hVol[i] : 0) * 2 + z;
                if (hBack[i] != want) {
                    printf("volume: mismatch at (%d, %d, %d): %d, expected %d\n", x, y, z, hBack[i], want);
                    rc = 1;
                    break;
                }
            }
        }
    }
    CHECK(cudaFree(vol.ptr));
    free(hVol);
    free(hBack);
    if (rc == 0) printf("volume: %d x %d x %d ints, pitch %zu bytes\n", VW, VH, VD, vol.pitch);
    return rc;
}

int main(int argc, char **argv)
{
    int n = 50000, width = 300, height = 200;
    if (argc > 1) n = atoi(argv[1]);
    if (argc > 3) {
        width = atoi(argv[2]);
        height = atoi(argv[3]);
    }
    if (n <= 0 || width < 2 || height < 1) {
        printf("usage: %s [n > 0 [width > 1 height > 0]]\n", argv[0]);
        return 1;
    }
    CHECK(cudaSetDeviceFlags(cudaDeviceMapHost));
    int failures = 0;
    failures += zeroCopy(n);
    failures += streamOrdered(n);
    failures += pitched2D(width, height);
    failures += volume3D();
    printf(failures == 0 ? "PASSED\n" : "FAILED\n");
    return failures == 0 ? 0 : 1;
}
