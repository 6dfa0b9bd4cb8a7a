// metal_names.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 7 "metal_names.cu"
struct matrix_ { float m[4]; };
typedef struct { float a, b; } float2x2_;

float max3(float a, float b, float c) { return fmax(a, fmax(b, c)); }
int hadd(int a, int b) { return a + b; }
unsigned int mad24(unsigned int a, unsigned int b, unsigned int c) { return a * b + c; }
float trace2(const thread matrix_& x) { return x.m[0] + x.m[3]; }

kernel void names(device const matrix_* in [[buffer(0)]], device float* out [[buffer(1)]], device int* iout [[buffer(2)]], constant int& n [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        matrix_ t;
        for (int j = 0; j < 4; ++j) t.m[j] = in[i].m[j] * 2.0f;
        float2x2_ p;
        p.a = trace2(t);
        p.b = ::max3(in[i].m[0], 0.5f, in[(i + 1) % n].m[1]);
        out[i] = p.a + p.b;
        iout[i] = ::hadd(i, 1) + (int)::mad24(2u, (unsigned)i, 3u);
    }
}
