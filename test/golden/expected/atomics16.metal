// atomics16.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// __float2half: float → half, round to nearest even (cuda_fp16.h)
inline half __float2half(float x) { return half(x); }
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
// atomicAdd (CUDA) on half and half2: Metal has no 16-bit atomics, so a compare-exchange loop on the aligned 32-bit word that holds the value changes only its half-word (a pair fills its word); the sum is rounded to nearest even, as CUDA rounds it. Returns the old value.
inline half atomicAdd(device half* p, half v) {
  uint sh = uint(reinterpret_cast<ulong>(p) & 2ul) * 8u; // 0: the low half-word of its word, 16: the high one
  device atomic_uint* a = (device atomic_uint*)((device uchar*)p - sh / 8u);
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    half old_ = as_type<half>(ushort(seen >> sh));
    uint next = (seen & ~(0xffffu << sh)) | (uint(as_type<ushort>(half(old_ + v))) << sh);
    if (atomic_compare_exchange_weak_explicit(a, &seen, next, memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline half atomicAdd(threadgroup half* p, half v) {
  uint sh = uint(reinterpret_cast<ulong>(p) & 2ul) * 8u; // 0: the low half-word of its word, 16: the high one
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)((threadgroup uchar*)p - sh / 8u);
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    half old_ = as_type<half>(ushort(seen >> sh));
    uint next = (seen & ~(0xffffu << sh)) | (uint(as_type<ushort>(half(old_ + v))) << sh);
    if (atomic_compare_exchange_weak_explicit(a, &seen, next, memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline half2 atomicAdd(device half2* p, half2 v) {
  device atomic_uint* a = (device atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    half2 old_ = as_type<half2>(seen);
    if (atomic_compare_exchange_weak_explicit(a, &seen, as_type<uint>(half2(old_ + v)), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline half2 atomicAdd(threadgroup half2* p, half2 v) {
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    half2 old_ = as_type<half2>(seen);
    if (atomic_compare_exchange_weak_explicit(a, &seen, as_type<uint>(half2(old_ + v)), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
// __halves2half2: (low, high) → half2 (cuda_fp16.h)
inline half2 __halves2half2(half a, half b) { return half2(a, b); }
// atomicCAS (CUDA) on Metal atomics, relaxed order; returns the old value. weak compare-exchange in a loop; returns the value it found (the old value), as CUDA does.
inline int atomicCAS(device int* p, int c, int v) {
  device atomic_int* a = (device atomic_int*)p;
  int seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    int old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, int(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline int atomicCAS(threadgroup int* p, int c, int v) {
  threadgroup atomic_int* a = (threadgroup atomic_int*)p;
  int seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    int old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, int(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline uint atomicCAS(device uint* p, uint c, uint v) {
  device atomic_uint* a = (device atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    uint old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, uint(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline uint atomicCAS(threadgroup uint* p, uint c, uint v) {
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    uint old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, uint(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
// atomicCAS (CUDA) on ushort: Metal has no 16-bit atomics, so a compare-exchange loop on the aligned 32-bit word that holds the value changes only its half-word; returns at once with the value found when it differs from c. Returns the old value.
inline ushort atomicCAS(device ushort* p, ushort c, ushort v) {
  uint sh = uint(reinterpret_cast<ulong>(p) & 2ul) * 8u; // 0: the low half-word of its word, 16: the high one
  device atomic_uint* a = (device atomic_uint*)((device uchar*)p - sh / 8u);
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    ushort old_ = ushort(seen >> sh);
    if (old_ != c) return old_;
    uint next = (seen & ~(0xffffu << sh)) | (uint(ushort(v)) << sh);
    if (atomic_compare_exchange_weak_explicit(a, &seen, next, memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline ushort atomicCAS(threadgroup ushort* p, ushort c, ushort v) {
  uint sh = uint(reinterpret_cast<ulong>(p) & 2ul) * 8u; // 0: the low half-word of its word, 16: the high one
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)((threadgroup uchar*)p - sh / 8u);
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    ushort old_ = ushort(seen >> sh);
    if (old_ != c) return old_;
    uint next = (seen & ~(0xffffu << sh)) | (uint(ushort(v)) << sh);
    if (atomic_compare_exchange_weak_explicit(a, &seen, next, memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
#line 4 "atomics16.cu"
typedef half real16;

unsigned short claim(threadgroup unsigned short* slot, unsigned short mine) {
  return atomicCAS(slot, (unsigned short)0, mine);
}
#line 6 "atomics16.cu"
unsigned short claim(device unsigned short* slot, unsigned short mine) {
  return atomicCAS(slot, (unsigned short)0, mine);
}

kernel void accumulate(device const real16* x [[buffer(0)]], constant int& n [[buffer(1)]], device real16* sum [[buffer(2)]], device half2* pairs [[buffer(3)]], device unsigned short* owner [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  threadgroup real16 partial[2];
  threadgroup unsigned short first[2];
  if (threadIdx.x < 2) { partial[threadIdx.x] = __float2half(0.0f); first[threadIdx.x] = 0; }
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    real16 old = atomicAdd(&partial[i & 1], x[i]);
    atomicAdd(&pairs[i % 4], __halves2half2(x[i], old));
    claim(&first[i & 1], (unsigned short)(threadIdx.x + 1));
  }
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  if (threadIdx.x < 2) {
    atomicAdd(&sum[threadIdx.x], partial[threadIdx.x]);
    claim(&owner[blockIdx.x * 2 + threadIdx.x], first[threadIdx.x]);
  }
}
