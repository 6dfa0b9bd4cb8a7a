// math_args.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "math_args.cu"
// Float math with integer and struct-field arguments: converted so Metal's half/float overloads
// are never ambiguous (src/translate/function.ts floatArgs).
struct Stats { int steps; unsigned long count; float w; };

kernel void mathArgs(device float* o [[buffer(0)]], device const int* a [[buffer(1)]], device const float* f [[buffer(2)]], constant unsigned long& n [[buffer(3)]], constant Stats& s [[buffer(4)]], constant ulong& z [[buffer(5)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  long big = 5;
  char c = 3;
  bool flag = true;
  o[0] = sqrt(float(n)) + sqrt(float(z)) + log(float(s.steps)) + log(float(s.count)) + log(s.w);
  o[1] = sqrt(float(big)) + sqrt(float(c)) + exp(float(a[0])) + exp(f[0]) + sqrt(float(flag)) + sqrt(float((long)n));
  o[2] = (isnan(float(a[1])) ? 1.f : 0.f) + (isinf(f[1]) ? 1.f : 0.f) + pow(float(2), float(3L)) + sqrt(float(threadIdx.x)) + ldexp(float(n), 3);
}
