// cuRAND's device API in kernels: XORWOW states in device memory (set up once, a local copy drawn
// from and written back) and a Philox4_32_10 state in registers seeded from a std::pair kernel
// parameter (dropout's pattern).
#include <curand_kernel.h>
#include <utility>

__global__ void setup(curandState *states, unsigned long long seed)
{
  int id = blockIdx.x * blockDim.x + threadIdx.x;
  curand_init(seed, id, 0, &states[id]);
}

__global__ void noise(curandState *states, float *x, int n)
{
  int id = blockIdx.x * blockDim.x + threadIdx.x;
  curandState local = states[id];
  for (int i = id; i < n; i += blockDim.x * gridDim.x) x[i] += 0.1f * curand_normal(&local);
  states[id] = local;
}

__global__ void dropout(const float *in, float *out, unsigned char *mask, int n, float p, std::pair<uint64_t, uint64_t> seeds)
{
  int id = blockIdx.x * blockDim.x + threadIdx.x;
  curandStatePhilox4_32_10_t state;
  curand_init(seeds.first, id, seeds.second, &state);
  for (int i = 4 * id; i < n; i += 4 * blockDim.x * gridDim.x) {
    float4 r = curand_uniform4(&state);
    float keep[4] = {r.x, r.y, r.z, r.w};
    for (int j = 0; j < 4 && i + j < n; j++) {
      mask[i + j] = keep[j] < p;
      out[i + j] = mask[i + j] ? in[i + j] / p : 0.0f;
    }
  }
}
