// Launches from device code (dynamic parallelism): records in the printf buffer that the runtime
// launches after the parent grid (src/translate/deviceLaunch.ts).
#include <cstdio>

struct Span {
  int first;
  int count;
};

__global__ void scale(float *data, Span span, float factor) {
  int i = span.first + blockIdx.x * blockDim.x + threadIdx.x;
  if (i < span.first + span.count) data[i] *= factor;
}

__global__ void done(const float *data) { printf("first value %f\n", data[0]); }

__device__ void launchHalf(float *data, Span span, float factor) {
  dim3 block(64);
  scale<<<(span.count + 63) / 64, block>>>(data, span, factor);
}

__global__ void parent(float *data, int n) {
  if (threadIdx.x == 0) {
    Span low = {0, n / 2};
    launchHalf(data, low, 2.0f);
    cudaStream_t s;
    cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
    Span high = {n / 2, n - n / 2};
    scale<<<(high.count + 63) / 64, 64, 0, s>>>(data, high, 3.0);
    cudaStreamDestroy(s);
    if (cudaGetLastError() != cudaSuccess) printf("launch failed\n");
    done<<<1, 1, 0, cudaStreamTailLaunch>>>(data);
  }
}

int main() {
  float *d;
  cudaMalloc(&d, 256 * sizeof(float));
  parent<<<1, 32>>>(d, 256);
  cudaDeviceSynchronize();
  return 0;
}
