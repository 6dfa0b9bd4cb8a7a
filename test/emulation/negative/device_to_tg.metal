// MUST FAIL: assigning a device pointer to a threadgroup pointer.
#include <metal_stdlib>
using namespace metal;
kernel void k(device float* out [[buffer(0)]], threadgroup float* s [[threadgroup(0)]]) {
  threadgroup float* p = s;
  p = out;
  p[0] = 1.0f;
}
