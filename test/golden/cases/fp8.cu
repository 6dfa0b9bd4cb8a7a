// fp8 (cuda_fp8.h): the classes over device buffers, the raw conversion functions and a pack.
#include <cuda_fp8.h>

__global__ void quantize(const float *in, __nv_fp8_e4m3 *out, float invScale, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = __nv_fp8_e4m3(in[i] * invScale);
}

__global__ void dequantize(const __nv_fp8_e5m2 *in, float *out, float scale, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = float(in[i]) * scale;
}

__global__ void raw(const float2 *in, __nv_fp8x2_storage_t *pairs, unsigned char *bytes, float *back)
{
    int i = threadIdx.x;
    pairs[i] = __nv_cvt_float2_to_fp8x2(in[i], __NV_SATFINITE, __NV_E5M2);
    __nv_fp8_storage_t b = __nv_cvt_float_to_fp8(in[i].x, __NV_NOSAT, __NV_E4M3);
    bytes[i] = b;
    back[i] = __half2float(__nv_cvt_fp8_to_halfraw(b, __NV_E4M3));
}
