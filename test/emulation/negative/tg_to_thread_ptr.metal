// MUST FAIL: a threadgroup pointer passed to a helper taking a thread pointer.
#include <metal_stdlib>
using namespace metal;
static float first(thread float* p) { return p[0]; }
kernel void k(device float* out [[buffer(0)]], uint3 tid [[thread_position_in_threadgroup]]) {
  threadgroup float tile[16];
  tile[tid.x] = 1.0f;
  out[tid.x] = first(tile);
}
