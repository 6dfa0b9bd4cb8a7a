// float2/float4 values and make_* constructors.
__global__ void vectors(const float4* in, float2* out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float4 v = in[i];
    float4 w = make_float4(v.x * 2.0f, v.y + 1.0f, v.z, v.w);
    float2 s = make_float2(w.x + w.y, w.z - w.w);
    int2 k = make_int2(i, -i);
    out[i] = make_float2(s.x + k.x, s.y + k.y);
}

// helper_math.h-style operators: Metal has them built in (warning C2M1013), so they are not emitted.
__device__ float2 operator+(float2 a, float2 b) { return make_float2(a.x + b.x, a.y + b.y); }

__global__ void addVectors(const float2* a, float2* out)
{
    out[threadIdx.x] = a[threadIdx.x] + a[0];
}
