// MUST FAIL (in the lowering): threadgroup variable at program scope.
#include <metal_stdlib>
using namespace metal;
threadgroup float x[4];
kernel void k(device float* out [[buffer(0)]]) { out[0] = x[0]; }
