// Library-style device idioms: Thrust's pair/make_pair/tie and a device_ptr kernel parameter,
// a warpSize default argument, a functor data member called like a function, std::decay_t of a
// forwarding reference, a conditional between a shared and a thread-local struct.
#include <thrust/device_ptr.h>
#include <thrust/pair.h>
#include <thrust/tuple.h>
#include <type_traits>

template <typename T>
__device__ T shfl_down_any(T v, unsigned delta, int width = warpSize) {
  return __shfl_down_sync(0xffffffff, v, delta, width);
}

struct MinMax {
  float lo, hi;
};

template <typename ScaOp>
struct Apply {
  ScaOp scalar_op;
  __device__ float operator()(float x) const { return scalar_op(x) + 1.0f; }
};

struct Twice {
  __device__ float operator()(float x) const { return 2.0f * x; }
};

template <typename ScaOp>
__device__ float apply(float x, ScaOp &&op) {
  Apply<std::decay_t<ScaOp>> a{op};
  return a(x);
}

__device__ thrust::pair<float, int> tagged(float v, int i) { return thrust::make_pair(v, i); }

__global__ void idioms(thrust::device_ptr<const float> in, float *out, int *where, int n) {
  __shared__ MinMax shared[1];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  MinMax local = {0.0f, 1.0f};
  if (threadIdx.x == 0) shared[0] = MinMax{-1.0f, 1.0f};
  __syncthreads();
  MinMax m = (i % 2 == 0) ? shared[0] : local;
  if (i >= n) return;
  float v;
  int at;
  thrust::tie(v, at) = tagged(in[i] * m.hi, i);
  out[i] = apply(shfl_down_any(v, 1), Twice{});
  where[i] = at;
}
