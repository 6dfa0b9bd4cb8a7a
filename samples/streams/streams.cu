// streams: a chunked pipeline over several CUDA streams.
//
// The input is split into chunks; each chunk goes through its own stream as
//   async copy in (pinned memory) -> kernel -> async copy out (pinned memory)
// and a host function queued after the copy-out checks the chunk as soon as it
// is complete (cudaLaunchHostFunc), while a stream callback
// (cudaStreamAddCallback) counts finished chunks. Streams are created with
// different priorities. Events time every stream and let a final stream wait
// for all the others (cudaStreamWaitEvent) before it combines the chunks.
//
// Usage: ./streams [n [streams]]      (defaults: n = 131072, 4 streams)

#include <cstdio>
#include <cstdlib>
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
#define CHUNK 8192
#define MAX_STREAMS 8

// y = x * scale + offset, then a few rounds of a cheap polynomial so that the
// kernel does some work per element.
__global__ void transform(const float *x, float *y, int n, float scale, float offset)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float v = x[i] * scale + offset;
        for (int k = 0; k < 4; ++k) {
            v = v * 0.5f + 0.25f * v * v;
        }
        y[i] = v;
    }
}

// out[i] = a[i] - 2 * b[i], run once every chunk stream has finished.
__global__ void combine(const float *a, const float *b, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = a[i] - 2.0f * b[i];
    }
}

static float hostTransform(float x, float scale, float offset)
{
    float v = x * scale + offset;
    for (int k = 0; k < 4; ++k) {
        v = v * 0.5f + 0.25f * v * v;
    }
    return v;
}

static bool close(float got, float want)
{
    return fabsf(got - want) <= 1e-5f * fmaxf(1.0f, fabsf(want));
}

// What the host function of one chunk needs: where its output landed and
// what it should be. Host functions must not call the CUDA API.
struct ChunkCheck {
    const float *in;
    const float *out;
    int first, count;
    float scale, offset;
    int bad;          // -1 until checked, then the number of wrong values
    int order;        // position among all finished chunks
};

static int finishedChunks = 0;  // written by host functions and callbacks
static int callbacks = 0;
static cudaError_t callbackStatus = cudaSuccess;

// Real programs often write `static void CUDART_CB checkChunk(...)`; the
// translator's parser does not accept a macro between the return type and
// the name yet, so the (empty on Linux and macOS) CUDART_CB is left out.
static void checkChunk(void *user)
{
    ChunkCheck *c = (ChunkCheck *)user;
    int bad = 0;
    for (int i = 0; i < c->count; ++i) {
        float want = hostTransform(c->in[c->first + i], c->scale, c->offset);
        if (!close(c->out[c->first + i], want)) {
            ++bad;
        }
    }
    c->bad = bad;
    c->order = finishedChunks++;
}

static void countChunk(cudaStream_t stream, cudaError_t status, void *user)
{
    (void)stream;
    (void)user;
    if (status != cudaSuccess) {
        callbackStatus = status;
    }
    ++callbacks;
}

static unsigned int lcgState = 2024u;
static float nextRandom()
{
    lcgState = lcgState * 1664525u + 1013904223u;
    return (float)(lcgState >> 8) / 16777216.0f;
}

int main(int argc, char **argv)
{
    int n = 131072;
    int numStreams = 4;
    if (argc > 1) n = atoi(argv[1]);
    if (argc > 2) numStreams = atoi(argv[2]);
    if (n <= 0 || numStreams < 1 || numStreams > MAX_STREAMS) {
        printf("usage: %s [n > 0 [streams 1..%d]]\n", argv[0], MAX_STREAMS);
        return 1;
    }
    const int numChunks = (n + CHUNK - 1) / CHUNK;
    const size_t bytes = (size_t)n * sizeof(float);

    int leastPriority = 0, greatestPriority = 0;
    CHECK(cudaDeviceGetStreamPriorityRange(&leastPriority, &greatestPriority));
    printf("streams: n = %d, %d chunks of %d over %d streams (priorities %d..%d)\n",
           n, numChunks, CHUNK, numStreams, leastPriority, greatestPriority);

    // Pinned host memory, so that the copies can be asynchronous.
    float *hIn = NULL, *hOut = NULL, *hFinal = NULL;
    CHECK(cudaMallocHost((void **)&hIn, bytes));
    CHECK(cudaHostAlloc((void **)&hOut, bytes, cudaHostAllocDefault));
    CHECK(cudaMallocHost((void **)&hFinal, bytes));
    for (int i = 0; i < n; ++i) {
        hIn[i] = nextRandom() * 2.0f - 1.0f;
    }
    memset(hOut, 0, bytes);

    float *dIn = NULL, *dOut = NULL, *dFinal = NULL;
    CHECK(cudaMalloc((void **)&dIn, bytes));
    CHECK(cudaMalloc((void **)&dOut, bytes));
    CHECK(cudaMalloc((void **)&dFinal, bytes));

    // The first stream gets the greatest priority, the others the least; a
    // non-blocking stream combines the results at the end.
    cudaStream_t streams[MAX_STREAMS];
    cudaEvent_t started[MAX_STREAMS], done[MAX_STREAMS];
    for (int s = 0; s < numStreams; ++s) {
        int priority = s == 0 ? greatestPriority : leastPriority;
        CHECK(cudaStreamCreateWithPriority(&streams[s], cudaStreamDefault, priority));
        int got = 1;
        CHECK(cudaStreamGetPriority(streams[s], &got));
        if (got != priority) {
            printf("stream %d: priority %d, asked for %d\n", s, got, priority);
            printf("FAILED\n");
            return 1;
        }
        CHECK(cudaEventCreate(&started[s]));
        CHECK(cudaEventCreate(&done[s]));
    }
    cudaStream_t finalStream;
    CHECK(cudaStreamCreateWithFlags(&finalStream, cudaStreamNonBlocking));
    unsigned int flags = 0;
    CHECK(cudaStreamGetFlags(finalStream, &flags));
    if (flags != cudaStreamNonBlocking) {
        printf("final stream flags %u\n", flags);
        printf("FAILED\n");
        return 1;
    }

    ChunkCheck *checks = (ChunkCheck *)malloc(numChunks * sizeof(ChunkCheck));
    for (int s = 0; s < numStreams; ++s) {
        CHECK(cudaEventRecord(started[s], streams[s]));
    }
    for (int c = 0; c < numChunks; ++c) {
        cudaStream_t st = streams[c % numStreams];
        int first = c * CHUNK;
        int count = n - first < CHUNK ? n - first : CHUNK;
        ChunkCheck *chk = &checks[c];
        chk->in = hIn;
        chk->out = hOut;
        chk->first = first;
        chk->count = count;
        chk->scale = 1.0f + 0.125f * (float)(c % 5);
        chk->offset = 0.01f * (float)c;
        chk->bad = -1;
        chk->order = -1;
        size_t off = (size_t)first * sizeof(float);
        size_t len = (size_t)count * sizeof(float);
        CHECK(cudaMemcpyAsync(dIn + first, hIn + first, len, cudaMemcpyHostToDevice, st));
        int blocks = (count + THREADS - 1) / THREADS;
        transform<<<blocks, THREADS, 0, st>>>(dIn + first, dOut + first, count, chk->scale, chk->offset);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpyAsync((char *)hOut + off, (char *)dOut + off, len, cudaMemcpyDeviceToHost, st));
        CHECK(cudaLaunchHostFunc(st, checkChunk, chk));
        CHECK(cudaStreamAddCallback(st, countChunk, NULL, 0));
    }
    for (int s = 0; s < numStreams; ++s) {
        CHECK(cudaEventRecord(done[s], streams[s]));
        CHECK(cudaStreamWaitEvent(finalStream, done[s], 0));
    }
    int blocks = (n + THREADS - 1) / THREADS;
    combine<<<blocks, THREADS, 0, finalStream>>>(dOut, dIn, dFinal, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpyAsync(hFinal, dFinal, bytes, cudaMemcpyDeviceToHost, finalStream));
    CHECK(cudaStreamSynchronize(finalStream));
    for (int s = 0; s < numStreams; ++s) {
        CHECK(cudaStreamSynchronize(streams[s]));
        CHECK(cudaStreamQuery(streams[s]));
        CHECK(cudaEventQuery(done[s]));
        float ms = -1.0f;
        CHECK(cudaEventElapsedTime(&ms, started[s], done[s]));
        if (!(ms >= 0.0f)) {
            printf("stream %d: elapsed time %f ms\n", s, ms);
            printf("FAILED\n");
            return 1;
        }
    }

    // Every chunk was checked by its host function, each exactly once.
    int failedChunk = -1;
    for (int c = 0; c < numChunks; ++c) {
        if (checks[c].bad != 0 || checks[c].order < 0) {
            failedChunk = c;
            break;
        }
    }
    int firstBad = -1;
    for (int i = 0; i < n && firstBad < 0; ++i) {
        int c = i / CHUNK;
        float t = hostTransform(hIn[i], checks[c].scale, checks[c].offset);
        if (!close(hOut[i], t) || !close(hFinal[i], t - 2.0f * hIn[i])) {
            firstBad = i;
        }
    }

    int rc = 0;
    if (failedChunk >= 0) {
        printf("chunk %d: host function saw %d wrong values (order %d)\n", failedChunk,
               checks[failedChunk].bad, checks[failedChunk].order);
        rc = 1;
    } else if (finishedChunks != numChunks || callbacks != numChunks || callbackStatus != cudaSuccess) {
        printf("%d host functions and %d callbacks ran for %d chunks (status %s)\n", finishedChunks,
               callbacks, numChunks, cudaGetErrorName(callbackStatus));
        rc = 1;
    } else if (firstBad >= 0) {
        printf("mismatch at index %d: out %f, final %f\n", firstBad, hOut[firstBad], hFinal[firstBad]);
        rc = 1;
    }

    for (int s = 0; s < numStreams; ++s) {
        CHECK(cudaEventDestroy(started[s]));
        CHECK(cudaEventDestroy(done[s]));
        CHECK(cudaStreamDestroy(streams[s]));
    }
    CHECK(cudaStreamDestroy(finalStream));
    CHECK(cudaFree(dIn));
    CHECK(cudaFree(dOut));
    CHECK(cudaFree(dFinal));
    CHECK(cudaFreeHost(hIn));
    CHECK(cudaFreeHost(hOut));
    CHECK(cudaFreeHost(hFinal));
    free(checks);

    if (rc == 0) {
        printf("checked %d chunks on %d streams, %d host functions, %d callbacks\n", numChunks,
               numStreams, finishedChunks, callbacks);
        printf("PASSED\n");
    } else {
        printf("FAILED\n");
    }
    return rc;
}
