// MUST FAIL: MSL has no double.
#include <metal_stdlib>
using namespace metal;
kernel void k(device float* out [[buffer(0)]]) {
  double d = out[0];
  out[0] = float(d * 2);
}
