// metal_keywords.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 1 "metal_keywords.cu"
// Kernels, types, template parameters and functions named with Metal's keywords or metal::
// function names: `kernel_`, `fragment_`, `length_` in the MSL (their host names too), `sampler_`,
// `device_`/`threadgroup_` in the template heads as in the bodies; the program's own template
// `distance` is called as `::distance`.
struct sampler_ { float weight; };

template <typename device_>
device_ distance(device_ a, device_ b) { return a > b ? a - b : b - a; }

template <int threadgroup_>
kernel void kernel_(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], constant sampler_& s [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  threadgroup float constant_[threadgroup_];
  int vertex_ = blockIdx.x * blockDim.x + threadIdx.x;
  constant_[threadIdx.x] = vertex_ < n ? in[vertex_] : 0.0f;
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  if (vertex_ < n) out[vertex_] = s.weight * ::distance(constant_[threadIdx.x], 1.0f) + threadgroup_;
}
template [[host_name("kernel_128")]] [[kernel]] decltype(kernel_<128>) kernel_<128>;
kernel void fragment_(device int* mesh_ [[buffer(0)]], constant int& n [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int thread_ = blockIdx.x * blockDim.x + threadIdx.x;
  if (thread_ < n) mesh_[thread_] = ::distance(thread_, 10);
}

template <typename T>
kernel void length_(device const cu2m_mem<T>* v [[buffer(0)]], device cu2m_mem<T>* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = ::distance(v[i], T(0));
}
template [[host_name("length_float")]] [[kernel]] decltype(length_<float>) length_<float>;
