// MUST FAIL: MSL forbids goto.
#include <metal_stdlib>
using namespace metal;
kernel void k(device float* out [[buffer(0)]]) {
  if (out[0] > 0.0f) goto done;
  out[0] = 1.0f;
done:
  out[1] = 2.0f;
}
