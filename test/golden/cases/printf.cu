// Device printf, assert, clock and __launch_bounds__ (src/translate/printf.ts).
#include <cassert>
#include <cstdio>

__device__ float scaled(float x, int i) {
  printf("scaled %d: %.2f\n", i, x);
  return 2.0f * x;
}

__global__ void __launch_bounds__(256) report(float* out, const float* in, int n, long long* ticks) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  long long t0 = clock64();
  assert(i < 4 * n);
  if (i < n) {
    out[i] = scaled(in[i], i);
    printf("%s %u/%d %e %c %lld %%\n", "item", (unsigned)i, n, out[i], 'x', (long long)i * 3);
  }
  if (i == 0) printf("done\n");
  ticks[i] = clock64() - t0;
  clock_t c0 = clock();
  ticks[i] += (clock_t)(clock() - c0);
}

int main() {
  float *a = nullptr, *b = nullptr;
  long long* t = nullptr;
  report<<<1, 32>>>(a, b, 32, t);
  return 0;
}
