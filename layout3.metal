// layout3.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 14 "test/fixtures/layout3/layout3.h"
struct Particle {
  packed_float3 pos;
  int id;
};
#line 7 "test/fixtures/layout3/layout3.cu"
// The idiom of image benchmarks: a byte buffer read as RGB pixels.
kernel void gray(device const unsigned char* rgb [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    uchar3 p = reinterpret_cast<const device packed_uchar3*>(rgb)[i];
    out[i] = 0.25f * p.x + 0.5f * p.y + 0.25f * p.z;
  }
}

float sum3(const thread float3* v) { return v->x + v->y + v->z; }
#line 16 "test/fixtures/layout3/layout3.cu"
float sum3(const device packed_float3* v) { return v->x + v->y + v->z; }

kernel void vectors(device const float* flat [[buffer(0)]], device float* out [[buffer(1)]], device int* sizes [[buffer(2)]], constant int& n [[buffer(3)]], threadgroup packed_float3* dyn [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  threadgroup packed_float3 tile[64];
  /* extern __shared__ dyn[]: kernel parameter [[threadgroup(0)]] */
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  const device packed_float3* v = reinterpret_cast<const device packed_float3*>(flat);
  if (i < n) {
    const device packed_float3* q = v + i;
    tile[threadIdx.x] = *q;
    dyn[threadIdx.x] = (float3)v[i];
  }
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  if (i < n) {
    float3 a = tile[(threadIdx.x + 1) % blockDim.x];
    float3 b = dyn[threadIdx.x];
    out[i] = a.x + a.y + a.z + sum3(&b) + sum3(v + i);
  }
  if (i == 0) {
    sizes[0] = sizeof(packed_float3);
    sizes[1] = alignof(packed_float3);
    sizes[2] = sizeof(packed_uchar3);
    sizes[3] = sizeof(packed_int3);
    sizes[4] = sizeof(Particle);
    sizes[5] = sizeof(packed_short3);
    uint3 d(4, 1, 1);
    sizes[6] = d.x * 100 + d.y * 10 + d.z;
  }
}

kernel void particles(device Particle* ps [[buffer(0)]], device packed_int3* cells [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    Particle p = ps[i];  // the whole struct, out of device memory
    p.pos.x += 1.0f;
    p.id *= 2;
    ps[i] = p;
    int3 c = cells[i];
    cells[i] = int3(c.z, c.y + p.id, c.x);
  }
}
