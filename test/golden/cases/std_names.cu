// Names of namespace std in device code: numeric_limits and type traits (metal:: has them),
// math functions written std::f (the Functions table's f). Checks its own results.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <type_traits>

template <typename T>
__device__ T largest() { return std::numeric_limits<T>::max(); }

template <typename T>
__device__ int bitsOf(T) { return std::is_same<T, float>::value ? 32 : 16; }

__global__ void limits(const int *in, float *out, uint64_t *wide, unsigned *bits, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float x = (float)in[i] - 3.5f;
  float lowest = std::numeric_limits<float>::lowest();
  float inf = std::numeric_limits<float>::infinity();
  out[i] = std::abs(x) + std::sqrt(std::fabs(x)) + std::fmin(x, 0.0f);
  out[i] += (std::isinf(inf) ? 1.0f : 0.0f) + (lowest < -1e30f ? 2.0f : 0.0f);
  out[i] += (float)bitsOf(x) + (largest<int>() == 2147483647 ? 4.0f : 0.0f);
  wide[i] = std::numeric_limits<uint64_t>::max() - (uint64_t)i;
  typename std::make_unsigned<int>::type u = (unsigned)in[i] * 3u;
  bits[i] = u + (unsigned)std::numeric_limits<short>::max();
}

int main() {
  const int n = 64;
  int h_in[n];
  float h_out[n];
  uint64_t h_wide[n];
  unsigned h_bits[n];
  for (int i = 0; i < n; i++) h_in[i] = i % 9;
  int *d_in; float *d_out; uint64_t *d_wide; unsigned *d_bits;
  cudaMalloc(&d_in, sizeof h_in);
  cudaMalloc(&d_out, sizeof h_out);
  cudaMalloc(&d_wide, sizeof h_wide);
  cudaMalloc(&d_bits, sizeof h_bits);
  cudaMemcpy(d_in, h_in, sizeof h_in, cudaMemcpyHostToDevice);
  limits<<<2, 32>>>(d_in, d_out, d_wide, d_bits, n);
  cudaMemcpy(h_out, d_out, sizeof h_out, cudaMemcpyDeviceToHost);
  cudaMemcpy(h_wide, d_wide, sizeof h_wide, cudaMemcpyDeviceToHost);
  cudaMemcpy(h_bits, d_bits, sizeof h_bits, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int i = 0; i < n; i++) {
    float x = (float)h_in[i] - 3.5f;
    float want = fabsf(x) + sqrtf(fabsf(x)) + fminf(x, 0.0f) + 1.0f + 2.0f + 32.0f + 4.0f;
    if (fabsf(h_out[i] - want) > 1e-5f) bad++;
    if (h_wide[i] != UINT64_MAX - (uint64_t)i) bad++;
    if (h_bits[i] != (unsigned)h_in[i] * 3u + 32767u) bad++;
  }
  printf("out[5] = %.4f, wide[3] = %llu, bits[8] = %u\n", h_out[5], (unsigned long long)h_wide[3], h_bits[8]);
  printf(bad == 0 ? "PASSED\n" : "FAILED: %d\n", bad);
  cudaFree(d_in); cudaFree(d_out); cudaFree(d_wide); cudaFree(d_bits);
  return bad == 0 ? 0 : 1;
}
