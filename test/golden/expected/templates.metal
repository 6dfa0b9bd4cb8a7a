// templates.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 6 "templates.cu"
template <typename T>
struct Pair {
    T lo, hi;
};

template <typename T>
T span(Pair<T> p) { return p.hi - p.lo; }

// A device function template taking pointers: instantiated per address space by Metal.
template <typename T>
void swapIfGreater(threadgroup T *a, threadgroup T *b)
{
    if (*a > *b) { T t = *a; *a = *b; *b = t; }
}

template <typename T>
inline T twice(T x) { return x + x; }

template <typename T, unsigned int BLOCK>
kernel void sortPairs(device cu2m_mem<T>* data [[buffer(0)]], device Pair<T>* ranges [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]])
{
    threadgroup cu2m_mem<T> tile[BLOCK];
    int i = blockIdx.x * BLOCK + threadIdx.x;
    tile[threadIdx.x] = i < n ? data[i] : (T)0;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    if (threadIdx.x % 2 == 0 && threadIdx.x + 1 < BLOCK) swapIfGreater(&tile[threadIdx.x], &tile[threadIdx.x + 1]);
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    if (i < n) data[i] = tile[threadIdx.x];
    if (threadIdx.x == 0) {
        Pair<T> r; // (a struct copied out of device memory: not yet on msl-cpu)
        r.lo = ranges[blockIdx.x].lo;
        r.hi = ranges[blockIdx.x].hi;
        ranges[blockIdx.x].hi = twice<T>(span(r));
    }
}
template [[host_name("sortPairs_float_128")]] [[kernel]] decltype(sortPairs<float, 128>) sortPairs<float, 128>;
template [[host_name("sortPairs_int_64")]] [[kernel]] decltype(sortPairs<int, 64>) sortPairs<int, 64>;
#line 42 "templates.cu"
template <bool CLAMP>
kernel void relu(device float* x [[buffer(0)]], constant int& n [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    if constexpr (CLAMP) x[i] = fmin(fmax(x[i], 0.0f), 1.0f);
    else x[i] = fmax(x[i], 0.0f);
}
template [[host_name("relu_true")]] [[kernel]] decltype(relu<true>) relu<true>;
template [[host_name("relu_false")]] [[kernel]] decltype(relu<false>) relu<false>;
