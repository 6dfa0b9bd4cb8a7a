// forDecode: frame-of-reference (FOR) decoding of bit-packed integers.
//
// The host splits an int array into frames of FRAME values. For each frame it
// stores a base (the frame minimum) and packs every value's delta from the
// base into WIDTH bits, where WIDTH is the fewest bits that hold the frame's
// largest delta (0..32). A frame of width w takes exactly FRAME * w / 32
// words, so every frame starts on a word boundary; a delta may straddle two
// words inside its frame. The per-frame header packs the frame's first word
// index and its width into one unsigned int: (wordOffset << 6) | width.
//
// The kernel runs one thread per value: it finds its frame and lane with
// shifts and masks, extracts its delta, and adds the base. Deltas are
// unsigned and the addition wraps modulo 2^32, so frames spanning the whole
// int range decode exactly. The host compares the result with the original
// array for exact equality.
//
// Usage: ./forDecode [n]      (default n = 100000)

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

#define FRAME_SHIFT 7
#define FRAME (1 << FRAME_SHIFT)   // values per frame: 128
#define WIDTH_BITS 6               // header bits holding the width (0..32)
#define WIDTH_MASK ((1u << WIDTH_BITS) - 1u)
#define THREADS 256
#define MAX_N (1 << 22)

// Reads `width` bits starting at bit `bitPos` of a little-endian bit stream
// stored in 32-bit words.
__device__ unsigned int extractBits(const unsigned int *words,
                                    unsigned int bitPos, unsigned int width)
{
    if (width == 0u) {
        return 0u;
    }
    unsigned int w = bitPos >> 5;
    unsigned int off = bitPos & 31u;
    unsigned int v = words[w] >> off;
    if (off + width > 32u) {
        // The field continues in the next word (off > 0 here).
        v |= words[w + 1] << (32u - off);
    }
    unsigned int mask = (width == 32u) ? 0xffffffffu : ((1u << width) - 1u);
    return v & mask;
}

__global__ void forDecode(const int *base, const unsigned int *header,
                          const unsigned int *packed, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) {
        return;
    }
    unsigned int frame = (unsigned int)i >> FRAME_SHIFT;
    unsigned int lane = (unsigned int)i & (FRAME - 1);
    unsigned int h = header[frame];
    unsigned int width = h & WIDTH_MASK;
    unsigned int wordOffset = h >> WIDTH_BITS;
    unsigned int delta = extractBits(packed + wordOffset, lane * width, width);
    out[i] = (int)((unsigned int)base[frame] + delta);
}

// ---------------------------------------------------------------- host side

static unsigned int lcgState = 31337u;
static unsigned int nextU32()
{
    lcgState = lcgState * 1664525u + 1013904223u;
    // Mix the high bits down; the low bits of a power-of-two LCG are weak.
    return lcgState ^ (lcgState >> 16);
}

static unsigned int bitsNeeded(unsigned int v)
{
    unsigned int b = 0;
    while (v != 0u) {
        ++b;
        v >>= 1;
    }
    return b;
}

// Frames of several shapes, so widths from 0 to 32 all occur, including
// widths that make deltas straddle word boundaries.
static void makeInput(int *values, int n)
{
    for (int i = 0; i < n; ++i) {
        int frame = i >> FRAME_SHIFT;
        int lane = i & (FRAME - 1);
        unsigned int r = nextU32();
        unsigned int v;
        switch (frame % 8) {
        case 0:   // constant frame: width 0
            v = (unsigned int)(frame * 1000);
            break;
        case 1:   // small noise on a drifting level
            v = (unsigned int)(frame * 977 - 300000) + (r & 0xffu);
            break;
        case 2:   // negative values, 13-bit spread
            v = (unsigned int)(-5000000 - frame) - (r % 6000u);
            break;
        case 3:   // anything at all: width 32
            v = r;
            break;
        case 4:   // ramp: width 7
            v = (unsigned int)(frame * 7 + lane);
            break;
        case 5:   // just below INT_MAX, 20-bit spread
            v = 0x7fffffffu - (r & 0xfffffu);
            break;
        case 6:   // zeros and ones: width 1
            v = (r >> 7) & 1u;
            break;
        default:  // around INT_MIN, 27-bit spread
            v = 0x80000000u + (r >> 5);
            break;
        }
        values[i] = (int)v;
    }
}

// Encodes values into base/header/packed. Returns the number of packed words.
// `packed` must hold at least numFrames * FRAME words (the width-32 worst case).
static unsigned int encode(const int *values, int n, int numFrames, int *base,
                           unsigned int *header, unsigned int *packed)
{
    unsigned int words = 0;
    for (int f = 0; f < numFrames; ++f) {
        int first = f * FRAME;
        int count = (n - first < FRAME) ? n - first : FRAME;
        int mn = values[first], mx = values[first];
        for (int k = 1; k < count; ++k) {
            int v = values[first + k];
            if (v < mn) mn = v;
            if (v > mx) mx = v;
        }
        unsigned int width = bitsNeeded((unsigned int)mx - (unsigned int)mn);
        base[f] = mn;
        header[f] = (words << WIDTH_BITS) | width;

        unsigned int frameWords = (FRAME * width) / 32u;
        for (unsigned int k = 0; k < frameWords; ++k) packed[words + k] = 0u;
        for (int k = 0; k < count && width > 0u; ++k) {
            unsigned int d = (unsigned int)values[first + k] - (unsigned int)mn;
            unsigned int bitPos = (unsigned int)k * width;
            unsigned int w = words + (bitPos >> 5);
            unsigned int off = bitPos & 31u;
            packed[w] |= d << off;
            if (off + width > 32u) {
                packed[w + 1] |= d >> (32u - off);
            }
        }
        // Lanes past n in the last frame keep delta 0 (zero bits).
        words += frameWords;
    }
    return words;
}

int main(int argc, char **argv)
{
    int n = 100000;
    if (argc > 1) {
        n = atoi(argv[1]);
        if (n <= 0 || n > MAX_N) {
            fprintf(stderr, "usage: %s [n in 1..%d]\n", argv[0], MAX_N);
            return 1;
        }
    }
    int numFrames = (n + FRAME - 1) / FRAME;

    int *hValues = (int *)malloc((size_t)n * sizeof(int));
    int *hOut = (int *)malloc((size_t)n * sizeof(int));
    int *hBase = (int *)malloc((size_t)numFrames * sizeof(int));
    unsigned int *hHeader =
        (unsigned int *)malloc((size_t)numFrames * sizeof(unsigned int));
    unsigned int *hPacked =
        (unsigned int *)malloc((size_t)numFrames * FRAME * sizeof(unsigned int));
    if (!hValues || !hOut || !hBase || !hHeader || !hPacked) {
        fprintf(stderr, "host allocation failed\n");
        return 1;
    }

    makeInput(hValues, n);
    unsigned int words = encode(hValues, n, numFrames, hBase, hHeader, hPacked);
    unsigned int widthCount[33] = {0};
    for (int f = 0; f < numFrames; ++f) widthCount[hHeader[f] & WIDTH_MASK]++;

    size_t packedBytes = (words > 0 ? words : 1) * sizeof(unsigned int);
    int *dBase = NULL, *dOut = NULL;
    unsigned int *dHeader = NULL, *dPacked = NULL;
    CHECK(cudaMalloc((void **)&dBase, (size_t)numFrames * sizeof(int)));
    CHECK(cudaMalloc((void **)&dHeader, (size_t)numFrames * sizeof(unsigned int)));
    CHECK(cudaMalloc((void **)&dPacked, packedBytes));
    CHECK(cudaMalloc((void **)&dOut, (size_t)n * sizeof(int)));
    CHECK(cudaMemcpy(dBase, hBase, (size_t)numFrames * sizeof(int),
                     cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dHeader, hHeader, (size_t)numFrames * sizeof(unsigned int),
                     cudaMemcpyHostToDevice));
    if (words > 0) {
        CHECK(cudaMemcpy(dPacked, hPacked, words * sizeof(unsigned int),
                         cudaMemcpyHostToDevice));
    }
    CHECK(cudaMemset(dOut, 0, (size_t)n * sizeof(int)));

    int blocks = (n + THREADS - 1) / THREADS;
    printf("forDecode: n = %d, %d frames of %d, %u packed words "
           "(%.1f%% of raw), %d blocks of %d threads\n",
           n, numFrames, FRAME, words, 100.0 * words / n, blocks, THREADS);
    printf("frame widths:");
    for (int w = 0; w <= 32; ++w) {
        if (widthCount[w]) printf(" %d-bit x%u", w, widthCount[w]);
    }
    printf("\n");

    forDecode<<<blocks, THREADS>>>(dBase, dHeader, dPacked, dOut, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    CHECK(cudaMemcpy(hOut, dOut, (size_t)n * sizeof(int), cudaMemcpyDeviceToHost));

    int firstBad = -1;
    for (int i = 0; i < n; ++i) {
        if (hOut[i] != hValues[i]) {
            firstBad = i;
            break;
        }
    }

    CHECK(cudaFree(dBase));
    CHECK(cudaFree(dHeader));
    CHECK(cudaFree(dPacked));
    CHECK(cudaFree(dOut));

    int rc = 0;
    if (firstBad >= 0) {
        printf("mismatch at index %d (frame %d): got %d, expected %d\n",
               firstBad, firstBad / FRAME, hOut[firstBad], hValues[firstBad]);
        printf("FAILED\n");
        rc = 1;
    } else {
        printf("decoded %d values exactly\n", n);
        printf("PASSED\n");
    }
    free(hValues);
    free(hOut);
    free(hBase);
    free(hHeader);
    free(hPacked);
    return rc;
}
