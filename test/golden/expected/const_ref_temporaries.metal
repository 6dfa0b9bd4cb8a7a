// const_ref_temporaries.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 6 "const_ref_temporaries.cu"
template <class T>
inline T biggest(const T a, const T b) { return a < b ? b : a; }
#line 7 "const_ref_temporaries.cu"
float twice(const float x) { return 2.0f * x; }

struct Span {
  float lo, hi;
  Span(float l, float h) : lo(l), hi(h) {}
  float low() const { return lo; }
};
Span operator-(const Span a, Span const b) { return Span(a.lo - b.hi, a.hi - b.lo); }
float width(Span const x) { return x.hi - x.lo; }

// Writes memory: its const reference stays a reference, in the space of each call's argument.
void addTo(device float *out, const device float &v) { out[0] += v; }
#line 18 "const_ref_temporaries.cu"
void addTo(device float *out, const threadgroup float &v) { out[0] += v; }

kernel void refs(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  threadgroup float s[64];
  s[threadIdx.x] = i < n ? in[i] : 0.0f;
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  if (i >= n) return;
  float l = in[i], r = in[i] * -3.0f;
  Span sp((l), r);
  const float m = sp.low();       // a local reference to a temporary
  float const q = m * 2.0f + 1.0f;
  const device float &fromBuffer = in[i]; // a local reference to device memory
  out[i] = biggest(fabs(l), fabs(r)) + twice(l + 1.0f) + twice(in[i]) + twice(l)
         + width(Span(l, r) - Span(1.0f, 2.0f)) + biggest(s[threadIdx.x], 0.5f) + m + q + fromBuffer;
  addTo(&out[i], in[i]);
  addTo(&out[i], s[threadIdx.x]);
}
