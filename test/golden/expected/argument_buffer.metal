// argument_buffer.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// atomicAdd (CUDA) on Metal atomics, relaxed order; returns the old value. int/unsigned: atomic_fetch_add; float: atomic_float in device memory, a CAS loop in threadgroup memory.
inline int atomicAdd(device int* p, int v) { return atomic_fetch_add_explicit((device atomic_int*)p, v, memory_order_relaxed); }
inline int atomicAdd(threadgroup int* p, int v) { return atomic_fetch_add_explicit((threadgroup atomic_int*)p, v, memory_order_relaxed); }
inline uint atomicAdd(device uint* p, uint v) { return atomic_fetch_add_explicit((device atomic_uint*)p, v, memory_order_relaxed); }
inline uint atomicAdd(threadgroup uint* p, uint v) { return atomic_fetch_add_explicit((threadgroup atomic_uint*)p, v, memory_order_relaxed); }
inline float atomicAdd(device float* p, float v) { return atomic_fetch_add_explicit((device atomic_float*)p, v, memory_order_relaxed); }
inline float atomicAdd(threadgroup float* p, float v) {
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    float old_ = as_type<float>(seen);
    if (atomic_compare_exchange_weak_explicit(a, &seen, as_type<uint>(float(old_ + v)), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
#line 5 "argument_buffer.cu"
struct Coeffs {
    float gain;
    int shift;
};

/* __device__ d_calls: buffer parameter of the kernels that use it */

// kernel mix: 38 buffers, more than Metal's 31: its 37 parameters in one argument buffer
struct cu2m_mix_args {
  device float* a0; // float* __restrict__ a0
  device float* a1; // float* __restrict__ a1
  device float* a2; // float* __restrict__ a2
  device float* a3; // float* __restrict__ a3
  device float* a4; // float* __restrict__ a4
  device float* a5; // float* __restrict__ a5
  device float* a6; // float* __restrict__ a6
  device float* a7; // float* __restrict__ a7
  device float* b0; // float* __restrict__ b0
  device float* b1; // float* __restrict__ b1
  device float* b2; // float* __restrict__ b2
  device float* b3; // float* __restrict__ b3
  device float* b4; // float* __restrict__ b4
  device float* b5; // float* __restrict__ b5
  device float* b6; // float* __restrict__ b6
  device float* b7; // float* __restrict__ b7
  device float* c0; // float* __restrict__ c0
  device float* c1; // float* __restrict__ c1
  device float* c2; // float* __restrict__ c2
  device float* c3; // float* __restrict__ c3
  device float* c4; // float* __restrict__ c4
  device float* c5; // float* __restrict__ c5
  device float* c6; // float* __restrict__ c6
  device float* c7; // float* __restrict__ c7
  device float* d0; // float* __restrict__ d0
  device float* d1; // float* __restrict__ d1
  device float* d2; // float* __restrict__ d2
  device float* d3; // float* __restrict__ d3
  device float* d4; // float* __restrict__ d4
  device float* d5; // float* __restrict__ d5
  device float* d6; // float* __restrict__ d6
  device float* d7; // float* __restrict__ d7
  device const float* src; // const float* __restrict__ src
  int n; // int n
  float alpha; // float alpha
  short beta; // short beta
  Coeffs co; // Coeffs co
};
#line 12 "argument_buffer.cu"
kernel void mix(constant cu2m_mix_args& cu2m_args [[buffer(0)]], device unsigned int& d_calls [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
  device float* a0 = cu2m_args.a0;
  device float* a1 = cu2m_args.a1;
  device float* a2 = cu2m_args.a2;
  device float* a3 = cu2m_args.a3;
  device float* a4 = cu2m_args.a4;
  device float* a5 = cu2m_args.a5;
  device float* a6 = cu2m_args.a6;
  device float* a7 = cu2m_args.a7;
  device float* b0 = cu2m_args.b0;
  device float* b1 = cu2m_args.b1;
  device float* b2 = cu2m_args.b2;
  device float* b3 = cu2m_args.b3;
  device float* b4 = cu2m_args.b4;
  device float* b5 = cu2m_args.b5;
  device float* b6 = cu2m_args.b6;
  device float* b7 = cu2m_args.b7;
  device float* c0 = cu2m_args.c0;
  device float* c1 = cu2m_args.c1;
  device float* c2 = cu2m_args.c2;
  device float* c3 = cu2m_args.c3;
  device float* c4 = cu2m_args.c4;
  device float* c5 = cu2m_args.c5;
  device float* c6 = cu2m_args.c6;
  device float* c7 = cu2m_args.c7;
  device float* d0 = cu2m_args.d0;
  device float* d1 = cu2m_args.d1;
  device float* d2 = cu2m_args.d2;
  device float* d3 = cu2m_args.d3;
  device float* d4 = cu2m_args.d4;
  device float* d5 = cu2m_args.d5;
  device float* d6 = cu2m_args.d6;
  device float* d7 = cu2m_args.d7;
  device const float* src = cu2m_args.src;
  int n = cu2m_args.n;
  float alpha = cu2m_args.alpha;
  short beta = cu2m_args.beta;
  Coeffs co = cu2m_args.co;
#line 17 "argument_buffer.cu"

    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = src[i] * alpha + (float)beta + co.shift;
    a0[i] = v; b0[i] = v * co.gain; c0[i] = -v; d7[i] = v + 1.0f;
    if (i == 0) atomicAdd(&d_calls, 1u);
}
#line 25 "argument_buffer.cu"
// Within the limit: one [[buffer(i)]] per parameter, as always.
kernel void copy(device const float* src [[buffer(0)]], device float* dst [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) dst[i] = src[i];
}
