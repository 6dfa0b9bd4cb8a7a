// MUST FAIL: a threadgroup pointer passed to a helper taking an unqualified pointer.
#include <metal_stdlib>
using namespace metal;
static float first(float* p) { return p[0]; }
kernel void k(device float* out [[buffer(0)]], threadgroup float* s [[threadgroup(0)]]) {
  out[0] = first(s);
}
