// Texture and surface objects: Metal textures + samplers (src/translate/textures.ts).
#include <cuda_runtime.h>

// Texture objects passed to device functions take their sampler along.
template <int i> __device__ float taps(float x, float y, cudaTextureObject_t t)
{
    return tex2D<float>(t, x + (float)i, y) + taps<i - 1>(x, y, t);
}
template <> __device__ float taps<-1>(float x, float y, cudaTextureObject_t t) { return 0; }

__device__ float4 bilinear(const cudaTextureObject_t t, float x, float y) { return tex2D<float4>(t, x, y) * 0.5f; }

__global__ void helpers(float *out, float4 *rgba, cudaTextureObject_t gray, cudaTextureObject_t color)
{
    out[threadIdx.x] = taps<2>(threadIdx.x, 0.5f, gray);
    rgba[threadIdx.x] = bilinear(color, threadIdx.x, 0.5f);
}

__global__ void sampleKinds(float *out, float4 *rgba, uchar4 *bytes, int n, cudaTextureObject_t tex2,
                            cudaTextureObject_t texRGBA, cudaTextureObject_t texBytes, cudaTextureObject_t tex3,
                            cudaTextureObject_t layers, cudaTextureObject_t line)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float u = i * 0.25f;
    out[i] = tex2D<float>(tex2, u, 0.5f) + tex3D<float>(tex3, u, u, 1.0f) +
             tex2DLayered<float>(layers, u, 0.5f, i % 3) + tex1D<float2>(line, u).y;
    rgba[i] = tex2D<float4>(texRGBA, u, 0.5f);
    bytes[i] = tex2D<uchar4>(texBytes, u, 0.5f);
}

__global__ void fetches(int *out, unsigned short *half, int n, cudaTextureObject_t ints, cudaTextureObject_t shorts)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = tex1Dfetch<int>(ints, i);
        half[i] = tex1Dfetch<unsigned short>(shorts, n - i);
    }
}

__global__ void surfaces(const float *in, int w, int h, cudaSurfaceObject_t dst, cudaSurfaceObject_t colors,
                         cudaSurfaceObject_t vol)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h) {
        float v = surf2Dread<float>(dst, x * 4, y);
        surf2Dwrite(in[y * w + x] + v, dst, x * sizeof(float), y, cudaBoundaryModeZero);
        surf2Dwrite<uchar4>(make_uchar4(x, y, 0, 255), colors, x * 4, y);
        surf3Dwrite(make_float2(v, 1.0f), vol, x * 8, y, 2);
    }
}

__global__ void cubesAndGathers(float *out, float4 *g, int comp, cudaTextureObject_t sky, cudaTextureObject_t skies,
                                cudaTextureObject_t img)
{
    int i = threadIdx.x;
    float a = i * 0.5f - 1.0f;
    out[i] = texCubemap<float>(sky, a, 1.0f, -a) + texCubemapLayered<float>(skies, 1.0f, a, 0.0f, i % 2) +
             tex2DLod<float>(img, a, 0.5f, 1.0f) + tex2DGrad<float>(img, a, 0.5f, make_float2(1, 0), make_float2(0, 1));
    g[i] = tex2Dgather<float4>(img, a, 0.5f, 1) + tex2Dgather<float4>(img, a, 0.5f, comp);
}
