// lambdas.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// cu2m_mem<T>: T as CUDA lays it out in memory (kernel templates): packed_float3 for float3, T otherwise
template <typename T> struct cu2m_mem_of { typedef T type; };
template <> struct cu2m_mem_of<float3> { typedef packed_float3 type; };
template <> struct cu2m_mem_of<int3> { typedef packed_int3 type; };
template <> struct cu2m_mem_of<uint3> { typedef packed_uint3 type; };
template <> struct cu2m_mem_of<short3> { typedef packed_short3 type; };
template <> struct cu2m_mem_of<ushort3> { typedef packed_ushort3 type; };
template <> struct cu2m_mem_of<char3> { typedef packed_char3 type; };
template <> struct cu2m_mem_of<uchar3> { typedef packed_uchar3 type; };
template <typename T> using cu2m_mem = typename cu2m_mem_of<T>::type;
#line 1 "lambdas.cu"
// Lambdas in device code become functor structs before their function (src/translate/lambdas.ts).
/* __constant__ c_scale: buffer parameter of the kernels that use it */

template <class F>
float applyTwice(F f, float x) { return f(f(x)); }

#line 11 "lambdas.cu"
struct lambdas_lambda_1 { thread int& count; auto operator()(int by) const { count += by; } };
#line 12 "lambdas.cu"
struct lambdas_lambda_2 { float bias; int count; auto operator()(float v) const { return v + bias + count; } };
#line 13 "lambdas.cu"
struct lambdas_lambda_3 { uint3 threadIdx; auto operator()(float v) const { return simd_shuffle_xor(v, ushort(1)) + threadIdx.x; } };
#line 14 "lambdas.cu"
struct lambdas_lambda_4 { threadgroup float (&tile)[64]; constant float* c_scale; float operator()(int j) const { return tile[j % 64] * c_scale[0]; } };
#line 15 "lambdas.cu"
struct lambdas_lambda_5 { template <typename T0, typename T1> auto operator()(T0 a, T1 b) const { return a + b; } };
#line 19 "lambdas.cu"
struct lambdas_lambda_6 { float bias; auto operator()(float v) const { return v * bias; } };
#line 7 "lambdas.cu"
kernel void lambdas(device float* p [[buffer(0)]], constant int& n [[buffer(1)]], constant float* c_scale [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup float tile[64];
  int count = 0;
  float bias = 0.5f;
  auto bump = lambdas_lambda_1{count};             // by reference: a thread reference member
  auto shift = lambdas_lambda_2{bias, count}; // by value: copies
  auto lane = lambdas_lambda_3{threadIdx}; // built-in: a member too
  auto read = lambdas_lambda_4{tile, c_scale};
  auto add = lambdas_lambda_5{};        // generic: a template operator()
  tile[threadIdx.x] = p[threadIdx.x];
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  bump(2);
  p[threadIdx.x] = shift(read(threadIdx.x)) + lane(p[0]) + applyTwice(lambdas_lambda_6{bias}, 2.0f) + add(1, 2);
}
#line 22 "lambdas.cu"
template <typename T>
#line 24 "lambdas.cu"
struct scaled_lambda_1 { T s; auto operator()(T v) const { return v * s; } };
template <typename T>
#line 23 "lambdas.cu"
kernel void scaled(device cu2m_mem<T>* p [[buffer(0)]], constant cu2m_mem<T>& s [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  auto mul = scaled_lambda_1<T>{s};
  p[threadIdx.x] = mul(p[threadIdx.x]);
}
#line 28 "lambdas.cu"
#line 31 "lambdas.cu"
struct pointersAndConstants_lambda_1 { template <typename T0, typename T1> auto operator()(T0 dst, T1 src, int i) const { dst[i] = src[i]; } };
#line 32 "lambdas.cu"
struct pointersAndConstants_lambda_2 { auto operator()(const device float *q) const { constexpr int N = 4; float a[N]; for (int j = 0; j < N; j++) a[j] = q[j]; return a[0]; } };
#line 28 "lambdas.cu"
kernel void pointersAndConstants(device float* p [[buffer(0)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  constexpr int N = 4;
  threadgroup float t[32];
  auto copy = pointersAndConstants_lambda_1{}; // spaces from the calls: a template
  auto first = pointersAndConstants_lambda_2{}; // N: a constant
  copy(t, p, threadIdx.x);
  copy(p, t, threadIdx.x);
  p[0] = first(p);
}
