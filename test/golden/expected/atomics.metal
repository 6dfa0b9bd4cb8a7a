// atomics.cu translated to Metal Shading Language by cu2metal 0.1.0.
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
#line 1 "atomics.cu"
// Atomics keep their CUDA names; the prelude defines the overloads Metal can do.
kernel void count(device const int* keys [[buffer(0)]], constant int& n [[buffer(1)]], device unsigned int* bins [[buffer(2)]], device float* total [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  threadgroup unsigned int local[16];
  if (threadIdx.x < 16) local[threadIdx.x] = 0;
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    atomicAdd(&local[keys[i] & 15], 1u);
    atomicAdd(total, 1.0f);
  }
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  if (threadIdx.x < 16) atomicAdd(&bins[threadIdx.x], local[threadIdx.x]);
}
