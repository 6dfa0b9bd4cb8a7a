// Templates in device code: kept as templates, with explicit instances for what the host launches.
#include <cuda_runtime.h>

#define TILE 64

template <typename T>
struct Pair {
    T lo, hi;
};

template <typename T>
__device__ T span(Pair<T> p) { return p.hi - p.lo; }

// A device function template taking pointers: instantiated per address space by Metal.
template <typename T>
__device__ void swapIfGreater(T *a, T *b)
{
    if (*a > *b) { T t = *a; *a = *b; *b = t; }
}

template <typename T>
__device__ __forceinline__ T twice(T x) { return x + x; }

template <typename T, unsigned int BLOCK>
__global__ void sortPairs(T *data, Pair<T> *ranges, int n)
{
    __shared__ T tile[BLOCK];
    int i = blockIdx.x * BLOCK + threadIdx.x;
    tile[threadIdx.x] = i < n ? data[i] : (T)0;
    __syncthreads();
    if (threadIdx.x % 2 == 0 && threadIdx.x + 1 < BLOCK) swapIfGreater(&tile[threadIdx.x], &tile[threadIdx.x + 1]);
    __syncthreads();
    if (i < n) data[i] = tile[threadIdx.x];
    if (threadIdx.x == 0) {
        Pair<T> r; // (a struct copied out of device memory: not yet on msl-cpu)
        r.lo = ranges[blockIdx.x].lo;
        r.hi = ranges[blockIdx.x].hi;
        ranges[blockIdx.x].hi = twice<T>(span(r));
    }
}

template <bool CLAMP>
__global__ void relu(float *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    if constexpr (CLAMP) x[i] = fminf(fmaxf(x[i], 0.0f), 1.0f);
    else x[i] = fmaxf(x[i], 0.0f);
}

template <typename T>
void launchSort(T *d, Pair<T> *r, int n)
{
    sortPairs<T, TILE><<<(n + TILE - 1) / TILE, TILE>>>(d, r, n); // instance known after the host compile
}

void run(float *d, Pair<float> *r, int *di, Pair<int> *ri, int n)
{
    sortPairs<float, 128><<<(n + 127) / 128, 128>>>(d, r, n);
    sortPairs<int, TILE><<<(n + TILE - 1) / TILE, TILE>>>(di, ri, n);
    relu<true><<<1, 32>>>(d, n);
    relu<false><<<1, 32>>>(d, n);
    launchSort(d, r, n);
}
