// shared_accessor.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "shared_accessor.cu"
// The SharedMemory<T> idiom: a type whose conversion (or getter) returns the dynamic shared memory.
/* struct SharedMemory: returns the kernel's dynamic shared memory; kernels use their [[threadgroup(0)]] parameter '__smem' instead (SharedMemory<T>() / its conversion to T*) */
#line 13 "shared_accessor.cu"
/* struct Bytes: returns the kernel's dynamic shared memory; kernels use their [[threadgroup(0)]] parameter 'raw' instead (.get()) */
#line 20 "shared_accessor.cu"
template <class T>
kernel void reduce0(device const T* in [[buffer(0)]], device T* out [[buffer(1)]], constant unsigned int& n [[buffer(2)]], threadgroup int* __smem [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]])
{
    threadgroup T *sdata = (threadgroup T*)__smem;
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
