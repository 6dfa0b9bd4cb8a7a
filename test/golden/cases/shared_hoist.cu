// __shared__ in __device__ helpers: each kernel that calls a helper declares its threadgroup
// memory and passes it down (by reference) through the helpers in between.
#define WARPS 8

__device__ float warpPartials(float v) {
    __shared__ float partial[WARPS];
    __shared__ volatile int ready;
    if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = v;
    if (threadIdx.x == 0) ready = 1;
    __syncthreads();
    float s = 0.0f;
    for (int w = 0; w < WARPS; w++) s += partial[w];
    return s + ready;
}

__device__ float twice(float v) { return warpPartials(v) + warpPartials(-v); }

template <typename T, int N>
__device__ T rotate(T v) {
    __shared__ T ring[N];
    ring[threadIdx.x % N] = v;
    __syncthreads();
    return ring[(threadIdx.x + 1) % N];
}

__global__ void direct(float* out) {
    out[threadIdx.x] = warpPartials(out[threadIdx.x]);
}

__global__ void chained(float* out, int* ids) {
    __shared__ float own[WARPS];
    own[threadIdx.x % WARPS] = twice(out[threadIdx.x]);
    out[threadIdx.x] = rotate<float, 64>(own[0]);
    ids[threadIdx.x] = rotate<int, 32>(ids[threadIdx.x]);
}

template <typename T>
__global__ void templated(T* out) {
    out[threadIdx.x] = rotate<T, 16>(out[threadIdx.x]);
}

int main() {
    float* f = nullptr;
    templated<float><<<1, 16>>>(f);
    return 0;
}
