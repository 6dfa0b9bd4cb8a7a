#include <cstddef>

struct Params { float scale; int offset; };

// Kernel parameter kinds: const and mutable pointers, scalars of several types, a scalar the
// kernel modifies (copied to a local), size_t (ulong in Metal), float3 buffers (packed_float3)
// and a struct passed by value.
__global__ void params(const int* __restrict__ src, float* dst, float3* points, unsigned int count,
                       size_t stride, long long bias, bool flag, Params p, int steps)
{
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    while (steps > 1) { steps--; }
    // field access: the msl-cpu model cannot copy a whole packed_float3 out of device memory
    float qx = points[i].x, qy = points[i].y;
    dst[i * stride] = (src[i] + p.offset + bias + steps) * p.scale + (flag ? qx : qy);
    points[i].z = 0.0f;
}
