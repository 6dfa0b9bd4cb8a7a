// const T& parameters and locals bound to temporaries and lvalues of every space (src/translate/temporaries.ts):
// pure helpers take them by value, a helper that writes memory keeps a reference per space.
#include <cstdio>
#include <cmath>

template <class T> __device__ inline T biggest(const T &a, const T &b) { return a < b ? b : a; }
__device__ float twice(const float &x) { return 2.0f * x; }

struct Span {
  float lo, hi;
  __device__ Span(float l, float h) : lo(l), hi(h) {}
  __device__ float low() const { return lo; }
};
__device__ Span operator-(const Span &a, Span const &b) { return Span(a.lo - b.hi, a.hi - b.lo); }
__device__ float width(Span const &x) { return x.hi - x.lo; }

// Writes memory: its const reference stays a reference, in the space of each call's argument.
__device__ void addTo(float *out, const float &v) { out[0] += v; }

__global__ void refs(const float *in, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  __shared__ float s[64];
  s[threadIdx.x] = i < n ? in[i] : 0.0f;
  __syncthreads();
  if (i >= n) return;
  float l = in[i], r = in[i] * -3.0f;
  Span sp(l, r);
  const float &m = sp.low();       // a local reference to a temporary
  float const &q = m * 2.0f + 1.0f;
  const float &fromBuffer = in[i]; // a local reference to device memory
  out[i] = biggest(fabsf(l), fabsf(r)) + twice(l + 1.0f) + twice(in[i]) + twice(l)
         + width(Span(l, r) - Span(1.0f, 2.0f)) + biggest(s[threadIdx.x], 0.5f) + m + q + fromBuffer;
  addTo(&out[i], in[i]);
  addTo(&out[i], s[threadIdx.x]);
}
