// half.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// __float2half: float → half, round to nearest even (cuda_fp16.h)
inline half __float2half(float x) { return half(x); }
// __hmax: max (a NaN argument gives the other) (cuda_fp16.h)
inline half __hmax(half a, half b) { return fmax(a, b); }
// __floats2half2_rn: (float, float) → half2 (cuda_fp16.h)
inline half2 __floats2half2_rn(float a, float b) { return half2(half(a), half(b)); }
// __hfma2: componentwise fma (cuda_fp16.h)
inline half2 __hfma2(half2 a, half2 b, half2 c) { return fma(a, b, c); }
// __low2half: the low half (cuda_fp16.h)
inline half __low2half(half2 a) { return a.x; }
// __float2half_rz: float → half, round toward zero (cuda_fp16.h)
inline half __float2half_rz(float x) { float f = float(x); half h = half(f); ushort b = as_type<ushort>(h); return abs(float(h)) > abs(f) ? as_type<half>(ushort(b - 1)) : h; }
// __hlt: comparison (false when unordered) (cuda_fp16.h)
inline bool __hlt(half a, half b) { return a < b; }
// __hisnan: NaN test (cuda_fp16.h)
inline bool __hisnan(half a) { return isnan(a); }
// __habs: sign cleared (bit-exact, NaN payload kept) (cuda_fp16.h)
inline half __habs(half a) { return as_type<half>(ushort(as_type<ushort>(a) & 0x7fff)); }
// hsqrt: sqrt of a 16-bit value (cuda_fp16.h)
inline half hsqrt(half a) { return sqrt(a); }
// __high2half: the high half (cuda_fp16.h)
inline half __high2half(half2 a) { return a.y; }
// __hadd: + rounded to the 16-bit type (cuda_fp16.h)
inline half __hadd(half a, half b) { return a + b; }
// __float2half_ru: float → half, round up (cuda_fp16.h)
inline half __float2half_ru(float x) { float f = float(x); half h = half(f); ushort b = as_type<ushort>(h); return float(h) < f ? as_type<half>(ushort(b == 0x8000 ? 0x0001 : (b & 0x8000) ? b - 1 : b + 1)) : h; }
// __half_as_ushort: the bits (cuda_fp16.h)
inline ushort __half_as_ushort(half h) { return as_type<ushort>(h); }
// __low2float: the low (x) half as float (cuda_fp16.h)
inline float __low2float(half2 a) { return float(a.x); }
// __half2float: half → float (exact) (cuda_fp16.h)
inline float __half2float(half h) { return float(h); }
// __half2int_rn: half → int, rounded to nearest even, saturating (NaN → 0) (cuda_fp16.h)
inline int __half2int_rn(half h) { float f = rint(float(h)); return isnan(f) ? int(0) : f <= -2147483648.0f ? INT_MIN : f >= 2147483648.0f ? INT_MAX : int(f); }
// __half2half2: both halves the same (cuda_fp16.h)
inline half2 __half2half2(half a) { return half2(a); }
// __hmul2: componentwise * (cuda_fp16.h)
inline half2 __hmul2(half2 a, half2 b) { return a * b; }
#line 4 "half.cu"
struct Sample {
  half value;
  half2 pair;
};

half2 scale(half2 v, half s) { return __hmul2(v, __half2half2(s)); }

kernel void halves(device const half* in [[buffer(0)]], device const half2* pairs [[buffer(1)]], device const Sample* samples [[buffer(2)]], device half* out [[buffer(3)]], device unsigned short* bits [[buffer(4)]], device float* f [[buffer(5)]], constant int& n [[buffer(6)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  threadgroup half tile[64];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  // cu2metal: a thread that returns early stays alive (cu2m_done), skips the work and still reaches every barrier, as Metal requires
  bool cu2m_done = (i >= n);
  half x;
  if (!cu2m_done) {
    x = in[i];
    tile[threadIdx.x] = __hmax(x, __float2half(0.0f));
  }
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  if (!cu2m_done) {
    half y = tile[(threadIdx.x + 1) % blockDim.x];
    half2 p = scale(pairs[i], y);
    p = __hfma2(p, pairs[i], __floats2half2_rn(1.0f, -1.0f));
    half s = x * y + samples[i].value;
    s += __low2half(samples[i].pair);
    if (__hlt(s, __float2half_rz(2.5f)) || __hisnan(s) == false) s = hsqrt(__habs(s));
    out[i] = __hadd(s, __high2half(p));
    bits[i] = __half_as_ushort(__float2half_ru(f[i]));
    half2 w = simd_shuffle_down(p, ushort(1));
    f[i] = __low2float(w) + __half2float(simd_shuffle_xor(s, ushort(2))) + (float)__half2int_rn(x);
  }
}
