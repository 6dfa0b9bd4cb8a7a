// textures.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 4 "textures.cu"
// Texture objects passed to device functions take their sampler along.
template <int i>
float taps(float x, float y, texture2d<float, access::sample> t, sampler t_smp)
{
    return t.sample(t_smp, float2(x + (float)i, y)).x + taps<i - 1>(x, y, t, t_smp);
}
#line 9 "textures.cu"
template <>
float taps<-1>(float x, float y, texture2d<float, access::sample> t, sampler t_smp) { return 0; }
float4 bilinear(texture2d<float, access::sample> t, sampler t_smp, float x, float y) { return t.sample(t_smp, float2(x, y)) * 0.5f; }

kernel void helpers(device float* out [[buffer(0)]], device float4* rgba [[buffer(1)]], texture2d<float, access::sample> gray [[texture(0)]], sampler gray_smp [[sampler(0)]], texture2d<float, access::sample> color [[texture(1)]], sampler color_smp [[sampler(1)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    out[threadIdx.x] = taps<2>(threadIdx.x, 0.5f, gray, gray_smp);
    rgba[threadIdx.x] = bilinear(color, color_smp, threadIdx.x, 0.5f);
}

kernel void sampleKinds(device float* out [[buffer(0)]], device float4* rgba [[buffer(1)]], device uchar4* bytes [[buffer(2)]], constant int& n [[buffer(3)]], texture2d<float, access::sample> tex2 [[texture(0)]], sampler tex2_smp [[sampler(0)]], texture2d<float, access::sample> texRGBA [[texture(1)]], sampler texRGBA_smp [[sampler(1)]], texture2d<uint, access::sample> texBytes [[texture(2)]], sampler texBytes_smp [[sampler(2)]], texture3d<float, access::sample> tex3 [[texture(3)]], sampler tex3_smp [[sampler(3)]], texture2d_array<float, access::sample> layers [[texture(4)]], sampler layers_smp [[sampler(4)]], texture1d<float, access::sample> line [[texture(5)]], sampler line_smp [[sampler(5)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float u = i * 0.25f;
    out[i] = tex2.sample(tex2_smp, float2(u, 0.5f)).x + tex3.sample(tex3_smp, float3(u, u, 1.0f)).x +
             layers.sample(layers_smp, float2(u, 0.5f), uint(i % 3)).x + line.sample(line_smp, u).xy.y;
    rgba[i] = texRGBA.sample(texRGBA_smp, float2(u, 0.5f));
    bytes[i] = uchar4(texBytes.sample(texBytes_smp, float2(u, 0.5f)));
}
#line 32 "textures.cu"
kernel void fetches(device int* out [[buffer(0)]], device unsigned short* half_ [[buffer(1)]], constant int& n [[buffer(2)]], texture_buffer<int> ints [[texture(0)]], texture_buffer<uint> shorts [[texture(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = ints.read(uint(i)).x;
        half_[i] = ushort(shorts.read(uint(n - i)).x);
    }
}

kernel void surfaces(device const float* in [[buffer(0)]], constant int& w [[buffer(1)]], constant int& h [[buffer(2)]], texture2d<float, access::read_write> dst [[texture(0)]], texture2d<uint, access::read_write> colors [[texture(1)]], texture3d<float, access::read_write> vol [[texture(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h) {
        float v = dst.read(uint2((x * 4) / 4, y)).x;
        dst.write(float4(in[y * w + x] + v), uint2((x * sizeof(float)) / 4, y));
        colors.write(uint4(uchar4(x, y, 0, 255)), uint2((x * 4) / 4, y));
        vol.write(float4(float2(v, 1.0f), 0, 0), uint3((x * 8) / 8, y, 2));
    }
}


kernel void cubesAndGathers(device float* out [[buffer(0)]], device float4* g [[buffer(1)]], constant int& comp [[buffer(2)]], texturecube<float, access::sample> sky [[texture(0)]], sampler sky_smp [[sampler(0)]], texturecube_array<float, access::sample> skies [[texture(1)]], sampler skies_smp [[sampler(1)]], texture2d<float, access::sample> img [[texture(2)]], sampler img_smp [[sampler(2)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    int i = threadIdx.x;
    float a = i * 0.5f - 1.0f;
    out[i] = sky.sample(sky_smp, float3(a, 1.0f, -a)).x + skies.sample(skies_smp, float3(1.0f, a, 0.0f), uint(i % 2)).x +
             img.sample(img_smp, float2(a, 0.5f), level(1.0f)).x + img.sample(img_smp, float2(a, 0.5f), gradient2d(float2(1, 0), float2(0, 1))).x;
    g[i] = img.gather(img_smp, float2(a, 0.5f), int2(0), component::y) + ((comp) == 1 ? img.gather(img_smp, float2(a, 0.5f), int2(0), component::y) : (comp) == 2 ? img.gather(img_smp, float2(a, 0.5f), int2(0), component::z) : (comp) == 3 ? img.gather(img_smp, float2(a, 0.5f), int2(0), component::w) : img.gather(img_smp, float2(a, 0.5f), int2(0), component::x));
}
