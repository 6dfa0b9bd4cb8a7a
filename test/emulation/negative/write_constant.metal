// MUST FAIL: constant memory is read-only.
#include <metal_stdlib>
using namespace metal;
kernel void k(device float* out [[buffer(0)]], constant int& n [[buffer(1)]]) {
  n = 3;
  out[0] = n;
}
