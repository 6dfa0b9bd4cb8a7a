// shared_accessor.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 1 "shared_accessor.cu"
// The SharedMemory<T> idiom: a type whose conversion (or getter) returns the dynamic shared memory.
/* struct SharedMemory: returns the kernel's dynamic shared memory; kernels use their [[threadgroup(0)]] parameter '__smem' instead (SharedMemory<T>() / its conversion to T*) */
#line 13 "shared_accessor.cu"
/* struct Bytes: returns the kernel's dynamic shared memory; kernels use their [[threadgroup(0)]] parameter 'raw' instead (.get()) */
#line 20 "shared_accessor.cu"
template <class T>
kernel void reduce0(device const cu2m_mem<T>* in [[buffer(0)]], device cu2m_mem<T>* out [[buffer(1)]], constant unsigned int& n [[buffer(2)]], threadgroup int* __smem [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]])
{
    threadgroup cu2m_mem<T> *sdata = (threadgroup cu2m_mem<T>*)__smem;
    unsigned int tid = threadIdx.x;
    sdata[tid] = tid < n ? in[tid] : 0;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    if (tid == 0) out[blockIdx.x] = sdata[0] + sdata[1];
}
kernel void viaVariables(device unsigned int* data [[buffer(0)]], threadgroup int* __smem [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    /* SharedMemory<unsigned int> smem: the kernel's dynamic threadgroup memory */
    /* Bytes bytes: the kernel's dynamic threadgroup memory */
    threadgroup unsigned int *words = (threadgroup unsigned int*)__smem;
    threadgroup unsigned char *b = (threadgroup unsigned char*)__smem;
    words[threadIdx.x] = data[threadIdx.x];
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    data[threadIdx.x] = b[threadIdx.x];
}
