// const_ref_materialise.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 5 "const_ref_materialise.cu"
struct Pair { float a, b; };

float accumulate(device float *out, const thread Pair &p) { const thread Pair *q = &p; out[0] += q->a * p.b; return p.a; }
bool store(device float *out, const thread float &v) { out[1] = v * 2.0f; return v > 0.0f; }

kernel void materialise(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& n [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  int i = threadIdx.x;
  Pair local = {in[0], 2.0f};
  Pair cu2m_tmp0; float r = accumulate(out, (cu2m_tmp0 = Pair{in[1], 3.0f}, cu2m_tmp0)) + accumulate(out, local);
  float cu2m_tmp1; if (i < n && store(out + 2 * i, (cu2m_tmp1 = in[i] * 2.0f, cu2m_tmp1))) r += 1.0f;
  float cu2m_tmp2; if (i == 0)
    store(out, (cu2m_tmp2 = r + 1.0f, cu2m_tmp2));
  float cu2m_tmp3; for (int k = 0; k < 2; k++) store(out + k, (cu2m_tmp3 = in[k] - 1.0f, cu2m_tmp3));
}
