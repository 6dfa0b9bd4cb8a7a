// Hand-written MSL in the shape the CUDA→MSL translator emits (cf. kernels.cu): the msl-cpu
// emulation test compiles it, after lowering, against native/cpu/msl/metal_stdlib.
#include <metal_stdlib>
using namespace metal;

// A helper taking threadgroup memory (allowed in helpers).
static float tile_at(threadgroup float (*tile)[17], uint r, uint c) { return tile[r][c]; }
static float sq(thread float& v) { return v * v; }

kernel void vecAdd(device const float* A [[buffer(0)]], device const float* B [[buffer(1)]],
                   device float* C [[buffer(2)]], constant int& numElements [[buffer(3)]],
                   uint3 blockIdx [[threadgroup_position_in_grid]],
                   uint3 blockDim [[threads_per_threadgroup]],
                   uint3 threadIdx [[thread_position_in_threadgroup]]) {
  int i = blockDim.x * blockIdx.x + threadIdx.x;
  if (i < numElements) {
    C[i] = A[i] + B[i];
  }
}

// out (w x h) = transpose of in (h x w), through a 16x16 tile.
kernel void transposeTile(device float* out [[buffer(0)]], device const float* in [[buffer(1)]],
                          constant int& w [[buffer(2)]], constant int& h [[buffer(3)]],
                          uint3 blockIdx [[threadgroup_position_in_grid]],
                          uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup float tile[16][17];
  uint x = blockIdx.x * 16 + threadIdx.x;
  uint y = blockIdx.y * 16 + threadIdx.y;
  if (x < uint(w) && y < uint(h)) tile[threadIdx.y][threadIdx.x] = in[y * w + x];
  threadgroup_barrier(mem_flags::mem_threadgroup);
  x = blockIdx.y * 16 + threadIdx.x;
  y = blockIdx.x * 16 + threadIdx.y;
  if (x < uint(h) && y < uint(w)) out[y * h + x] = tile_at(tile, threadIdx.x, threadIdx.y);
}

// Per-block sum through dynamic threadgroup memory.
kernel void reduceDyn(device const float* in [[buffer(0)]], device float* out [[buffer(1)]],
                      threadgroup float* s [[threadgroup(0)]],
                      uint3 blockIdx [[threadgroup_position_in_grid]],
                      uint3 blockDim [[threads_per_threadgroup]],
                      uint3 threadIdx [[thread_position_in_threadgroup]]) {
  uint tid = threadIdx.x;
  s[tid] = in[blockIdx.x * blockDim.x + tid];
  threadgroup_barrier(mem_flags::mem_threadgroup);
  for (uint stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    threadgroup_barrier(mem_flags::mem_threadgroup);
  }
  if (tid == 0) out[blockIdx.x] = s[0];
}

// Math, vector constructors, packed vectors, device/threadgroup atomics.
kernel void mathMix(device const float* x [[buffer(0)]], device float* y [[buffer(1)]],
                    device uint* hist [[buffer(2)]], device uint* bigCount [[buffer(3)]],
                    device float* fsum [[buffer(4)]], device const packed_float3* pts [[buffer(5)]],
                    device packed_float3* outPts [[buffer(6)]], constant int& n [[buffer(7)]],
                    uint3 blockIdx [[threadgroup_position_in_grid]],
                    uint3 blockDim [[threads_per_threadgroup]],
                    uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup atomic_uint tgCount;
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (threadIdx.x == 0) atomic_store_explicit(&tgCount, 0u, memory_order_relaxed);
  threadgroup_barrier(mem_flags::mem_threadgroup);
  if (i < n) {
    float v = x[i];
    float4 q = float4(v, float2(1.0f, 2.0f), 3.0f);
    float r = clamp(sqrt(v) * 0.5f + sin(v), 0.0f, 10.0f) + dot(q, float4(1.0f));
    y[i] = r + sq(v) * 0.0f;
    int bin = int(v) % 8;
    atomic_fetch_add_explicit((device atomic_uint*)&hist[bin], 1u, memory_order_relaxed);
    atomic_fetch_add_explicit((device atomic_float*)&fsum[0], v, memory_order_relaxed);
    if (v > 5.0f) atomic_fetch_add_explicit(&tgCount, 1u, memory_order_relaxed);
    float3 p = float3(pts[i]);
    float3 o = normalize(p) * length(p) + float3(1.0f);
    outPts[i].x = o.x;
    outPts[i].y = o.y;
    outPts[i].z = o.z;
  }
  threadgroup_barrier(mem_flags::mem_threadgroup);
  if (threadIdx.x == 0) bigCount[blockIdx.x] = atomic_load_explicit(&tgCount, memory_order_relaxed);
}
