// Texture uses that cannot be bound to a Metal texture are diagnosed with the line.
#include <cuda_runtime.h>

__global__ void copies(float *out, cudaTextureObject_t tex)
{
    cudaTextureObject_t other = tex;
    out[0] = tex2D<float>(other, 0.5f, 0.5f);
}

__global__ void mixed(float *out, cudaTextureObject_t tex)
{
    out[0] = tex2D<float>(tex, 0.5f, 0.5f) + tex3D<float>(tex, 0.5f, 0.5f, 0.5f);
}

__global__ void cube(float *out, cudaTextureObject_t tex)
{
    out[0] = texCubemap<float>(tex, 1.0f, 0.0f, 0.0f) + tex2DGrad<float>(tex, 0.5f, 0.5f, make_float2(1, 0), make_float2(0, 1));
}

__global__ void unknownValue(float *out, cudaSurfaceObject_t surf)
{
    surf2Dwrite(sqrtf(out[0]), surf, 0, 0);
}

__global__ void wrongKind(float *out, cudaSurfaceObject_t surf)
{
    out[0] = tex2D<float>(surf, 0.5f, 0.5f);
}
