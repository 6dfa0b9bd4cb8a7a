// template_vec3.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 5 "template_vec3.cu"
template <typename T>
kernel void reverseScale(device const cu2m_mem<T>* in [[buffer(0)]], device cu2m_mem<T>* out [[buffer(1)]], constant cu2m_mem<T>& bias [[buffer(2)]], constant int& n [[buffer(3)]], device unsigned* sizes [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup cu2m_mem<T> tile[64];
  int i = threadIdx.x;
  if (i < n) tile[i] = in[i];
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  const threadgroup cu2m_mem<T> *src = tile + (n - 1 - i);
  if (i < n) {
    T v = *src;
    v.x += bias.x;
    v.z += bias.z;
    device cu2m_mem<T> *dst = out + i;
    *dst = v;
  }
  if (i == 0) sizes[0] = sizeof(cu2m_mem<T>);
}
