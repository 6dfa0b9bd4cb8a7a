// shared_hoist.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 1 "shared_hoist.cu"
// __shared__ in __device__ helpers: each kernel that calls a helper declares its threadgroup
// memory and passes it down (by reference) through the helpers in between.
#define WARPS 8

float warpPartials(uint3 threadIdx, threadgroup float (&partial)[WARPS], threadgroup volatile int& ready, float v) {
    /* __shared__ partial: threadgroup parameter, declared by the kernel */
    /* __shared__ ready: threadgroup parameter, declared by the kernel */
    if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = v;
    if (threadIdx.x == 0) ready = 1;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    float s = 0.0f;
    for (int w = 0; w < WARPS; w++) s += partial[w];
    return s + ready;
}

float twice(uint3 threadIdx, threadgroup float (&warpPartials_partial)[WARPS], threadgroup volatile int& warpPartials_ready, float v) { return warpPartials(threadIdx, warpPartials_partial, warpPartials_ready, v) + warpPartials(threadIdx, warpPartials_partial, warpPartials_ready, -v); }

template <typename T, int N>
T rotate(uint3 threadIdx, threadgroup T (&ring)[N], T v) {
    /* __shared__ ring: threadgroup parameter, declared by the kernel */
    ring[threadIdx.x % N] = v;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    return ring[(threadIdx.x + 1) % N];
}

kernel void direct(device float* out [[buffer(0)]], uint3 threadIdx [[thread_position_in_threadgroup]]) { threadgroup float warpPartials_partial[WARPS]; /* __shared__ in warpPartials() */ threadgroup volatile int warpPartials_ready; /* __shared__ in warpPartials() */
    out[threadIdx.x] = warpPartials(threadIdx, warpPartials_partial, warpPartials_ready, out[threadIdx.x]);
}

kernel void chained(device float* out [[buffer(0)]], device int* ids [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]]) { threadgroup float warpPartials_partial[WARPS]; /* __shared__ in warpPartials() */ threadgroup volatile int warpPartials_ready; /* __shared__ in warpPartials() */ threadgroup float rotate_ring[64]; /* __shared__ in rotate() */ threadgroup int rotate_ring_1[32]; /* __shared__ in rotate() */
    threadgroup float own[WARPS];
    own[threadIdx.x % WARPS] = twice(threadIdx, warpPartials_partial, warpPartials_ready, out[threadIdx.x]);
    out[threadIdx.x] = ::rotate<float, 64>(threadIdx, rotate_ring, own[0]);
    ids[threadIdx.x] = ::rotate<int, 32>(threadIdx, rotate_ring_1, ids[threadIdx.x]);
}

template <typename T>
kernel void templated(device cu2m_mem<T>* out [[buffer(0)]], uint3 threadIdx [[thread_position_in_threadgroup]]) { threadgroup T rotate_ring[16]; /* __shared__ in rotate() */
    out[threadIdx.x] = ::rotate<T, 16>(threadIdx, rotate_ring, out[threadIdx.x]);
}
template [[host_name("templated_float")]] [[kernel]] decltype(templated<float>) templated<float>;
