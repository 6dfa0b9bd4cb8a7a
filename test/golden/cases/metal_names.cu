// Names a CUDA program may define that metal:: also has: with `using namespace metal;` calls of
// the program's functions would be ambiguous and its types ambiguous references, on Metal as on
// msl-cpu. Calls are written ::name(...), types renamed name_.
#include <cstdio>
#include <cuda_runtime.h>

struct matrix { float m[4]; };
typedef struct { float a, b; } float2x2;

__device__ float max3(float a, float b, float c) { return fmaxf(a, fmaxf(b, c)); }
__device__ int hadd(int a, int b) { return a + b; }
__device__ unsigned int mad24(unsigned int a, unsigned int b, unsigned int c) { return a * b + c; }
__device__ float trace2(const matrix& x) { return x.m[0] + x.m[3]; }

__global__ void names(const matrix* in, float* out, int* iout, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        matrix t;
        for (int j = 0; j < 4; ++j) t.m[j] = in[i].m[j] * 2.0f;
        float2x2 p;
        p.a = trace2(t);
        p.b = max3(in[i].m[0], 0.5f, in[(i + 1) % n].m[1]);
        out[i] = p.a + p.b;
        iout[i] = hadd(i, 1) + (int)mad24(2u, (unsigned)i, 3u);
    }
}

int main()
{
    const int n = 64;
    matrix h[n];
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < 4; ++j) h[i].m[j] = (float)((i + j) % 5) * 0.25f;
    matrix* in;
    float* out;
    int* iout;
    cudaMalloc(&in, sizeof(h));
    cudaMalloc(&out, n * sizeof(float));
    cudaMalloc(&iout, n * sizeof(int));
    cudaMemcpy(in, h, sizeof(h), cudaMemcpyHostToDevice);
    names<<<2, 32>>>(in, out, iout, n);
    float r[n];
    int ri[n];
    cudaMemcpy(r, out, sizeof(r), cudaMemcpyDeviceToHost);
    cudaMemcpy(ri, iout, sizeof(ri), cudaMemcpyDeviceToHost);
    printf("out[3] = %g, iout[5] = %d\n", r[3], ri[5]);
    return 0;
}
