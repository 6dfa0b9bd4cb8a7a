// cuda_fp16.h in device code: types, conversions, intrinsics, operators, shared memory, shuffles.
#include <cuda_fp16.h>

struct Sample {
  __half value;
  __half2 pair;
};

__device__ __half2 scale(__half2 v, __half s) { return __hmul2(v, __half2half2(s)); }

__global__ void halves(const __half* in, const __half2* pairs, const Sample* samples, __half* out,
                       unsigned short* bits, float* f, int n) {
  __shared__ __half tile[64];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __half x = in[i];
  tile[threadIdx.x] = __hmax(x, __float2half(0.0f));
  __syncthreads();
  __half y = tile[(threadIdx.x + 1) % blockDim.x];
  __half2 p = scale(pairs[i], y);
  p = __hfma2(p, pairs[i], __floats2half2_rn(1.0f, -1.0f));
  __half s = x * y + samples[i].value;
  s += __low2half(samples[i].pair);
  if (__hlt(s, __float2half_rz(2.5f)) || __hisnan(s) == false) s = hsqrt(__habs(s));
  out[i] = __hadd(s, __high2half(p));
  bits[i] = __half_as_ushort(__float2half_ru(f[i]));
  __half2 w = __shfl_down_sync(0xffffffff, p, 1);
  f[i] = __low2float(w) + __half2float(__shfl_xor_sync(0xffffffff, s, 2)) + (float)__half2int_rn(x);
}
